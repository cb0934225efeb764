"""Ids and slugs: what an id may look like, and a slug from Vietnamese text.

`unidecode` alone turns `đ` into `d` correctly, but Python-Markdown's default
anchor function drops it ("Thi đua" -> "thi-ua"); every slug in the site goes
through `slugify` here instead.
"""

from __future__ import annotations

import re
import unicodedata

from text_unidecode import unidecode

__all__ = ["ID_PATTERN", "is_id", "slugify", "strip_diacritics", "words_without_diacritics"]

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


class _WordsStripped(dict):
    """word -> `strip_diacritics(word)`, filled as words come up: a site's text repeats a
    few thousand syllables, so nearly every word of a page is looked up, not decomposed."""

    LIMIT = 200_000
    """Entries kept at most (numbers and names keep coming in a long `serve`)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        stripped = self[word] = strip_diacritics(word)
        return stripped


_STRIPPED = _WordsStripped()


def words_without_diacritics(words: list[str]) -> str:
    """`strip_diacritics(" ".join(words))`, word by word (a page's text in a quarter of the
    time: decomposing is per character, and no character combines across a space)."""
    return " ".join(map(_STRIPPED.__getitem__, words))


def slugify(text: str, separator: str = "-") -> str:
    """`Phát động thi đua` -> `phat-dong-thi-dua`; always a valid id, or '' for no letters."""
    ascii_text = unidecode(text).lower()  # also transliterates non-Vietnamese letters
    return separator.join(re.findall(r"[a-z0-9]+", ascii_text))


def markdown_slugify(value: str, separator: str) -> str:
    """A heading's anchor id: never empty, so every heading can be linked."""
    return slugify(value, separator) or "muc"
