"""Property tests: any input gives a site or Problems, never an unhandled exception."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.dates import DateError, PlanDate, Precision, parse_plan_date
from generator.ids import is_id, slugify, strip_diacritics, words_without_diacritics
from generator.load import load_sources
from generator.markup import render_markdown
from generator.problems import ContentError, ProblemLog
from generator.search import layout_of, render_search_index, splice_search_index
from generator.urls import is_inside
from generator.validate import validate_content

QUICK = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])

date_text = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\d{1,2}/\d{1,2}/\d{4}", fullmatch=True),
    st.from_regex(r"\d{4}-\d{1,2}(-\d{1,2})?", fullmatch=True),
    st.from_regex(r"(quý|QUÝ) [IVX0-9]{1,4}/\d{4}", fullmatch=True),
    st.from_regex(r"(năm )?\d{4}", fullmatch=True),
    st.integers(), st.dates(), st.none(), st.booleans(), st.floats(allow_nan=False))


@given(date_text)
@QUICK
def test_every_written_date_parses_or_says_why(value):
    try:
        result = parse_plan_date(value)
    except DateError as error:
        assert str(error)
    else:
        assert isinstance(result, PlanDate) and result.start <= result.end


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
       st.sampled_from(list(Precision)))
@QUICK
def test_display_round_trips(day, precision):
    start = {Precision.DAY: day, Precision.MONTH: day.replace(day=1),
             Precision.QUARTER: dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
             Precision.YEAR: dt.date(day.year, 1, 1)}[precision]
    date = PlanDate(start, precision)
    assert parse_plan_date(date.display()) == date
    assert parse_plan_date(date.iso()) == date


@given(st.text(max_size=60))
@QUICK
def test_slugs_are_ids_and_idempotent(text):
    slug = slugify(text)
    assert slug == "" or is_id(slug)
    assert slugify(slug) == slug


vietnamese_text = st.lists(st.sampled_from(  # a letter with its accent decomposed, a lone mark
    list("aăâbdđeêioôơuưy ĐƯÂ\t\n\u00a0–…ệờỹ1\u0323") + ["a\u0301"]), max_size=80).map("".join)


@given(vietnamese_text)
@QUICK
def test_text_stripped_word_by_word_is_the_text_stripped_whole(text):
    # Search entries strip a page's words one by one through a memo (render.search_entry).
    words = text.split()
    assert words_without_diacritics(words) == strip_diacritics(" ".join(words))
    assert words_without_diacritics(words) == words_without_diacritics(words)  # from the memo


@given(st.lists(st.sampled_from(["a", "..", ".", "b", "", "/", "c.html", "~"]), max_size=6))
@QUICK
def test_output_paths_never_leave_the_output_folder(tmp_path, parts):
    output_path = "/".join(parts)
    if is_inside(tmp_path, output_path):
        assert (tmp_path / output_path).resolve().is_relative_to(tmp_path.resolve())


def _check_content(root: Path, files: dict[str, bytes]) -> None:
    content = root / "content"
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    log = ProblemLog()
    try:
        validate_content(load_sources(content, log), log)
    except ContentError as error:
        assert error.problems and all(p.path.startswith("content/") and p.line >= 1
                                      for p in error.problems)


SITE = b"title: T\nbase_url: https://x.vn/\n"
yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ["title", "start", "end", "phases", "kind", "name", "year", "terms",
                                 "members", "leader", "date", "milestones", "x"]), inner, max_size=4)),
    max_leaves=12)


@given(yaml_values)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_yaml_data_gives_content_or_problems(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("yaml")
    text = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    _check_content(root, {"site.yml": SITE, "campaigns/c.yml": text, "blocs/b.yml": text})


@given(st.binary(max_size=200), st.text(max_size=200))
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_front_matter_gives_content_or_problems(tmp_path_factory, raw, text):
    root = tmp_path_factory.mktemp("fm")
    _check_content(root, {"site.yml": SITE,
                          "announcements/2024/a.md": b"---\n" + text.encode("utf-8") + b"\n---\nx\n",
                          "announcements/2024/b.md": raw})


markdown_pieces = st.sampled_from([
    "# Tiêu đề ", "## Phần \"một\"\n", "\n\n", "- mục\n", "1. bước\n", "> trích\n", "`mã`", "**đậm** ",
    "_nghiêng_ ", "~~bỏ~~ ", "&amp; ", "&nbsp;", "\u00a0", "a  \nb", "\n---\n", "```\nx & \"y\"\n```\n",
    "[a](https://x.vn/?a=1&b=2 \"t\") ", "[b](javascript:x) ", "[c](JaVaScRiPt:x) ", "[d](java&#115;cript:x) ",
    "[e](ftp://x) ", "[f](mailto:a@b.vn) ", "[g](tel:+84) ", "[h](../../media/a.jpg) ", "[i](#neo) ",
    "![j](data:image/png;base64,AA) ", "![k](/media/b.png \"c\") ", "www.example.vn ", "| a | b |\n|:-|-:|\n| 1 | 2 |\n",
    "[l]: https://y.vn\n", "[l] ", "\\* ", "'", "\"", ">", "&", "đ", " "])


@given(st.lists(markdown_pieces, max_size=25).map("".join))
@QUICK
def test_markdown_without_html_renders_as_the_cleaner_would_leave_it(text):
    # Such text skips nh3 (see markup._needs_cleaner): the page must be the same to the byte.
    fast = render_markdown(text, "announcements/2024/x.md")
    with mock.patch("generator.markup._needs_cleaner", return_value=True):
        cleaned = render_markdown(text, "announcements/2024/x.md")
    assert fast == cleaned


@given(st.lists(st.sampled_from("abcdefgh"), unique=True),
       st.lists(st.sampled_from("abcdefghij"), unique=True), st.sets(st.sampled_from("abcdefghij")))
@QUICK
def test_a_spliced_search_index_is_the_index_written_whole(before, after, changed):
    """Pages kept, moved, added and removed: the copied ranges and new entries make
    exactly the index that writing every entry makes."""
    def entry(path: str, version: int) -> bytes:
        return f'{{"location":"{path}","text":"{path * (version + 1)}"}}'.encode()

    last = b"".join(render_search_index([entry(p, 0) for p in before], "vi"))
    fresh = {p: entry(p, 1) for p in after if p in changed or p not in before}
    spliced = splice_search_index(layout_of("vi", before, [entry(p, 0) for p in before]),
                                  "vi", after, fresh)
    expected = [fresh.get(p, entry(p, 0)) for p in after]
    assert spliced is not None
    pieces, layout = spliced
    assert b"".join(last[p[0]:p[1]] if isinstance(p, tuple) else p for p in pieces) \
        == b"".join(render_search_index(expected, "vi"))
    assert layout == layout_of("vi", after, expected)
    assert splice_search_index(layout, "vi", after + ["z"], {}) is None  # no entry for z


@given(st.lists(st.sampled_from("abcdefgh"), unique=True), st.sets(st.sampled_from("abcdefgh")))
@QUICK
def test_a_search_index_spliced_in_place_is_the_index_written_whole(paths, changed):
    """The same pages in the same order, some entries made again (an edit's case)."""
    entries = [f'{{"location":"{p}"}}'.encode() for p in paths]
    fresh = {p: f'{{"location":"{p}","new":"{p * 3}"}}'.encode() for p in paths if p in changed}
    last = b"".join(render_search_index(entries, "vi"))
    pieces, layout = splice_search_index(layout_of("vi", paths, entries), "vi", paths, fresh)
    expected = [fresh.get(p, e) for p, e in zip(paths, entries)]
    assert b"".join(last[p[0]:p[1]] if isinstance(p, tuple) else p for p in pieces) \
        == b"".join(render_search_index(expected, "vi"))
    assert layout == layout_of("vi", paths, expected)
