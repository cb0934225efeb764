"""Ids and slugs: what an id may look like, and a slug from Vietnamese text.

`unidecode` alone turns `đ` into `d` correctly, but Python-Markdown's default
anchor function drops it ("Thi đua" -> "thi-ua"); every slug in the site goes
through `slugify` here instead.
"""

from __future__ import annotations

import re
import unicodedata

from text_unidecode import unidecode

__all__ = ["ID_PATTERN", "is_id", "slugify", "strip_diacritics"]

ID_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
_ID = re.compile(ID_PATTERN)


def is_id(value: object) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def strip_diacritics(text: str) -> str:
    """`Thi đua Đặc biệt` -> `Thi dua Dac biet`, for the search index.

    Decomposed, the accents are separate marks that the ASCII encoder drops (with any
    other non-ASCII character, which search does not need); đ has no decomposition.
    """
    decomposed = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, separator: str = "-") -> str:
    """`Phát động thi đua` -> `phat-dong-thi-dua`; always a valid id, or '' for no letters."""
    ascii_text = unidecode(text).lower()  # also transliterates non-Vietnamese letters
    return separator.join(re.findall(r"[a-z0-9]+", ascii_text))


def markdown_slugify(value: str, separator: str) -> str:
    """A heading's anchor id: never empty, so every heading can be linked."""
    return slugify(value, separator) or "muc"
