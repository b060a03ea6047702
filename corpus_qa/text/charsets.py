"""Character classes for Chinese text, derived from the codecs Python ships (no typed tables).

"Common" characters are those of GB2312 level 1 (the 3,755 most used simplified characters,
rows 16-55) plus Big5's frequently used block (A440-C67E, 5,401 traditional characters).
Together they cover over 99.8% of the ideographs in People's Daily, the Taiwanese news and
iNews, so a run of characters outside them is either a rare name or mojibake.
"""

from __future__ import annotations

import re
from functools import lru_cache

IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Ideographs plus the CJK punctuation and full-width forms that sit between them.
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"


def is_ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff" or (
        "\U00020000" <= char <= "\U0003134f"
    )


def _decoded_block(codec: str, leads: range, trails: list[int], stop: tuple[int, int] | None = None) -> set[str]:
    found: set[str] = set()
    for lead in leads:
        for trail in trails:
            if stop is not None and (lead, trail) > stop:
                break
            try:
                found.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return found


@lru_cache(maxsize=1)
def common_ideographs() -> frozenset[str]:
    """GB2312 level 1 plus Big5's frequently used characters."""
    gb_level1 = _decoded_block("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_frequent = _decoded_block(
        "big5", range(0xA4, 0xC7), list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)), stop=(0xC6, 0x7E)
    )
    return frozenset(c for c in gb_level1 | big5_frequent if is_ideograph(c))


# Characters that turn up when CJK bytes are decoded with the wrong CJK codec: kana and
# zhuyin (Big5's common rows read as GBK), Greek/Cyrillic/box drawing/enclosed numbers (the
# symbol rows of GBK and Big5), private-use characters (user-defined rows) and U+FFFD.
ODD_SYMBOL_RANGES = (
    (0x0370, 0x03FF), (0x0400, 0x04FF), (0x2160, 0x217F), (0x2460, 0x24FF), (0x2500, 0x257F),
    (0x3041, 0x30FF), (0x3105, 0x312F), (0x3220, 0x324F), (0xE000, 0xF8FF), (0xFFFD, 0xFFFD),
)


def _class(ranges: list[tuple[int, int]]) -> str:
    def point(cp: int) -> str:
        return re.escape(chr(cp))

    return "".join(point(a) if a == b else f"{point(a)}-{point(b)}" for a, b in ranges)


def _ranges_outside(lo: int, hi: int, keep: frozenset[str]) -> list[tuple[int, int]]:
    ranges, start = [], None
    for cp in range(lo, hi + 1):
        outside = chr(cp) not in keep
        if outside and start is None:
            start = cp
        elif not outside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    if start is not None:
        ranges.append((start, hi))
    return ranges


@lru_cache(maxsize=1)
def unusual_char_pattern() -> re.Pattern[str]:
    """One character that is rare in real Chinese text: an uncommon ideograph or an odd symbol."""
    common = common_ideographs()
    ranges = [r for lo, hi in IDEOGRAPH_RANGES[:3] for r in _ranges_outside(lo, hi, common)]
    ranges += [IDEOGRAPH_RANGES[3], *ODD_SYMBOL_RANGES]
    return re.compile(f"[{_class(sorted(ranges))}]")


@lru_cache(maxsize=1)
def common_char_pattern() -> re.Pattern[str]:
    """One common ideograph (counting with a regex runs at C speed)."""
    common = sorted(ord(c) for c in common_ideographs())
    ranges: list[tuple[int, int]] = []
    for cp in common:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return re.compile(f"[{_class(ranges)}]")


IDEOGRAPH_PATTERN = re.compile(f"[{IDEOGRAPH}]")
NON_ASCII_PATTERN = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def frequent_ideographs() -> frozenset[str]:
    """The 100 most frequent ideographs of Chinese prose (data/frequent_chars.txt) and their
    traditional forms (OpenCC STCharacters.txt). Real text is about a third these; characters
    re-paired at random are a few percent."""
    from corpus_qa.text.data_files import words
    from corpus_qa.text.script import opencc_pairs

    simplified = words("frequent_chars.txt")
    traditional = opencc_pairs("STCharacters.txt")
    return frozenset(simplified | {t for s in simplified for t in traditional.get(s, ())})
