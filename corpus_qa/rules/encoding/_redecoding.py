"""The fix of a mojibake finding: the span replaced by its re-decoding.

Safe only when the re-decoding is exact both ways (the span's bytes in the codec that wrongly
decoded it are strictly the repair in the right codec, and the repair's bytes read back with
the wrong codec are the span again: nothing lost, trimmed, re-aligned or guessed), in every
variant of the codecs, and the repair reads as Chinese (common ideographs and CJK
punctuation only). Otherwise the repair is a guess: unsafe.
"""

from __future__ import annotations

from corpus_qa.model import Edit, Fix
from corpus_qa.text.charsets import common_ideographs, is_ideograph
from corpus_qa.text.mojibake import quality

LATIN = "latin"  # one byte per character: Windows-1252, Latin-1 where cp1252 leaves a byte undefined
SUMMARY = "replace the mojibake by its re-decoding"


# Codecs that disagree on a few byte pairs (Big5's kana rows, GBK's euro sign): a repair
# must come out the same whichever of them was used.
_VARIANTS = {"big5hkscs": ("big5hkscs", "big5", "cp950"), "gbk": ("gbk", "gb18030")}


def redecoding_fix(text: str, start: int, end: int, repair: str | None, wrongly_read_as: str, really_is: str) -> Fix | None:
    if not repair:
        return None
    readings = {
        _exact_redecoding(text[start:end], wrong, right)
        for wrong in _VARIANTS.get(wrongly_read_as, (wrongly_read_as,))
        for right in _VARIANTS.get(really_is, (really_is,))
    }
    safe = readings == {repair} and _reads_as_chinese(repair, really_is) and _whole(text, start, end, wrongly_read_as, really_is)
    return Fix((Edit(start, end, repair),), safe, SUMMARY)


_CP1252_SPECIALS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _whole(text: str, start: int, end: int, wrongly_read_as: str, really_is: str) -> bool:
    """The span is all of the mojibake, not a piece that happens to decode: no Latin-1
    character beside a span read one byte per character (`ä¾¯` is 侯 in UTF-8, inside the
    GBK bytes `Îä¾¯²¿` of 武警部); no ideograph beside a span re-decoded as GBK or Big5,
    which map common characters onto common ones, so the mojibake may go on unnoticed
    (`...合作竭疑` for `...合作很好`)."""
    beside = text[start - 1 : start] if start else ""
    beside += text[end : end + 1]
    if wrongly_read_as == LATIN and any("\u0080" <= c <= "\u00ff" or c in _CP1252_SPECIALS for c in beside):
        return False
    return really_is == "utf-8" or not any(is_ideograph(c) for c in beside)


def _exact_redecoding(span: str, wrongly_read_as: str, really_is: str) -> str | None:
    raw = _encoded(span, wrongly_read_as)
    if raw is None:
        return None
    try:
        repaired = raw.decode(really_is)
    except UnicodeDecodeError:
        return None
    if _encoded(repaired, really_is) != raw or not _reads_back(raw, wrongly_read_as, span):
        return None
    return repaired


def _encoded(text: str, codec: str) -> bytes | None:
    if codec != LATIN:
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            return None
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))  # a C1 control: Latin-1
    return bytes(raw)


def _reads_back(raw: bytes, codec: str, span: str) -> bool:
    """The bytes decoded with the wrong codec give the span. One byte per character reads
    back by construction (0x80-0x9F has two readings, cp1252's `€` and Latin-1's U+0080:
    _encoded took the span's own)."""
    if codec == LATIN:
        return True
    try:
        return raw.decode(codec) == span
    except UnicodeDecodeError:
        return False


def _reads_as_chinese(repair: str, really_is: str) -> bool:
    """Common ideographs and the punctuation CJK text uses, nothing rare, nothing lost. UTF-8
    is self-checking (wrong bytes almost never decode strictly), so a mark alone (`“` from
    `â€œ`) is enough; other codecs decode any byte pairs, so they must give words."""
    common = common_ideographs()
    wide = [c for c in repair if not c.isascii()]
    if not wide or quality(repair).unusual:
        return False
    if not all(c in common or "\u2010" <= c <= "\u2027" or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e" for c in wide):
        return False
    return really_is == "utf-8" or sum(1 for c in wide if c in common) >= 2
