"""Normalisation for hashing and comparison only; document text itself is never changed."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from corpus_qa.text.script import fold_to_simplified

_SPACE = re.compile(r"\s+")

# After NFKC (which already folds full-width ASCII such as ，！（ to ,!( ), the CJK punctuation
# that has a plain counterpart: copies of one article often differ only in these.
_PUNCTUATION = str.maketrans({
    "。": ".", "、": ",", "．": ".",
    "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "〝": '"', "〞": '"',
    "‘": "'", "’": "'", "‚": "'",
    "【": "[", "】": "]", "〔": "(", "〕": ")", "〈": "<", "〉": ">",
    "－": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "―": "-",
    "～": "~", "〜": "~", "・": "·",
})


def hash_form_reference(text: str) -> str:
    """hash_form written plainly (slow): NFKC, CJK punctuation folded, white space removed,
    case folded, traditional characters folded to simplified."""
    folded = unicodedata.normalize("NFKC", text).translate(_PUNCTUATION)
    return fold_to_simplified(_SPACE.sub("", folded).casefold())


# Above this code point nothing changes under NFKC or case folding (planes 3-16 hold CJK
# extensions, tags, variation selectors and private use); hash_form_reference agrees.
_TABLE_LIMIT = 0x30000
_DROP = 0xFFFFFFFF
_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF))
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


class _Tables:
    """Per-code-point results of hash_form_reference, so hash_form is one array lookup.

    mapped[c]: the single character c becomes, or _DROP for white space; expand[c]: the
    string c becomes when it is longer (… -> ..., ß -> ss); compose[c]: c, or what NFKC
    makes of it, can combine with a neighbour (combining marks, Hangul jamo, ﾞ which
    becomes U+3099), so a text holding one is normalised as a whole, the slow way.
    """

    def __init__(self):
        size = 0x110000
        self.mapped = np.arange(size, dtype=np.uint32)
        self.compose = np.zeros(size, dtype=bool)
        self.word = np.ones(size, dtype=bool)  # above the table: CJK extension planes, mostly
        self.expand: dict[str, str] = {}
        combines = np.zeros(size, dtype=bool)
        combining, category = unicodedata.combining, unicodedata.category
        for codes, chars in _code_point_blocks():
            combines[codes] = [combining(char) != 0 or category(char)[0] == "M" for char in chars]
            self.word[codes] = [char.isalnum() for char in chars]
        for low, high in _HANGUL:
            combines[low : high + 1] = True
        for low, high in _VARIATION_SELECTORS:
            combines[low : high + 1] = False
        self.compose |= combines
        self.word[0] = False
        for codes, chars in _code_point_blocks():
            # NUL separates the characters: it is a starter nothing composes with, so one call
            # over all of them gives every character's own result.
            nfkc = unicodedata.normalize("NFKC", "\x00".join(chars)).split("\x00")
            results = hash_form_reference("\x00".join(chars)).split("\x00")
            for code, char, normal, result in zip(codes, chars, nfkc, results):
                if result == char or combines[code]:
                    continue
                if normal != char and any(combines[ord(part)] for part in normal):
                    self.compose[code] = True
                elif len(result) == 1:
                    self.mapped[code] = ord(result)
                elif not result:
                    self.mapped[code] = _DROP
                elif all(hash_form_reference(part) == part for part in result):
                    self.expand[char] = result  # its parts map to themselves, so mapping them again is safe
                else:
                    self.compose[code] = True
        self.special = self.compose.copy()
        self.special[[ord(char) for char in self.expand]] = True


def _code_point_blocks(size: int = 8192):
    """(code points, their characters) below _TABLE_LIMIT, surrogates left out, a block at a
    time: building the tables does not hold 200,000 one-character strings at once."""
    for low in range(1, _TABLE_LIMIT, size):
        codes = [code for code in range(low, min(low + size, _TABLE_LIMIT)) if not 0xD800 <= code < 0xE000]
        if codes:
            yield codes, [chr(code) for code in codes]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def hash_form(text: str) -> str:
    """The text as duplicate detection compares it: NFKC (folds full-width letters, digits and
    punctuation), CJK punctuation folded to its plain counterpart, white space removed, case
    folded, traditional characters folded to simplified. Equal to hash_form_reference, by a
    lookup table (about ten times faster on Chinese news)."""
    if not text:
        return ""
    tables = _tables()
    codes = _codes(text)
    special = tables.special[codes]
    if special.any():
        if tables.compose[codes].any():
            return hash_form_reference(text)
        for char in set(np.unique(codes[special]).view("<U1").tolist()):
            text = text.replace(char, tables.expand[char])
        codes = _codes(text)
    mapped = tables.mapped[codes]
    return mapped[mapped != _DROP].tobytes().decode("utf-32-le", "surrogatepass")


def word_count(form: str) -> int:
    """Letters, digits and ideographs in a string."""
    return int(np.count_nonzero(_tables().word[_codes(form)])) if form else 0


_CONTENT_LINE = re.compile(r"[^\S\n]*(\S[^\n]*)")
_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"\w")


def first_content_line(text: str, limit: int = 50, start: int = 0) -> tuple[int, int]:
    """Offsets of the first line at or after `start` that holds a letter, digit or ideograph
    (trimmed, at most `limit` characters): where to point a finding about the document as a
    whole. Falls back to the first non-blank line, then to (start, start)."""
    fallback = None
    for match in _CONTENT_LINE.finditer(text, start):
        begin, end = match.span(1)
        end = len(text[begin:end].rstrip()) + begin
        if fallback is None:
            fallback = (begin, min(end, begin + limit))
        if _has_word(text[begin:end]):
            return begin, min(end, begin + limit)
    return fallback or (start, start)


def _has_word(line: str) -> bool:
    return _WORD.search(_TAG.sub("", line)) is not None
