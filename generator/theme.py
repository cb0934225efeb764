"""The adapter between our pages and Material for MkDocs' templates.

Material is loaded through MkDocs' public theme API and rendered with a
context that satisfies the MkDocs template contract (`config`, `page`, `nav`,
`base_url`). This is the only module that imports mkdocs; swapping the theme
means rewriting this file and the templates, nothing else.

Markup that many pages share (Material's layout, header, footer, navigation, tables
of contents of one shape) is rendered once, with stand-ins for each page's own
values (see stand_ins.py).

MkDocs builds the Jinja environment with autoescape off. We turn it on: every
string a template prints is escaped unless it is `Markup` (sanitized
Markdown), so a `<script>` typed into a title shows as text.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import itertools
import logging
import os
import posixpath
import traceback
import uuid
from urllib.parse import urlsplit
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import mkdocs
import yaml
from markupsafe import Markup, escape
from mkdocs.theme import Theme
from mkdocs.utils import normalize_url

from .dates import PlanDate, format_day, format_moment
from .installed import builtin_theme_dir, material_version
from .labels import labels_for
from .problems import ThemeError
from .stand_ins import (Layout, headings, layout_stand_in, plain, slot, stand_in, toc_key,
                        toc_shape, toc_stand_in)
from .template_deps import TemplateDigests

__all__ = ["AttrDict", "NavItem", "PageView", "ThemeAdapter", "theme_adapter"]

_PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "red",
     "accent": "amber", "toggle": {"icon": "material/weather-night", "name": "dark"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "red",
     "accent": "amber", "toggle": {"icon": "material/weather-sunny", "name": "light"}},
]
_FEATURES = ["navigation.tabs", "navigation.top", "navigation.footer", "search.highlight",
             "toc.follow"]


class AttrDict(dict):
    """A dict whose keys Jinja finds as attributes (`config.extra`, `page.meta.hide`).

    Jinja tries `getattr` first and the key only after an AttributeError; Material's
    templates look up dict keys this way about fifty times a page, and raising and
    catching those errors cost 5% of rendering. Same values, same misses (a missing key
    still raises AttributeError, so Jinja still falls back to the key, then to undefined).
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _attr_dicts(value: Any) -> Any:
    """`value` with every dict inside it (through lists) made an AttrDict."""
    if isinstance(value, dict):
        return AttrDict({k: _attr_dicts(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_attr_dicts(v) for v in value]
    return value


class _Theme(Theme):
    """MkDocs' Theme, whose options Jinja finds as attributes (`config.theme.features`),
    for the same reason as AttrDict."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # Theme's own private state, looked up before it is set
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def material(cls, custom_dir: str, **options: Any) -> _Theme:
        """Material under `custom_dir`, as `Theme(name="material", ...)` makes it, from the
        folder it is installed in: MkDocs looks a theme's name up among the entry points of
        every installed package (0.02 s of each build that renders, more where more is
        installed)."""
        spec = importlib.util.find_spec("material.templates")
        if spec is None or not spec.submodule_search_locations:
            return cls(name="material", custom_dir=custom_dir, **options)
        folder = spec.submodule_search_locations[0]
        with open(os.path.join(folder, "mkdocs_theme.yml"), "rb") as file:
            defaults = yaml.safe_load(file) or {}
        static = defaults.pop("static_templates", ())
        theme = cls(name=None, custom_dir=custom_dir, static_templates=static,
                    **{**defaults, **options})
        theme.name = theme["name"] = "material"
        theme.dirs.insert(1, folder)  # after ours, before MkDocs' own templates
        return theme


@dataclass(eq=False)
class NavItem:
    """An entry of Material's navigation (the shape of MkDocs' Page/Section)."""

    title: str
    url: str
    """Site-relative without the leading slash, as MkDocs has it ('' for home)."""
    active: bool = False
    children: list[NavItem] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    is_page: bool = True
    is_section: bool = False
    is_link: bool = False
    is_index: bool = False

    def __eq__(self, other: object) -> bool:
        # Material marks the current page with `nav_item == page`.
        return isinstance(other, (NavItem, PageView)) and other.url == self.url

    __hash__ = object.__hash__


@dataclass(eq=False)
class PageView:
    """What Material's templates call `page`."""

    title: str
    url: str
    """Site-relative without the leading slash, as MkDocs has it."""
    canonical_url: str
    content: Markup = Markup("")
    toc: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    is_homepage: bool = False
    is_404: bool = False
    previous_page: NavItem | None = None
    next_page: NavItem | None = None
    edit_url: str | None = None
    parent: Any = None
    ancestors: list = field(default_factory=list)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (NavItem, PageView)) and other.url == self.url

    __hash__ = object.__hash__


