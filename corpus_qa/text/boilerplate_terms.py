"""Turn boilerplate phrase lists (written once, in simplified script) into regular expressions
that also match the traditional forms, mixed-script spellings and the damage scraped text
carries between the characters of a phrase.

A phrase in a data file may contain `…`: a gap of up to a few characters that holds no
sentence punctuation (`下载…客户端` matches 下载新京报客户端). Full-width and half-width
punctuation match each other, a space matches any run of white space, and between any two
characters the tolerant pattern allows white space (`编 辑`) and an injected pinyin
annotation (`驗(yàn)證碼`, see ENC rules), so one damaged document is still recognised; the
lean pattern leaves that tolerance out (see rules/boilerplate/_cleaned.py for how it is
applied to damaged text instead).

The traditional forms come from data/boilerplate_forms.json, written once with OpenCC by
`python -m corpus_qa.text.derive_boilerplate_forms`: loading OpenCC's converters in every
process cost most of a second.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

from corpus_qa.text.data_files import lines

PHRASE_LISTS = (
    "boilerplate_comment_widget.txt",
    "boilerplate_copyright.txt",
    "boilerplate_credit_labels.txt",
    "boilerplate_list_headings.txt",
    "boilerplate_page_labels.txt",
    "boilerplate_promo.txt",
    "boilerplate_share.txt",
    "boilerplate_spam.txt",
)
FORMS_FILE = "boilerplate_forms.json"

GAP = "…"
_GAP_CHARS = 12
PINYIN_LETTERS = r"[a-zàáèéêìíòóùúüāēěīńňōūǎǐǒǔǘǚǜǹḿếề\u0300\u0304\u030c]"
PINYIN_ANNOTATION = rf"[(（]{PINYIN_LETTERS}{{1,7}}[1-5]?[)）]"
INNER_SPACE = r"[ \t\u3000\xa0]"
_BETWEEN = rf"(?:{PINYIN_ANNOTATION})?{INNER_SPACE}{{0,3}}"
_NO_SENTENCE_END = r"[^。！？!?；;\n\\<>]"

_PUNCTUATION_PAIRS = {
    "，": "，,", "：": "：:", "；": "；;", "！": "！!", "？": "？?", "（": "（(", "）": "）)",
    "、": "、,", "|": "|｜丨", "/": "/／",
}


@lru_cache(maxsize=1)
def _derived_forms() -> dict[str, list[str]]:
    text = resources.files("corpus_qa.text").joinpath("data", FORMS_FILE).read_text(encoding="utf-8")
    return json.loads(text)["forms"]


def traditional_forms(text: str) -> tuple[str, ...]:
    """`text` and its traditional forms as OpenCC writes them (script.traditional_variants),
    original first; `text` is a phrase, a gap-free piece or a character of the lists."""
    try:
        return (text, *_derived_forms()[text])
    except KeyError:
        raise KeyError(
            f"{text!r} is not in {FORMS_FILE}: run python -m corpus_qa.text.derive_boilerplate_forms"
        ) from None


def pieces(phrase: str) -> list[str]:
    """The gap-free stretches of a phrase (`下载…客户端` -> 下载, 客户端)."""
    return [piece.strip() for piece in phrase.split(GAP) if piece.strip()]


@lru_cache(maxsize=None)
def _character_forms(char: str) -> frozenset[str]:
    if char in _PUNCTUATION_PAIRS:
        return frozenset(_PUNCTUATION_PAIRS[char])
    return frozenset(traditional_forms(char))


def _with_case(forms: Iterable[str]) -> set[str]:
    forms = set(forms)
    return forms | {f.swapcase() for f in forms if f.isascii() and f.isalpha()}


def _char_class(forms: Iterable[str]) -> str:
    forms = sorted(_with_case(forms))
    if len(forms) == 1:
        return re.escape(forms[0])
    return "[" + "".join(re.escape(f) for f in forms) + "]"


@lru_cache(maxsize=None)
def _positions(piece: str) -> tuple[tuple[frozenset[str], ...], ...]:
    """Per-character forms of a gap-free stretch: OpenCC's character-level conversions merged
    position by position (so mixed script matches), plus each conversion that rewrote a
    word (軟體 for 软件) as its own spelling. A same-length rewrite sharing under half of
    its characters with the phrase (宣告 for 声明) is a different word and is dropped."""
    merged = tuple(frozenset({char} | _character_forms(char)) for char in piece)
    out = [merged]
    for variant in traditional_forms(piece)[1:]:
        if len(variant) == len(piece):
            kept = sum(1 for index, char in enumerate(variant) if char in merged[index])
            if kept == len(piece) or kept * 2 < len(piece):
                continue
        out.append(tuple(frozenset({c} | _character_forms(c)) for c in variant))
    return tuple(out)


def _joined(positions: Iterable[frozenset[str]], tolerant: bool) -> str:
    positions = list(positions)
    parts = []
    for index, forms in enumerate(positions):
        if forms == {" "}:
            parts.append(r"\s*")
            continue
        parts.append(_char_class(forms))
        if tolerant and index < len(positions) - 1:
            parts.append(_BETWEEN)
    return "".join(parts)


@lru_cache(maxsize=None)
def phrase_alternatives(phrase: str, tolerant: bool = True) -> tuple[str, ...]:
    """Regex sources for one phrase (see module docstring), each beginning with one literal
    character: an alternation of such branches lets `re` skip ahead with a C-level set test
    instead of trying every branch at every position (about 100 times faster here)."""
    first, *rest = pieces(phrase)
    gap = rf"{_NO_SENTENCE_END}{{0,{_GAP_CHARS}}}?"
    tail = "".join(
        gap + "(?:" + "|".join(_joined(p, tolerant) for p in _positions(piece)) + ")" for piece in rest
    )
    branches: list[str] = []
    for positions in _positions(first):
        after = ""
        if len(positions) > 1:
            after = (_BETWEEN if tolerant else "") + _joined(positions[1:], tolerant)
        for char in sorted(_with_case(positions[0])):
            branch = re.escape(char) + after + tail
            if branch not in branches:
                branches.append(branch)
    return tuple(branches)


def phrase_pattern(phrase: str) -> str:
    """Tolerant regex source for one phrase."""
    return "(?:" + "|".join(phrase_alternatives(phrase)) + ")"


def ordered(phrases: Iterable[str]) -> list[str]:
    """Longest first, so the widest phrase wins; then alphabetical, for a stable order."""
    return sorted(set(phrases), key=lambda p: (-len(p), p))


def phrases_pattern(phrases: Iterable[str], tolerant: bool = True) -> tuple[str, tuple[str, ...]]:
    """One flat alternation for many phrases (see `ordered`), each branch closed by an empty
    group, and the phrase of each group number: `match.lastindex` names the phrase that
    matched. Keep it flat (no groups around branches) or `re` loses its first-character fast
    path; branches that share a first character are merged under it, in order."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for phrase in ordered(phrases):
        for branch in phrase_alternatives(phrase, tolerant):
            first = branch[:2] if branch.startswith("\\") else branch[:1]
            by_first.setdefault(first, []).append((branch[len(first):], phrase))
    sources, group_phrases = [], [""]
    for first, rests in by_first.items():
        alternatives = []
        for rest, phrase in rests:
            alternatives.append(rest + "()")
            group_phrases.append(phrase)
        sources.append(first + (alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"))
    return "|".join(sources), tuple(group_phrases)


def bridged_pairs(phrases: Iterable[str]) -> frozenset[str]:
    """Two characters (as one string) that can stand side by side in a phrase, so that the
    tolerant pattern lets an annotation or spaces come between them; a space second stands
    for any white space (`All Rights`)."""
    pairs: set[str] = set()
    for phrase in phrases:
        for piece in pieces(phrase):
            for positions in _positions(piece):
                for forms, following in zip(positions, positions[1:]):
                    if forms != {" "}:
                        pairs.update(a + b for a in _with_case(forms) for b in _with_case(following))
    return frozenset(pairs)


def annotation_spellings(phrases: Iterable[str]) -> str | None:
    """Lean regex source of the pieces that could be spelled inside a pinyin annotation
    (`app` of APP in `(app)`), or None when no piece could."""
    inner = re.compile(rf"{PINYIN_LETTERS}|[1-5]")
    found = []
    for phrase in ordered(phrases):
        for piece in pieces(phrase):
            for positions in _positions(piece):
                if all(any(inner.fullmatch(c) for c in _with_case(forms)) for forms in positions):
                    found.append(_joined(positions, tolerant=False))
    return "|".join(dict.fromkeys(found)) or None


def end_chars(phrase: str) -> tuple[frozenset[str], frozenset[str]]:
    """Every character a match of the phrase can begin with, and end with."""
    first, last = pieces(phrase)[0], pieces(phrase)[-1]
    return (
        frozenset(c for positions in _positions(first) for c in _with_case(positions[0])),
        frozenset(c for positions in _positions(last) for c in _with_case(positions[-1])),
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
    return frozenset(traditional_forms(phrase))
