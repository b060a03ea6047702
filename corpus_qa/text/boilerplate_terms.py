"""Turn boilerplate phrase lists (written once, in simplified script) into regular expressions
that also match the traditional forms, mixed-script spellings and the damage scraped text
carries between the characters of a phrase.

A phrase in a data file may contain `…`: a gap of up to a few characters that holds no
sentence punctuation (`下载…客户端` matches 下载新京报客户端). Full-width and half-width
punctuation match each other, a space matches any run of white space, and between any two
characters the pattern allows white space (`编 辑`) and an injected pinyin annotation
(`驗(yàn)證碼`, see ENC rules), so one damaged document is still recognised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from corpus_qa.text.data_files import lines
from corpus_qa.text.script import traditional_variants

GAP = "…"
_GAP_CHARS = 12
PINYIN_ANNOTATION = r"[(（][a-zàáèéêìíòóùúüāēěīńňōūǎǐǒǔǘǚǜǹḿếề\u0300\u0304\u030c]{1,7}[1-5]?[)）]"
_BETWEEN = rf"(?:{PINYIN_ANNOTATION})?[ \t\u3000\xa0]{{0,3}}"
_NO_SENTENCE_END = r"[^。！？!?；;\n\\<>]"

_PUNCTUATION_PAIRS = {
    "，": "，,", "：": "：:", "；": "；;", "！": "！!", "？": "？?", "（": "（(", "）": "）)",
    "、": "、,", "|": "|｜丨", "/": "/／",
}


@lru_cache(maxsize=None)
def _character_forms(char: str) -> frozenset[str]:
    if char in _PUNCTUATION_PAIRS:
        return frozenset(_PUNCTUATION_PAIRS[char])
    return frozenset(traditional_variants(char))


def _char_class(forms: Iterable[str]) -> str:
    forms = sorted(set(forms) | {f.swapcase() for f in forms if f.isascii() and f.isalpha()})
    if len(forms) == 1:
        return re.escape(forms[0])
    return "[" + "".join(re.escape(f) for f in forms) + "]"


def _positions(piece: str) -> list[list[set[str]]]:
    """Per-character forms of a gap-free stretch: OpenCC's character-level conversions merged
    position by position (so mixed script matches), plus each conversion that rewrote a
    word (軟體 for 软件) as its own spelling. A same-length rewrite sharing under half of
    its characters with the phrase (宣告 for 声明) is a different word and is dropped."""
    merged: list[set[str]] = [{char} | _character_forms(char) for char in piece]
    out = [merged]
    for variant in traditional_variants(piece)[1:]:
        if len(variant) == len(piece):
            kept = sum(1 for index, char in enumerate(variant) if char in merged[index])
            if kept == len(piece) or kept * 2 < len(piece):
                continue
        out.append([{c} | _character_forms(c) for c in variant])
    return out


def _tolerant(positions: list[set[str]]) -> str:
    parts = []
    for index, forms in enumerate(positions):
        if forms == {" "}:
            parts.append(r"\s*")
            continue
        parts.append(_char_class(forms))
        if index < len(positions) - 1:
            parts.append(_BETWEEN)
    return "".join(parts)


@lru_cache(maxsize=None)
def phrase_alternatives(phrase: str) -> tuple[str, ...]:
    """Regex sources for one phrase (see module docstring), each beginning with one literal
    character: an alternation of such branches lets `re` skip ahead with a C-level set test
    instead of trying every branch at every position (about 100 times faster here)."""
    pieces = [piece.strip() for piece in phrase.split(GAP) if piece.strip()]
    gap = rf"{_NO_SENTENCE_END}{{0,{_GAP_CHARS}}}?"
    first, rest = pieces[0], pieces[1:]
    tail = "".join(gap + "(?:" + "|".join(_tolerant(p) for p in _positions(piece)) + ")" for piece in rest)
    branches: list[str] = []
    for positions in _positions(first):
        lead = positions[0] | {f.swapcase() for f in positions[0] if f.isascii() and f.isalpha()}
        after = _BETWEEN + _tolerant(positions[1:]) if len(positions) > 1 else ""
        for char in sorted(lead):
            branch = re.escape(char) + after + tail
            if branch not in branches:
                branches.append(branch)
    return tuple(branches)


def phrase_pattern(phrase: str) -> str:
    """Regex source for one phrase."""
    return "(?:" + "|".join(phrase_alternatives(phrase)) + ")"


def phrases_pattern(phrases: Iterable[str]) -> str:
    """One flat alternation for many phrases, longest first so the widest phrase wins. Keep
    it flat (no groups around branches) or `re` loses its first-character fast path."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    by_first: dict[str, list[str]] = {}
    for phrase in ordered:
        for branch in phrase_alternatives(phrase):
            first = branch[:2] if branch.startswith("\\") else branch[:1]
            by_first.setdefault(first, []).append(branch[len(first):])
    return "|".join(
        first + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for first, rests in by_first.items()
    )


@lru_cache(maxsize=None)
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """A data file split by `[section]` lines into entries (whitespace-separated; `_` stands
    for a space inside an entry); entries before any section go under ""."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in lines(name):
        entry = line.split(" #", 1)[0].strip()
        if entry.startswith("[") and entry.endswith("]") and len(entry) > 2:
            current = entry[1:-1].strip()
            found.setdefault(current, [])
        else:
            found[current].extend(word.replace("_", " ") for word in entry.split())
    return {key: tuple(values) for key, values in found.items()}


@lru_cache(maxsize=None)
def phrase_forms(phrase: str) -> frozenset[str]:
    """Every script form of a phrase, for exact set lookups (headings, whole lines)."""
    return frozenset(traditional_variants(phrase))
