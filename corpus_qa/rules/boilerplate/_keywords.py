"""Compiled keyword scanners for the BP rules: one flat regular expression per section of a
data file (flat, so `re` keeps its first-character fast path)."""

from __future__ import annotations

import re
from functools import lru_cache

from corpus_qa.text.boilerplate_terms import PINYIN_ANNOTATION, phrases_pattern, sections

_ANNOTATION = re.compile(PINYIN_ANNOTATION)
_INNER_SPACE = re.compile(r"[ \t\u3000\xa0]+")


@lru_cache(maxsize=None)
def scanners(data_file: str) -> tuple[re.Pattern, tuple[tuple[str, re.Pattern], ...]]:
    """One pattern over every phrase of a data file (one pass per document), and each
    section's own pattern to tell which section a match came from (first listed wins)."""
    phrases = sections(data_file)
    everything = re.compile(phrases_pattern(p for values in phrases.values() for p in values))
    per_section = tuple((name, re.compile(phrases_pattern(values))) for name, values in phrases.items() if values)
    return everything, per_section


def finditer(data_file: str, text: str, start: int = 0, skip: tuple[str, ...] = (), end: int | None = None):
    """(section, match) for every phrase of the file in text[start:end], in text order,
    leaving out the sections in `skip`."""
    everything, per_section = scanners(data_file)
    end = len(text) if end is None else end
    found = []
    for match in everything.finditer(text, start, end):
        words = match.group()
        name = next((name for name, pattern in per_section if pattern.fullmatch(words)), None)
        if name is not None and name not in skip:
            found.append((match.start(), name, match))
    markup = markup_spans(text) if "<" in text else []
    kept, reach = [], -1
    for start, name, match in found:
        if start < reach:  # a phrase inside a longer one already found (编 in 责编) is not another
            continue
        if _inside_word(text, match) or (markup and _inside(markup, start)):
            continue
        kept.append((name, match))
        reach = match.end()
    return kept


_MARKUP = re.compile(r"<(style|script)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,800}>", re.IGNORECASE | re.DOTALL)


def markup_spans(text: str) -> list[tuple[int, int]]:
    """Tags, comments and style/script blocks: words inside them (`<!-- 文末二维码 -->`,
    `class="appendQr"`) are markup, not text."""
    return [m.span() for m in _MARKUP.finditer(text)]


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    low, high = 0, len(spans)
    while low < high:
        middle = (low + high) // 2
        if spans[middle][1] <= offset:
            low = middle + 1
        else:
            high = middle
    return low < len(spans) and spans[low][0] <= offset


def _inside_word(text: str, match: re.Match) -> bool:
    """`APP` in `appendQr` or `happy`: Latin phrases need word boundaries."""
    start, end = match.span()
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalpha() and start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        return True
    return last.isascii() and last.isalpha() and end < len(text) and text[end].isascii() and text[end].isalpha()


@lru_cache(maxsize=None)
def whole_line_forms(data_file: str, section: str) -> frozenset[str]:
    """Every script form of a section's phrases, for whole-line set lookups."""
    from corpus_qa.text.boilerplate_terms import phrase_forms

    forms: set[str] = set()
    for phrase in sections(data_file).get(section, ()):
        forms |= phrase_forms(phrase)
    return frozenset(forms)


def clean(matched: str) -> str:
    """The matched words as evidence: annotations and inner spaces removed."""
    return _INNER_SPACE.sub("", _ANNOTATION.sub("", matched))
