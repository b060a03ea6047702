"""Characters that prove a script: strict subsets of script.py's OpenCC-derived tables.

script.traditional_only_chars()/simplified_only_chars() follow OpenCC's conversion tables,
which also convert between variants that both scripts use (群/羣, 床/牀 are both written in
Taiwan). A character is evidence here only if a writer of the other script would never use
it: a traditional character counts if it is not in GB2312 and its simplified form is a
common GB2312 level-1 character; a simplified character counts if Big5 cannot encode it, its
traditional form is a frequent Big5 character, and it is no Taiwan, Hong Kong or Japanese
standard variant (OpenCC's TWVariants, HKVariants, JPVariants).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus_qa.text.charsets import common_ideographs
from corpus_qa.text.script import fold_to_simplified, opencc_pairs, simplified_only_chars, traditional_only_chars


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _variant_targets() -> set[str]:
    targets: set[str] = set()
    for name in ("TWVariants.txt", "HKVariants.txt", "JPVariants.txt"):
        for values in opencc_pairs(name).values():
            targets.update(values)
    return targets


@lru_cache(maxsize=1)
def script_evidence() -> tuple[frozenset[str], frozenset[str]]:
    """(characters proving traditional script, characters proving simplified script)."""
    common = common_ideographs()
    gb_common = {c for c in common if _encodable(c, "gb2312")}
    big5_common = {c for c in common if _encodable(c, "big5")}
    variants = _variant_targets()
    traditional = frozenset(
        c for c in traditional_only_chars()
        if not _encodable(c, "gb2312") and fold_to_simplified(c) in gb_common and c not in variants
    )
    to_traditional = opencc_pairs("STCharacters.txt")
    simplified = frozenset(
        c for c in simplified_only_chars()
        if not _encodable(c, "big5") and c not in variants
        and any(t in big5_common for t in to_traditional.get(c, ()))
    )
    return traditional, simplified


def _pattern(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


@lru_cache(maxsize=1)
def script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    traditional, simplified = script_evidence()
    return _pattern(traditional), _pattern(simplified)


_TRADITIONAL_MARK, _SIMPLIFIED_MARK = "\ue001", "\ue002"  # private-use code points


@lru_cache(maxsize=1)
def _evidence_marks() -> dict[int, str]:
    traditional, simplified = script_evidence()
    marks = {ord(c): _TRADITIONAL_MARK for c in traditional}
    marks.update({ord(c): _SIMPLIFIED_MARK for c in simplified})
    return marks


@lru_cache(maxsize=8)
def script_counts(text: str) -> tuple[int, int]:
    """How many traditional-proving and simplified-proving characters text holds. Memoised
    (a pure function of the text): the metrics, ENC009 and ENC010 ask about the same document
    in turn. One str.translate pass in C; a regex class of thousands of characters is slower."""
    marked = text.translate(_evidence_marks())
    return (
        marked.count(_TRADITIONAL_MARK) - text.count(_TRADITIONAL_MARK),
        marked.count(_SIMPLIFIED_MARK) - text.count(_SIMPLIFIED_MARK),
    )


def script_offsets(text: str, script: str) -> list[int]:
    """Offsets of the characters proving `script` ("traditional" or "simplified")."""
    pattern = script_patterns()[0 if script == "traditional" else 1]
    return [m.start() for m in pattern.finditer(text)]


def classify(traditional: int, simplified: int) -> str | None:
    """The script a document is written in, or None when it is too short or too mixed to say."""
    if traditional >= 5 and traditional >= 4 * simplified:
        return "traditional"
    if simplified >= 5 and simplified >= 4 * traditional:
        return "simplified"
    return None
