"""sitemap.xml and robots.txt: what search engines may crawl, and where."""

from __future__ import annotations

from .pages import PagePlan
from .xml_text import text

__all__ = ["render_robots", "render_sitemap"]


def render_sitemap(pages: list[PagePlan], base_url: str) -> bytes:
    base = base_url.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted((p for p in pages if p.in_sitemap), key=lambda p: p.url):
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        lines.append(f"  <url><loc>{text(base + page.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n".encode()
