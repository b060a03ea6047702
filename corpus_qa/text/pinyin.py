"""Pinyin syllables and per-character readings, from pypinyin's character table.

Used to recognise annotations injected after characters (`產(chǎn)業(yè)`): the text in the
brackets must be a real syllable (tone marks or tone numbers allowed), and ideally one the
character before it can be read as, so `(A)`, `(注)`, `(WWF)` and `(2025-2027年)` never match.
Also what is left of such annotations after a lossy code page: tone letters lost
(`產(ch?n)`), the character lost with its bracket (`?jiǎng)`), or both (`W(xu)`).
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
    return frozenset(base for base, _ in toned_readings(char))


@lru_cache(maxsize=4096)
def marked_readings(char: str) -> tuple[str, ...]:
    """Every reading of a character as pypinyin writes it with tone marks (its heteronyms:
    `pypinyin.pinyin(char, heteronym=True, style=Style.TONE)`), with those of its simplified
    form when they differ: the table misses some readings of traditional characters."""
    from corpus_qa.text.script import fold_to_simplified

    found: list[str] = []
    for form in dict.fromkeys((char, fold_to_simplified(char))):
        found.extend(r for r in _pinyin_table().get(ord(form), "").split(",") if r and r not in found)
    return tuple(found)


@lru_cache(maxsize=4096)
def toned_readings(char: str) -> frozenset[tuple[str, int]]:
    """(toneless syllable, tone) of every reading; the neutral tone is 5."""
    return frozenset((base, tone or 5) for base, tone in map(split_tone, marked_readings(char)))


@lru_cache(maxsize=1)
def _syllable_prefixes() -> frozenset[str]:
    return frozenset(s[:i] for s in syllables() for i in range(1, len(s) + 1))


@dataclass(frozen=True)
class Annotation:
    start: int  # the annotated character (or what is left where it was lost)
    end: int  # after the closing bracket
    char: str  # "" when the character was lost
    syllable: str  # as written in the brackets; where tone letters were lost, the reading meant
    reading_matches: bool  # the syllable, tone aside, is a reading of the character
    tone_matches: bool = False  # a tone is written and is the tone of that reading
    ascii_brackets: bool = True
    damage: str = ""  # "tone letters lost", "character lost" or "" for a whole annotation


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
        found.append(Annotation(
            match.start() - 1, match.end(), char, syllable, matches,
            tone is not None and (base, tone) in toned_readings(char), match.group(0)[0] == "(",
        ))
    return found


_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# What is left in the brackets when the tone-marked letters did not survive a code page
# (Big5 has no ǎ: `?`; a single-byte decode of UTF-8: `ÇŽ` or nothing).
_DAMAGED = re.compile(
    rf"[(（](?<=[{IDEOGRAPH}][(（])([a-z](?:[a-z?\ufffd]|[^\x00-\x7f{_TONE_LETTERS}()（）\s]){{0,9}})[)）]"
)
_PLACEHOLDER = r"(?:[?\ufffd]|[^\x00-\x7f])"


@lru_cache(maxsize=2048)
def _skeleton(reading: str) -> re.Pattern[str] | None:
    """`chǎn` -> a pattern for `chn`, `ch?n`, `chÇŽn`: the reading with each letter that is
    not ASCII dropped or replaced by up to three placeholders; None for an ASCII reading."""
    if reading.isascii():
        return None
    parts = [re.escape(c) if c.isascii() else f"{_PLACEHOLDER}{{0,3}}" for c in reading]
    return re.compile("".join(parts))


def find_tone_lost_annotations(text: str) -> list[Annotation]:
    """Annotations whose tone-marked letters were lost (`產(ch?n)`, `學(xu)`): what is left in
    the brackets is one of the character's readings with the letters that are not ASCII
    dropped or replaced, and not itself that reading."""
    found = []
    for match in _DAMAGED.finditer(text):
        char, left = text[match.start() - 1], match.group(1)
        for reading in marked_readings(char):
            pattern = _skeleton(reading)
            if pattern is not None and split_tone(left)[0] != split_tone(reading)[0] and pattern.fullmatch(left):
                found.append(Annotation(
                    match.start() - 1, match.end(), char, reading, True, False, match.group(0)[0] == "(",
                    "tone letters lost",
                ))
                break
    return found


# `?jiǎng)`: a character and its opening bracket lost together as one `?` (a double-byte
# code taking the bracket as the second byte of a character it cannot map).
_CHARACTER_LOST = re.compile(rf"[?\ufffd]([{_PINYIN_LETTERS}]{{1,6}}[1-5]?)[)）]")


def find_character_lost_annotations(text: str) -> list[Annotation]:
    """Tone-marked syllables between a lost character (`?`) and a closing bracket."""
    found = []
    for match in _CHARACTER_LOST.finditer(text):
        syllable = match.group(1)
        base, tone = split_tone(syllable)
        if syllable == syllable.lower() and tone is not None and base in syllables():
            found.append(Annotation(match.start(), match.end(), "", syllable, False, False, True, "character lost"))
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
