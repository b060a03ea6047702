"""Pinyin syllables and per-character readings, from pypinyin's character table.

Used to recognise annotations injected after characters (`產(chǎn)業(yè)`): the text in the
brackets must be a real syllable (tone marks or tone numbers allowed), and ideally one the
character before it can be read as, so `(A)`, `(注)`, `(WWF)` and `(2025-2027年)` never match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from corpus_qa.text.charsets import IDEOGRAPH

_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
_PINYIN_LETTERS = "a-zA-Z\u00e0-\u00fc\u0101-\u01dc\u0144\u0148\u01f9\u1e3f\u0300-\u036f"


def split_tone(syllable: str) -> tuple[str, int | None]:
    """`chǎn` -> ("chan", 3); `lv4` -> ("lü", 4); `lüe` -> ("lüe", None)."""
    tone: int | None = None
    if syllable[-1:] in "12345":
        tone, syllable = int(syllable[-1]), syllable[:-1]
    kept = []
    for char in unicodedata.normalize("NFD", syllable.lower()):
        if char in _TONE_MARKS:
            tone = _TONE_MARKS[char]
        else:
            kept.append(char)
    base = unicodedata.normalize("NFC", "".join(kept)).replace("v", "ü")
    return base, tone


def _pinyin_table() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # code point -> "zhōng,zhòng"

    return pinyin_dict


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable some character is read as (about 410, with ü). Built from the
    ~1,500 distinct toned readings, not the ~50,000 per-character ones: setup stays cheap."""
    toned = {reading for value in _pinyin_table().values() for reading in value.split(",")}
    return frozenset(split_tone(reading)[0] for reading in toned)


@lru_cache(maxsize=4096)
def readings(char: str) -> frozenset[str]:
    """The toneless readings of one character, parsed when first asked for."""
    value = _pinyin_table().get(ord(char), "")
    return frozenset(split_tone(reading)[0] for reading in value.split(",") if reading)


def is_syllable(text: str) -> bool:
    return bool(text) and split_tone(text)[0] in syllables()


@lru_cache(maxsize=1)
def _syllable_prefixes() -> frozenset[str]:
    return frozenset(s[:i] for s in syllables() for i in range(1, len(s) + 1))


@dataclass(frozen=True)
class Annotation:
    start: int  # the annotated character
    end: int  # after the closing bracket
    char: str
    syllable: str
    reading_matches: bool


# Anchored on the bracket, not the ideograph: brackets are rare, ideographs are everywhere.
_ANNOTATION = re.compile(f"[(（](?<=[{IDEOGRAPH}][(（])([{_PINYIN_LETTERS}]{{1,7}}[1-5]?)[)）]")
_SINGLE_LETTER = frozenset("aeomn")


def find_annotations(text: str) -> list[Annotation]:
    """Ideographs followed by a bracketed pinyin syllable. A toneless syllable must be one of
    the character's readings; a tone-marked one need only be a real syllable (pypinyin's
    table misses some readings of traditional characters)."""
    found = []
    for match in _ANNOTATION.finditer(text):
        char, syllable = text[match.start() - 1], match.group(1)
        if syllable != syllable.lower():
            continue  # (A), (WWF), (Li): letters, acronyms, names
        base, tone = split_tone(syllable)
        if base not in syllables():
            continue
        matches = base in readings(char)
        if not matches and (tone is None or base in _SINGLE_LETTER):
            continue
        found.append(Annotation(match.start() - 1, match.end(), char, syllable, matches))
    return found


_ORPHAN = re.compile(r"\(([a-z]{1,6})\)(?!\s)")


def find_orphan_annotations(text: str) -> list[tuple[int, int]]:
    """`(xu)`, `(sh)`, `(j)` glued to garbage: annotations whose characters a wrong single-byte
    decode destroyed (only the ASCII survived, tone-marked letters cut short). Reported only
    in non-ASCII text holding three or more, a third of them whole syllables."""
    if text.isascii():
        return []
    spans = [
        m.span()
        for m in _ORPHAN.finditer(text)
        if m.group(1) in _syllable_prefixes() and not _follows_word(text, m.start())
    ]
    if len(spans) < 3:
        return []
    whole = sum(1 for a, b in spans if text[a + 1 : b - 1] in syllables())
    garbage = len(_GARBAGE_LETTER.findall(text))
    return spans if whole * 3 >= len(spans) and garbage * 2 >= len(spans) else []


_IDEOGRAPH = re.compile(f"[{IDEOGRAPH}]")


def _follows_word(text: str, pos: int) -> bool:
    """An orphan is glued to garbage or starts a line; after an ideograph or a space it is a
    real bracket (`碳(c)`, `see (a)`)."""
    if pos == 0 or text[pos - 1] == "\n":
        return False
    return text[pos - 1].isspace() or text[pos - 1] in "(（" or _IDEOGRAPH.match(text, pos - 1) is not None
# Letters of other scripts (Latin extensions, IPA, Cyrillic, Hebrew, N'Ko ...): what GBK
# bytes look like when a single-byte code page decoded them.
_GARBAGE_LETTER = re.compile("[\u0100-\u07ff]")
