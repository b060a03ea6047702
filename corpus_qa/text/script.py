"""Simplified/traditional character tables, read from OpenCC's own dictionaries.

Nothing here is typed by hand: the tables come from the files that ship with
opencc-python-reimplemented (STCharacters.txt, TSCharacters.txt), so they follow OpenCC.
Character-level folding is a str.translate (fast, for hashing and script statistics);
phrase-level conversion (OpenCC proper, ~1 MB/s) is only for short texts such as keyword
lists.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable


def _opencc_dictionary(name: str) -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary" / name


def opencc_pairs(name: str) -> dict[str, list[str]]:
    """One of OpenCC's character tables (STCharacters.txt, TSCharacters.txt): character -> its forms."""
    pairs: dict[str, list[str]] = {}
    with open(_opencc_dictionary(name), encoding="utf-8") as handle:
        for line in handle:
            source, _, targets = line.rstrip("\n").partition("\t")
            if source and targets:
                pairs[source] = targets.split()
    return pairs


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    to_simplified = opencc_pairs("TSCharacters.txt")  # traditional -> simplified candidates
    to_traditional = opencc_pairs("STCharacters.txt")  # simplified -> traditional candidates
    fold = {ord(trad): simps[0] for trad, simps in to_simplified.items() if len(trad) == 1 and simps[0] != trad}
    # A character is "only traditional" when converting it changes it and it is not itself
    # the simplified form of anything (so 後 counts, 后 and 干 do not); likewise the reverse.
    traditional_only = frozenset(
        trad for trad, simps in to_simplified.items()
        if len(trad) == 1 and trad not in simps and trad not in to_traditional
    )
    simplified_only = frozenset(
        simp for simp, trads in to_traditional.items()
        if len(simp) == 1 and simp not in trads and simp not in to_simplified
    )
    return fold, traditional_only, simplified_only


def traditional_only_chars() -> frozenset[str]:
    """Characters written only in traditional script (發, 這, 產)."""
    return _tables()[1]


def simplified_only_chars() -> frozenset[str]:
    """Characters written only in simplified script (发, 这, 产)."""
    return _tables()[2]


def fold_to_simplified(text: str) -> str:
    """Character-by-character traditional -> simplified; same length as the input, so offsets
    carry over. For hashing and comparison, never for rewriting a document."""
    return text.translate(_tables()[0])


@lru_cache(maxsize=4)
def _converter(conversion: str):
    from opencc import OpenCC  # imported late: only keyword lists are converted phrase by phrase

    return OpenCC(conversion)


def traditional_variants(phrase: str) -> tuple[str, ...]:
    """The phrase in traditional script as OpenCC writes it (generic, Taiwan, Hong Kong),
    without duplicates, original first. For deriving keyword lists, not for documents."""
    variants = [phrase]
    for conversion in ("s2t", "s2tw", "s2hk", "s2twp"):
        converted = _converter(conversion).convert(phrase)
        if converted not in variants:
            variants.append(converted)
    return tuple(variants)


def to_simplified_phrase(text: str) -> str:
    """OpenCC phrase-level traditional -> simplified, for short texts only (~1 MB/s)."""
    return _converter("t2s").convert(text)


@lru_cache(maxsize=1)
def merged_traditional_forms() -> frozenset[str]:
    """Traditional characters that OpenCC's STCharacters.txt lists only as a second choice for
    their simplified form (蔘 after 參 for 参, 髮 after 發 for 发, 穀 for 谷, 昇 for 升): forms
    that simplification merged into another character and that writers keep where the
    distinction or a name needs them (人蔘, 昇腾, 黄霑)."""
    to_traditional = opencc_pairs("STCharacters.txt")
    merged = set()
    for simplified, forms in to_traditional.items():
        merged.update(form for form in forms[1:] if len(form) == 1 and form != simplified)
    firsts = {forms[0] for forms in to_traditional.values()}
    return frozenset(merged - firsts)


def character_spellings(words: Iterable[str]) -> set[str]:
    """Simplified words spelt with each of their characters in any of its forms in OpenCC's
    STCharacters.txt (统一 -> 统一, 統一): for deriving word lists at load time."""
    traditional = opencc_pairs("STCharacters.txt")
    found: set[str] = set()
    for word in words:
        spellings = [""]
        for char in word:
            spellings = [s + c for s in spellings for c in {char, *traditional.get(char, ())}]
        found.update(spellings)
    return found