class ThemeAdapter:
    """Loads Material plus our templates (plus the site's overrides) and renders pages."""

    def __init__(self, settings, site_theme_dir: Path | None, nav: list[tuple[str, str]]):
        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # its own translations lack 'vi'
        theme = _Theme.material(custom_dir=str(builtin_theme_dir()),
                                language=settings.language, palette=_PALETTE, font=False,
                                features=_FEATURES, favicon="assets/thidua/favicon.svg",
                                icon={"logo": "material/trophy-outline"})
        for option in theme:
            theme[option] = _attr_dicts(theme[option])
        if site_theme_dir is not None and site_theme_dir.is_dir():
            theme.dirs.insert(0, str(site_theme_dir))
        self.dirs = [Path(d) for d in theme.dirs]
        self.labels = labels_for(settings.language)
        self.base_path = _path_of(settings.base_url)
        self.nav = nav
        env = theme.get_env()
        env.autoescape = True
        # No stat of every include on every page: a changed theme file makes a new adapter.
        # That adapter holds every template it compiled in a plain dict (Jinja's
        # `cache_size=-1`), not in an LRU that locks and reorders on each of ~17 includes a page.
        env.auto_reload = False
        env.cache = {}
        env.undefined = jinja2.ChainableUndefined
        env.filters.update(url=_url_filter, script_tag=_script_tag_filter, vn_date=vn_date,
                           vn_moment=format_moment)
        env.globals["fragment"] = self._fragment
        env.globals["page_fragment"] = self._page_fragment
        env.globals["toc_fragment"] = self._toc_fragment
        env.globals["material_string"] = self._material_string
        env.globals["listed"] = self._listed
        self._fragments: dict[tuple, Markup] = {}
        self.listings: dict[tuple, Markup] = {}
        """What `listed` made in this build (see `render.render_pages`, which empties it)."""
        self._material_strings: dict[str, Markup] = {}
        # A site's own templates may show anything of a page anywhere: its pages render whole.
        # (The example site's theme folder is ours.)
        overridden = site_theme_dir is not None and site_theme_dir.is_dir() and \
            site_theme_dir.resolve() != builtin_theme_dir().resolve() and \
            any(site_theme_dir.rglob("*.html"))
        self._layouts: dict[tuple, Layout] | None = None if overridden or not SHARE_LAYOUTS else {}
        """Layouts by page shape (see `_layout`); None where every page renders whole, its
        table of contents too."""
        self._part_break = slot(f"part-break-{uuid.uuid4().hex}")
        """Between a page's parts: random, so no page's own text holds it."""
        env.globals["page_part"] = _page_part
        env.globals["part_break"] = self._part_break
        self.env = env
        self.config = _attr_dicts({
            "site_name": settings.title,
            "site_description": settings.description,
            "site_author": settings.author,
            "site_url": settings.base_url,
            "copyright": settings.copyright or (f"© {settings.author}" if settings.author else ""),
            "theme": theme,
            "extra": {"generator": False},
            "extra_css": ["assets/thidua/thidua.css"],
            "extra_javascript": ["assets/thidua/thidua.js"],
            "plugins": {"material/search": _SearchPlugin()},
            "mdx_configs": {"toc": {}},
            "repo_url": None,
        })

    def _fragment(self, *key: Any, caller: Callable[[], Markup]) -> Markup:
        """`{% call fragment(name, key) %}...{% endcall %}`: the body rendered once per key.

        Only for markup that depends on nothing but the key (the navigation, given the
        section and the page's depth); the adapter, and with it this memory, is made anew
        whenever settings, templates or navigation change.
        """
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]

    def _page_fragment(self, *key: Any, page: PageView, caller: Callable[[PageView], Markup]) -> Markup:
        """`{% call(page) page_fragment(name, key, page=page) %}`: like `fragment`, for
        markup that shows the page's title and its neighbours' titles and links, and
        otherwise depends on the key alone (Material's header and footer). Rendered once
        per key and per which neighbours the page has, with stand-ins
        (`stand_ins.stand_in`) that each page's own values replace."""
        shape = (page.previous_page is not None, page.next_page is not None,
                 tuple(page.meta.get("hide", ())))
        markup = self._fragment(*key, shape, caller=lambda: caller(stand_in(page)))
        return _filled(markup, self._own_values(page))

    def _toc_fragment(self, page: PageView, caller: Callable[[PageView], Markup]) -> Markup:
        """`{% call(page) toc_fragment(page=page) %}`: like `page_fragment`, for markup that
        shows the page's table of contents and otherwise only which sidebars it hides:
        rendered once per shape of the table (its headings' levels, nested), with stand-ins
        for the headings' titles and links. (Material includes a template per heading.)"""
        own = list(headings(page.toc))
        if self._layouts is None or not all(plain(heading.title) for heading in own):
            return caller(page)  # see `_layout`
        key = ("toc", tuple(page.meta.get("hide", ())), toc_shape(page.toc))
        markup = self._fragment(*key, caller=lambda: caller(dataclasses.replace(
            page, toc=toc_stand_in(page.toc, itertools.count()))))
        values = {}
        for number, heading in enumerate(own):
            values[slot(f"toc-{number}")] = str(escape(heading.title))
            values["#" + slot(f"toc-{number}-url")] = str(escape(heading.url))
        return _filled(markup, values)

    def _own_values(self, page: PageView) -> dict[str, str]:
        """What `stand_in` stands for, escaped: slot -> the page's own value."""
        values = {slot("title"): page.meta.get("title") or page.title}
        for name, item in (("previous", page.previous_page), ("next", page.next_page)):
            if item is not None:
                values[slot(f"{name}-title")] = item.title
                values["/" + slot(f"{name}-url")] = _link(
                    item.url, page, self._base_url(page), self.base_path)
        return {text: str(escape(value)) for text, value in values.items()}

    def _listed(self, macro: Any, item: Any, owner: Any = None, *args: Any) -> Markup:
        """`listed(news_item, item, owner, level)`: `news_item(item, owner, level)`, made once
        per build for each item, level and owner among the item's own (an announcement is
        listed by its year, the news pages, its provinces, campaigns, blocs and units).

        Only for a macro that shows nothing but the item and what it links to, and a
        leaving-out `owner` (see news_item in partials/thidua.html). Items are the
        build's own objects, alive until it ends: their ids are not reused before the
        build empties `listings`."""
        shown_owner = owner if owner is not None and any(
            c is owner for c in getattr(item, "campaigns", ())) else None
        code = getattr(getattr(macro, "_func", None), "__code__", macro)
        key = (code, id(item), id(shown_owner), args)
        listing = self.listings.get(key)
        if listing is None:
            listing = self.listings[key] = macro(item, shown_owner, *args)
        return listing

    def _material_string(self, key: str) -> Markup:
        """Material's interface string `key` in the site's language, through Material's
        own lookup (theme/partials/language.html stands in for it)."""
        if key not in self._material_strings:
            self._material_strings[key] = self._material_language.t(key)
        return self._material_strings[key]

    @functools.cached_property
    def _material_language(self) -> Any:
        """Material's own partials/language.html, from its folder (the one before MkDocs'
        own templates, which come last), through the compiled templates kept on disk:
        compiling it is 0.02 s of every build that renders."""
        loader = jinja2.FileSystemLoader(str(self.dirs[-2]))
        template = loader.load(self.env, "partials/language.html")
        return template.make_module({"config": self.config})

    def nav_for(self, page_url: str) -> Any:
        """Material's `nav` with the section of `page_url` marked active."""
        items = []
        for title, url in self.nav:
            relative = url.lstrip("/")
            active = relative == page_url if not relative else page_url.startswith(relative)
            items.append(NavItem(title, relative, active=active))
        return _Nav(items, items[0] if items else None)

    def template(self, template_name: str) -> jinja2.Template:
        """A compiled template; problems become ThemeError naming the template line."""
        try:
            return self.env.get_template(template_name)
        except jinja2.TemplateSyntaxError as error:
            raise ThemeError(f"{error.filename}:{error.lineno}: {error.message}") from None
        except jinja2.TemplateNotFound as error:
            raise ThemeError(f"template '{error.name}' not found in {self.dirs}") from None

    def render(self, template_name: str, page: PageView, context: dict[str, Any]) -> str:
        """Render one page; template problems become ThemeError naming the template line."""
        template = self.template(template_name)
        nav = self.nav_for(page.url)
        base_url = self._base_url(page)
        active = next((item.url for item in nav.items if item.active), None)
        # Material's navigation holds the table of contents of the page it is on: the
        # navigation's own pages have theirs in the key (a preview's next build may change it).
        own = active == page.url
        full = {
            "config": self.config, "page": page, "nav": nav, "base_url": base_url,
            "fragment_key": (active, own, base_url, toc_key(page.toc) if own else ()),
            "mkdocs_version": mkdocs.__version__, "extra_css": self.config["extra_css"],
            "extra_javascript": self.config["extra_javascript"], "t": self.labels,
            "base_path": self.base_path,
            **context,
        }
        try:
            layout = self._layout(template, page, full)
            if layout is None:
                return _fix_material_markup(template.render(full), self.labels)
            parts = template.render({**full, "thidua_parts": True}).split(self._part_break)
            return layout.fill(self._layout_values(page, parts))
        except Exception as error:  # a template bug: name the template line, not our stack
            raise ThemeError(_template_error(error, template_name)) from error

    def _layout(self, template: jinja2.Template, page: PageView, full: dict[str, Any]
                ) -> Layout | None:
        """The layout `page` shares with every page of its template and shape, or None where
        the page renders whole: the 404 page (absolute links), titles Material would strip,
        the navigation's own pages (whose tables of contents it shows), and sites whose own
        templates might show more of a page than the slots hold.

        Material's base.html is most of the work of rendering a page and shows little
        of it: rendered once per shape with stand-ins (`stand_ins.layout_stand_in`) and
        slots for the blocks that differ (`page_part` in main.html), each page renders
        only those blocks (main.html on partials/thidua-parts.html) and fills the slots
        with them."""
        if self._layouts is None or page.is_404 or not plain(page.meta.get("title") or page.title) \
                or full["fragment_key"][1]:  # one of the navigation's own: no other page shares it
            return None
        key = (template.name, full["fragment_key"], page.is_homepage,
               page.previous_page is not None, page.next_page is not None,
               tuple(page.meta.get("hide", ())), bool(page.toc), "description" in page.meta)
        layout = self._layouts.get(key)
        if layout is None:
            html = template.render({**full, "page": layout_stand_in(page), "thidua_layout": True})
            layout = self._layouts[key] = Layout(_fix_material_markup(html, self.labels))
        return layout

    def _layout_values(self, page: PageView, parts: list[str]) -> dict[str, str]:
        """Slot -> `page`'s own value, escaped as the template would, for its layout."""
        values = self._own_values(page)
        values[slot("canonical")] = str(escape(page.canonical_url))
        if "description" in page.meta:
            values[slot("description")] = str(escape(page.meta["description"]))
        if page.toc:
            skip = _link(page.toc[0].url, page, self._base_url(page), self.base_path)
            values["#" + slot("skip")] = str(escape(skip))
        extrahead, toc_sidebar, content = parts
        values[slot("part-extrahead")] = extrahead
        values[slot("part-toc_sidebar")] = toc_sidebar
        values[slot("part-content")] = content
        return values

    def _base_url(self, page: PageView) -> str:
        """MkDocs' `base_url`: the way back to the site root ('../..'), absolute on the 404 page."""
        if page.is_404:
            return self.base_path
        depth = page.url.count("/")
        return posixpath.join(*[".."] * depth) if depth else "."

    def static_files(self) -> Iterator[tuple[Path, str]]:
        """(file, output_path) of every asset: Material's, then ours and the site's on top."""
        seen: dict[str, Path] = {}
        for directory in reversed(self.dirs):
            assets = directory / "assets"
            if assets.is_dir():
                for file in sorted(assets.rglob("*")):
                    if file.is_file() and not file.name.endswith((".map", ".html")):
                        seen[file.relative_to(directory).as_posix()] = file
        for output_path, file in sorted(seen.items()):
            yield file, output_path

    def template_digests(self) -> TemplateDigests:
        """Per page template, the hash of every file it reads (see template_deps.py); the
        files of Material and MkDocs stand for their versions."""
        return TemplateDigests(self.dirs, editable=len(self.dirs) - 2,
                               installed=f"material {material_version} mkdocs {mkdocs.__version__}")


