"""Broken links and anchors in Markdown: warnings with the editor's line, errors with --strict."""

from __future__ import annotations

import pytest

from generator import ContentError
from test_build import announcement

BODY = """Mở đầu.

## Kết quả đợt 1

[đúng](b.md#ket-qua) [trang](/tin-tuc/) [ảnh](../../media/2024/anh.png)
[sai trang](khong-co.md) [sai neo](b.md#ket-qa)

```
[trong khối mã](khong-tinh.md)
```

<a href="/dot-thi-dua/khong-co/">html</a>
[ngoài](https://example.org/x)
"""


def _site(make_site):
    return make_site({
        "media/2024/anh.png": b"png",
        "announcements/2024/a.md": announcement("A", "2024-10-01", body=BODY),
        "announcements/2024/b.md": announcement("B", "2024-10-02", body="## Kết quả\n\nx\n"),
    })


def test_broken_links_are_warnings_naming_the_line(make_site):
    site = _site(make_site)
    result = site.build()
    assert [str(p) for p in result.warnings] == [
        "content/announcements/2024/a.md:11: warning: link to 'b.md#ket-qa': /tin-tuc/2024/b/ has "
        "no heading or anchor '#ket-qa' Did you mean 'ket-qua'?",
        "content/announcements/2024/a.md:11: warning: link to 'khong-co.md' leads nowhere: the "
        "site has no /tin-tuc/2024/a/khong-co.md",
        "content/announcements/2024/a.md:17: warning: link to '/dot-thi-dua/khong-co/' leads "
        "nowhere: the site has no /dot-thi-dua/khong-co/",
    ]
    assert (site.output / "tin-tuc/2024/a/index.html").is_file()


def test_strict_makes_them_errors_and_writes_nothing(make_site):
    site = _site(make_site)
    with pytest.raises(ContentError) as caught:
        site.build(strict=True)
    assert len(caught.value.problems) == 3
    assert str(caught.value.problems[1]).startswith(
        "content/announcements/2024/a.md:11: link to 'khong-co.md' leads nowhere")
    assert not site.output.exists()
