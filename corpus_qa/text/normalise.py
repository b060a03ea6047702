"""Normalisation for hashing and comparison only; document text itself is never changed."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def hash_form(text: str) -> str:
    """NFKC (folds full-width letters, digits and punctuation), case-folded, no white space."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).casefold()


def first_content_line(text: str, limit: int = 80) -> tuple[int, int]:
    """Offsets of the first non-blank line (at most `limit` characters): where to point a
    finding that is about the document as a whole."""
    match = re.search(r"\S[^\n]*", text)
    if match is None:
        return 0, 0
    start, end = match.span()
    return start, min(end, start + limit)