def _filled(markup: Markup, values: dict[str, str]) -> Markup:
    """`markup` with each slot (a key of `values`) replaced by its escaped value."""
    html = str(markup)  # Markup.replace would escape the escaped values once more
    for text, value in values.items():
        html = html.replace(text, value)
    return Markup(html)


@jinja2.pass_context
def _page_part(context: jinja2.runtime.Context, name: str, caller: Callable[[], Markup]) -> Markup:
    """`{% call page_part(name) %}...{% endcall %}`: a block that differs from page to page;
    in a shared layout, the slot its page's own block fills."""
    return Markup(slot(f"part-{name}")) if context.get("thidua_layout") else caller()


SHARE_LAYOUTS = True
"""Off, every page renders whole, tables of contents included (the tests compare both ways)."""

_ADAPTERS: dict[tuple, ThemeAdapter] = {}


def theme_adapter(settings, site_theme_dir: Path | None, nav: list[tuple[str, str]],
                  compiled_dir: Path | None = None) -> ThemeAdapter:
    """A ThemeAdapter, reused while settings, theme folder and navigation are the same.

    Compiling Material's templates costs more than rendering a small site, and the
    preview server rebuilds on every save. With `compiled_dir`, compiled templates are
    also kept on disk (Jinja's bytecode cache, checked against each template's source),
    so a new process does not compile them again.
    """
    # Any edit in the theme folders (a template, an icon a template includes) makes a new
    # key, so Jinja need not stat every include and no fragment outlives what it showed.
    stamps = tuple(sorted((p.as_posix(), stat.st_mtime_ns, stat.st_size) for directory in
                          (builtin_theme_dir(), site_theme_dir) if directory and directory.is_dir()
                          for p in directory.rglob("*") if p.is_file() and (stat := p.stat())))
    key = (settings.model_dump_json(), str(site_theme_dir), tuple(nav), stamps)
    if key not in _ADAPTERS:
        _ADAPTERS.clear()  # one site at a time: keep memory flat
        adapter = ThemeAdapter(settings, site_theme_dir, nav)
        if compiled_dir is not None:
            try:
                compiled_dir.mkdir(parents=True, exist_ok=True)
                adapter.env.bytecode_cache = _CompiledTemplates(str(compiled_dir))
            except OSError:
                pass  # an unwritable folder: compile in memory, as without it
        _ADAPTERS[key] = adapter
    return _ADAPTERS[key]


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates on disk, which a full or read-only disk leaves
    as it is: the template is compiled in memory, as without the cache, and the error
    worth reading comes from writing the site itself."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@dataclass
