"""Shared fixtures: small sites written inside tests, and the example site built once."""

from __future__ import annotations

import datetime as dt
import textwrap
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 11, 15)

MINIMAL_SITE = {
    "site.yml": """
        title: Thi đua tỉnh Thử
        base_url: https://thidua.example.gov.vn/
        author: Ban Thi đua
    """,
    "provinces.yml": """
        lam-dong: {name: Lâm Đồng}
    """,
    "organizations.yml": """
        van-phong:
          name: Văn phòng Tỉnh ủy
          province: lam-dong
        ban-noi-chinh:
          name: Ban Nội chính Tỉnh ủy
          province: lam-dong
    """,
}


class SiteFolder:
    """A site written into a temporary folder, built on demand."""

    def __init__(self, root: Path):
        self.root = root
        self.output = root / "site"

    def write(self, files: dict[str, str | bytes]) -> None:
        for name, text in files.items():
            path = self.root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def build(self, as_of: dt.date = AS_OF, progress=None, **options):
        return build(BuildOptions(self.root, as_of=as_of, **options), progress)

    def text(self, output_path: str) -> str:
        return (self.output / output_path).read_text(encoding="utf-8")

    def soup(self, output_path: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(output_path), "html.parser")

    def left_beside_output(self, seconds: float = 30) -> list[str]:
        """Names of build folders left beside the output (`.site.*`) once what builds
        replaced is deleted: in the background, so waited for up to `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := sorted(p.name for p in self.root.glob(".site.*"))) and time.monotonic() < deadline:
            time.sleep(0.05)
        return left


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def make_site(tmp_path):
    """`make_site({"campaigns/x.yml": "..."})`: the minimal site plus these files."""

    def make(files: dict[str, str | bytes] | None = None, base: bool = True,
             folder: str = "site-root") -> SiteFolder:
        site = SiteFolder(tmp_path / folder)
        site.write({**(MINIMAL_SITE if base else {}), **(files or {})})
        return site

    return make


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> SiteFolder:
    """The repository's example site, built once as of 15/11/2024."""
    output = tmp_path_factory.mktemp("example") / "site"
    build(BuildOptions(REPO, output_dir=output, as_of=AS_OF))
    site = SiteFolder(REPO)
    site.output = output
    return site


def links(soup: BeautifulSoup, page_url: str, scope: str = "article") -> list[str]:
    """Every link of `scope`, resolved against `page_url` to a site-root path."""
    from urllib.parse import urljoin
    return [urljoin(page_url, a["href"]) for a in soup.select(f"{scope} a[href]")]


def page_text(soup: BeautifulSoup) -> str:
    """The article's text as a reader sees it (whitespace folded)."""
    article = soup.select_one("article.md-content__inner") or soup
    return " ".join(article.get_text(" ").split())
