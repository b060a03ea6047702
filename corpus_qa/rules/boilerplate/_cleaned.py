"""A copy of a damaged text with the damage cut out, for the lean keyword patterns.

The tolerant phrase patterns (text/boilerplate_terms.py) allow a pinyin annotation and up
to three spaces after each character of a phrase that another character follows. Inlined
between every two characters, that made the patterns twenty times larger, seconds of
`re.compile` per process, and matching twice as slow. Instead, wherever damage stands
between two characters that can follow each other in a phrase (`驗(yàn)證碼`, `编 辑`,
see `bridged_pairs`), the copy leaves out what the tolerant pattern skips there (the
annotation and/or at most three spaces, greedily: what follows must be the phrase's next
character), the lean patterns run on the copy, and offsets map back to the original.

What the copy cannot stand for, the scanner checks and hands to the tolerant pattern:
letters of a removed annotation that a phrase could match (`(app)`, see `suspect`), and a
`…` gap that fits its 12 characters only once the damage inside it is gone.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from corpus_qa.text.boilerplate_terms import (
    INNER_SPACE,
    PHRASE_LISTS,
    PINYIN_LETTERS,
    annotation_spellings,
    bridged_pairs,
    sections,
)


@dataclass(frozen=True)
class Cleaned:
    text: str  # the copy
    cut_at: tuple[int, ...]  # where each removed stretch began, as an offset in the copy
    starts: tuple[int, ...]  # where each removed stretch began in the original
    ends: tuple[int, ...]
    removed_before: tuple[int, ...]  # characters removed before stretch i (one more entry: all)
    suspect: bool  # a removed annotation holds letters a phrase could match

    def to_copy(self, offset: int) -> int:
        """Offset in the copy of an offset in the original (inside a cut: where it was)."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        return offset - self.removed_before[index] - (min(offset, self.ends[index]) - self.starts[index])

    def to_original(self, offset: int) -> int:
        """Offset in the original of the character at `offset` in the copy."""
        return offset + self.removed_before[bisect_right(self.cut_at, offset)]


@lru_cache(maxsize=8)  # the BP rules scan the same document one after another
def cleaned(text: str) -> Cleaned | None:
    """The copy, or None when the text holds no damage any phrase could bridge."""
    pairs = _bridged_pairs()
    spans = []
    for match in _damage().finditer(text):
        start, end = match.span()
        before = text[start - 1]
        if before + text[end:end + 1] in pairs or before + " " in pairs:
            spans.append((start, end))
    if not spans:
        return None
    pieces, cut_at, removed_before, position, removed = [], [], [0], 0, 0
    for start, end in spans:
        pieces.append(text[position:start])
        cut_at.append(start - removed)
        removed += end - start
        removed_before.append(removed)
        position = end
    pieces.append(text[position:])
    spellings = _annotation_spellings()
    suspect = spellings is not None and any(spellings.search(text, start, end) for start, end in spans)
    return Cleaned(
        "".join(pieces), tuple(cut_at), tuple(s for s, _ in spans), tuple(e for _, e in spans),
        tuple(removed_before), suspect,
    )


def _all_phrases() -> list[str]:
    return [phrase for name in PHRASE_LISTS for values in sections(name).values() for phrase in values]


@lru_cache(maxsize=1)
def _bridged_pairs() -> frozenset[str]:
    pairs = bridged_pairs(_all_phrases())
    # The cuts mirror the tolerant pattern only while no phrase character is white space
    # or a parenthesis (a phrase's own space, second in a pair, matches any white space).
    if any(c in " \t\u3000\xa0(（)）" for pair in pairs for c in pair.rstrip(" ")):
        raise ValueError("a boilerplate phrase holds white space or a parenthesis next to a character")
    return pairs


@lru_cache(maxsize=1)
def _damage() -> re.Pattern:
    """Damage right after a character some phrase continues after: an annotation and at
    most three spaces, or one to three spaces. It opens with a set of rare characters
    (parentheses, spaces) so that `re` skips ahead to them; the common character before
    is checked looking back."""
    chars = {pair[0] for pair in _bridged_pairs()}
    bridged = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    space = INNER_SPACE
    return re.compile(
        rf"[(（ \t\u3000\xa0](?<={bridged}.)"
        rf"(?:(?<=[(（]){PINYIN_LETTERS}{{1,7}}[1-5]?[)）]{space}{{0,3}}|(?<={space}){space}{{0,2}})"
    )


@lru_cache(maxsize=1)
def _annotation_spellings() -> re.Pattern | None:
    source = annotation_spellings(_all_phrases())
    return re.compile(source) if source else None
