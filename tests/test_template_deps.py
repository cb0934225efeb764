"""Which files a template reads, as the tags name them (see generator/template_deps.py)."""

from __future__ import annotations

from generator.template_deps import TemplateDigests, references


def test_references_name_files_prefixes_or_anything():
    names, patterns = references(
        '{% extends "main.html" %}'
        '{%- include ["a.html", \'b.html\'] ignore missing -%}'
        '{% import "partials/languages/" ~ lang ~ ".html" as l %}'
        '{% from "macros.html" import card with context %}'
        '{%+ include\n  "p.html" %}')
    assert names == {"main.html", "a.html", "b.html", "macros.html", "p.html"}
    assert patterns == {("partials/languages/", ".html")}
    assert references('{% include ".icons/" ~ icon %}') == (set(), {(".icons/", "")})
    assert references("{% include page.template %}") == (set(), {("", "")})  # any file at all
    assert references("{% include [first, 'b.html'] %}") == (set(), {("", "")})
    assert references('{% extends "parts.html" if parts else "base.html" %}') == \
        ({"parts.html", "base.html"}, set())  # either


def test_a_template_digest_changes_with_what_it_reads_only(tmp_path):
    site, ours, installed = tmp_path / "site", tmp_path / "ours", tmp_path / "installed"
    for folder in (site, ours, installed):
        folder.mkdir()
    (ours / "news.html").write_text('{% extends "base.html" %}')
    (ours / "home.html").write_text('{% extends "base.html" %}{% include "card.html" %}')
    (ours / "card.html").write_text("<p>card</p>")
    (installed / "base.html").write_text('{% include "icons/" ~ name %}')

    def digests():
        d = TemplateDigests([site, ours, installed], editable=2, installed="v1")
        return d.digest("news.html"), d.digest("home.html")

    news, home = digests()
    (ours / "card.html").write_text("<p>card, edited</p>")
    assert digests() == (news, digests()[1]) and digests()[1] != home
    (site / "card.html").write_text("<p>the site's card</p>")  # an override wins
    home = digests()[1]
    (site / "card.html").write_text("<p>the site's card, edited</p>")
    assert digests()[1] != home
    (site / "icons").mkdir()
    (site / "icons" / "logo.svg").write_text("<svg/>")  # found by the installed prefix
    assert digests()[0] != news
