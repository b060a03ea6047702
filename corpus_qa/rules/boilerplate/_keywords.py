"""Keyword scanners for the BP rules: one flat regular expression per data file (flat, so
`re` keeps its first-character fast path), run once per document; an empty group closing
each branch names the phrase that matched, and so its section.

Lean patterns (no tolerance for damage between characters) compile in milliseconds; text
with damage a phrase could bridge is scanned as a cleaned copy (see _cleaned.py). The
tolerant pattern, as large and slow to compile as it is exact, is built only for the rare
text the copy cannot stand for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus_qa.rules.boilerplate._cleaned import Cleaned, cleaned
from corpus_qa.text.boilerplate_terms import (
    GAP,
    PINYIN_ANNOTATION,
    end_chars,
    ordered,
    phrase_pattern,
    phrases_pattern,
    sections,
)

_ANNOTATION = re.compile(PINYIN_ANNOTATION)
_INNER_SPACE = re.compile(r"[ \t\u3000\xa0]+")


@dataclass(frozen=True)
class KeywordMatch:
    """A phrase found in a text; answers what the rules ask of an re.Match."""

    string: str
    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def span(self) -> tuple[int, int]:
        return self.begin, self.finish

    def group(self) -> str:
        return self.string[self.begin:self.finish]


def finditer(data_file: str, text: str, start: int = 0, skip: tuple[str, ...] = (), end: int | None = None):
    """(section, match) for every phrase of the file in text[start:end], in text order,
    leaving out the sections in `skip`."""
    end = len(text) if end is None else end
    found = []
    for begin, finish, phrase in _phrase_spans(data_file, text, start, end):
        name = _section(data_file, phrase, text[begin:finish])
        if name not in skip:
            found.append((begin, name, KeywordMatch(text, begin, finish)))
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


@dataclass(frozen=True)
class _Scanner:
    pattern: re.Pattern
    phrases: tuple[str, ...]  # the phrase each group number closes

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), self.phrases[m.lastindex]) for m in self.pattern.finditer(text, start, end)]


@lru_cache(maxsize=None)
def _scanner(data_file: str, tolerant: bool) -> _Scanner:
    phrases = [phrase for values in sections(data_file).values() for phrase in values]
    source, group_phrases = phrases_pattern(phrases, tolerant)
    return _Scanner(re.compile(source), group_phrases)


@lru_cache(maxsize=None)
def _phrase_regex(phrase: str) -> re.Pattern:
    return re.compile(phrase_pattern(phrase))


def _phrase_spans(data_file: str, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each match of the tolerant pattern, as `finditer` finds them."""
    lean = _scanner(data_file, tolerant=False)
    copy = cleaned(text)
    if copy is None:  # nothing to bridge: the lean pattern finds exactly what the tolerant one would
        return lean.spans(text, start, end)
    if not copy.suspect:
        spans = _spans_in_copy(lean, copy, text, start, end)
        if spans is not None:
            return spans
    return _scanner(data_file, tolerant=True).spans(text, start, end)


def _spans_in_copy(lean: _Scanner, copy: Cleaned, text: str, start: int, end: int):
    """The lean matches in the copy, mapped back; None when a `…` gap fits its 12 characters
    in the copy but not in the original, where the cut damage counts too."""
    spans = []
    for begin, finish, phrase in lean.spans(copy.text, copy.to_copy(start), copy.to_copy(end)):
        length = finish - begin
        begin, finish = copy.to_original(begin), copy.to_original(finish - 1) + 1
        if GAP in phrase and finish - begin != length:
            exact = _phrase_regex(phrase).match(text, begin, end)
            if exact is None or exact.end() != finish:
                return None
        spans.append((begin, finish, phrase))
    return spans


@dataclass(frozen=True)
class _Sections:
    names: tuple[str, ...]
    home: dict[str, int]  # first section listing the phrase
    # phrases of earlier sections that may match the very words a phrase matched, and so
    # claim them (the first section that matches the words wins), by section
    rivals: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]


@lru_cache(maxsize=None)
def _sections(data_file: str) -> _Sections:
    listed = {name: values for name, values in sections(data_file).items() if values}
    names = tuple(listed)
    home: dict[str, int] = {}
    for index, name in enumerate(names):
        for phrase in listed[name]:
            home.setdefault(phrase, index)
    rank = {phrase: index for index, phrase in enumerate(ordered(home))}
    ends = {phrase: end_chars(phrase) for phrase in home}
    rivals = {}
    for phrase, own in home.items():
        first, last = ends[phrase]
        found = []
        for index in range(own):
            # a rival earlier in the alternation would have matched first, so only later ones
            candidates = tuple(
                other for other in listed[names[index]]
                if rank[other] > rank[phrase] and ends[other][0] & first and ends[other][1] & last
            )
            if candidates:
                found.append((index, candidates))
        if found:
            rivals[phrase] = tuple(found)
    return _Sections(names, home, rivals)


def _section(data_file: str, phrase: str, words: str) -> str:
    """The first section of the file with a phrase that matches exactly `words`."""
    table = _sections(data_file)
    for index, others in table.rivals.get(phrase, ()):
        if any(_phrase_regex(other).fullmatch(words) for other in others):
            return table.names[index]
    return table.names[table.home[phrase]]


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


def _inside_word(text: str, match: KeywordMatch) -> bool:
    """`APP` in `appendQr` or `happy`: Latin phrases need word boundaries."""
    start, end = match.span()
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalpha() and start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        return True
    return last.isascii() and last.isalpha() and end < len(text) and text[end].isascii() and text[end].isalpha()


def clean(matched: str) -> str:
    """The matched words as evidence: annotations and inner spaces removed."""
    return _INNER_SPACE.sub("", _ANNOTATION.sub("", matched))