class _Nav:
    items: list[NavItem]
    homepage: NavItem | None

    def holds(self, url: str) -> bool:
        """Is the page at `url` one of the navigation's own? (A filter chain in the
        template walked the items on every page.)"""
        return any(item.url == url for item in self.items)


class _SearchPlugin:
    """Material's header asks `config.plugins['material/search'].config.enabled`."""

    class config:  # noqa: N801 - mirrors the plugin's attribute name
        enabled = True


# Material 9's base.html fails the Nu Html Checker and axe in two places we cannot reach
# with a block override: `autocomplete` on checkboxes, and a search dialog without a name.
_MATERIAL_FIXES = [
    (' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__drawer">'),
    (' type="checkbox" id="__search" autocomplete="off">', ' type="checkbox" id="__search">'),
]


def _fix_material_markup(html: str, labels: dict[str, str]) -> str:
    for old, new in _MATERIAL_FIXES:
        html = html.replace(old, new, 1)
    return html.replace('data-md-component="search" role="dialog">',
                        f'data-md-component="search" role="dialog" aria-label="{labels["search"]}">', 1)


def _path_of(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


@jinja2.pass_context
def _url_filter(context, value: str) -> str:
    """MkDocs' `url` filter; on the 404 page (served at any depth) links start at the base path."""
    return _link(str(value), context.get("page"), context.get("base_url", ""), context.get("base_path"))


def _link(value: str, page: Any, base_url: str, base_path: str | None) -> str:
    if isinstance(page, PageView) and page.is_404:
        if value.startswith(("http:", "https:", "/", "#", "mailto:")):
            return value
        return base_path + value.lstrip("./")
    return normalize_url(value, page=page, base=base_url)


@jinja2.pass_context
def _script_tag_filter(context, script: str) -> Markup:
    """MkDocs' `script_tag`, through our `url` filter so the 404 page gets absolute paths."""
    return Markup('<script src="{0}"></script>').format(_url_filter(context, str(script)))


def vn_date(value: Any) -> str:
    """A PlanDate, date or datetime in Vietnamese notation."""
    if isinstance(value, PlanDate):
        return value.display()
    if hasattr(value, "hour"):
        return format_moment(value)
    if hasattr(value, "year"):
        return format_day(value)
    return "" if value is None else str(value)


def _template_error(error: Exception, template_name: str) -> str:
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and frame.filename.endswith(".html"):
            return f"while rendering {frame.filename}:{frame.lineno}: {error}"
    return f"while rendering {template_name}: {error}"

