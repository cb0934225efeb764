"""`thidua new`: ready-to-edit files in the right folder, never over an existing one.

Each file it writes passes `thidua check` as it is, so an editor starts from
something valid and only fills in the blanks.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .ids import is_id, slugify
from .problems import GeneratorError, did_you_mean

__all__ = ["ScaffoldError", "new_announcement", "new_bloc", "new_campaign"]


class ScaffoldError(GeneratorError):
    """The file cannot be created (it exists, or an id is wrong)."""


def _zone(content_dir: Path) -> ZoneInfo:
    try:
        settings = yaml.safe_load((content_dir / "site.yml").read_text(encoding="utf-8")) or {}
        return ZoneInfo(str(settings.get("timezone", "Asia/Ho_Chi_Minh")))
    except Exception:  # a broken site.yml is check's business, not new's
        return ZoneInfo("Asia/Ho_Chi_Minh")


def _known(content_dir: Path, folder: str) -> list[str]:
    return sorted(p.stem for p in (content_dir / folder).glob("*.yml"))


def _require(content_dir: Path, folder: str, value: str | None, what: str) -> None:
    if value is None:
        return
    known = _known(content_dir, folder)
    if value not in known:
        hint = did_you_mean(value, known) or f"Known: {', '.join(known) or 'none yet'}."
        raise ScaffoldError(f"no {what} '{value}' in content/{folder}/. {hint}")


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} already exists; thidua new never overwrites a file. "
                            "Choose another title or id, or edit that file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()


def new_announcement(content_dir: Path, title: str, campaign: str | None = None,
                     bloc: str | None = None, now: dt.datetime | None = None) -> Path:
    """announcements/<year>/<slug>.md dated now in the site's time zone."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title '{title}' has no letters to make a file name from")
    _require(content_dir, "campaigns", campaign, "campaign")
    _require(content_dir, "blocs", bloc, "bloc")
    now = (now or dt.datetime.now(_zone(content_dir))).replace(second=0, microsecond=0)
    lines = ["---", f"title: {_quote(title)}", f"date: {now:%Y-%m-%d %H:%M}",
             "summary: \"\"          # một hai câu tóm tắt; để trống thì lấy đoạn đầu",
             "kind: news           # launch | signing | review | award | plan | news"]
    if campaign:
        lines.append(f"campaigns: [{campaign}]")
    if bloc:
        lines.append(f"blocs: [{bloc}]")
    lines += ["author: \"\"", "draft: true          # đổi thành false khi bài sẵn sàng đăng", "---",
              "", "Viết nội dung bài ở đây.", ""]
    return _write(content_dir / "announcements" / str(now.year) / f"{slug}.md", "\n".join(lines))


def new_campaign(content_dir: Path, campaign_id: str, today: dt.date | None = None) -> Path:
    """campaigns/<id>.yml with one phase over the current year."""
    _check_id(campaign_id)
    year = (today or dt.date.today()).year
    text = f"""title: Đợt thi đua ... (sửa tên)
kind: regular          # peak | special | regular | thematic
summary: ""
issuer: ""             # id trong organizations.yml, hoặc tên cơ quan
start: 1/1/{year}
end: năm {year}
phases:
  - name: Đợt 1
    start: 1/1/{year}
    end: 30/6/{year}
    focus: |
      Trọng tâm của đợt 1.
objectives: []
contents: []
reviews:
  - {{kind: final, date: 12/{year}, title: Tổng kết}}
"""
    return _write(content_dir / "campaigns" / f"{campaign_id}.yml", text)


def new_bloc(content_dir: Path, bloc_id: str) -> Path:
    """blocs/<id>.yml with no members yet."""
    _check_id(bloc_id)
    text = """name: Khối thi đua ... (sửa tên)
kind: bloc             # bloc (khối) | cluster (cụm)
members: []            # id trong organizations.yml
description: |
  Giới thiệu ngắn về khối.
terms: []              # mỗi năm một mục: year, leader, deputy, covenant ...
"""
    return _write(content_dir / "blocs" / f"{bloc_id}.yml", text)


def _check_id(value: str) -> None:
    if not is_id(value):
        proposal = slugify(value)
        hint = f" Try '{proposal}'." if proposal else ""
        raise ScaffoldError(f"'{value}' is not an id: lowercase a-z, digits and single hyphens.{hint}")
