"""Bytes -> text, cheapest test first: BOM, ASCII, strict UTF-8, mostly-UTF-8, then chardet.

Every byte the chosen decoder cannot map becomes one U+FFFD in the text and a DecodeLoss
recording where it is and which bytes were lost, so rules can point at it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from corpus_qa.model import DecodeLoss

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# chardet names -> the decoder we use. Supersets decode strictly more of the real-world
# bytes (GB2312 files routinely contain GBK-only characters; Big5 files HKSCS ones).
_DECODER_FOR = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "ascii": "utf-8",
}

_VALID_CHARS_PER_LOSS = 2
_CHARDET_SAMPLE = 256 * 1024


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the bytes are, as a codec name: utf-8, gb18030, big5hkscs, utf-16-le ...
    confidence: float
    losses: tuple[DecodeLoss, ...]
    bom: bool = False


def looks_binary(raw: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 layout mean the file is not text."""
    return b"\x00" in raw and _utf16_guess(raw) is None


def _utf16_guess(raw: bytes) -> str | None:
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


_LOST = "\udc80"  # a lone surrogate: no strict decoder ever produces one, so it marks losses
_lost_bytes: list[bytes] = []


def _record_loss(error: UnicodeDecodeError) -> tuple[str, int]:
    _lost_bytes.append(error.object[error.start : error.end])
    return _LOST, error.end


codecs.register_error("corpus-qa-record", _record_loss)


def decode_with_losses(raw: bytes, encoding: str) -> tuple[str, tuple[DecodeLoss, ...]]:
    """Decode, replacing each undecodable byte run by one U+FFFD and recording where."""
    try:
        return raw.decode(encoding), ()
    except UnicodeDecodeError:
        pass
    _lost_bytes.clear()
    marked = raw.decode(encoding, errors="corpus-qa-record")
    offsets = [match.start() for match in re.finditer(_LOST, marked)]
    losses = tuple(DecodeLoss(offset, lost) for offset, lost in zip(offsets, _lost_bytes))
    _lost_bytes.clear()
    return marked.replace(_LOST, "\ufffd"), losses


def _cjk_utf16(raw: bytes) -> Decoded | None:
    """BOM-less UTF-16 of Chinese text has no NUL bytes; it decodes to mostly CJK."""
    if len(raw) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for char in text if "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef")
        if cjk >= 0.6 * len(text.strip()):
            return Decoded(text, codec, 0.6, ())
    return None


def _damaged_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with some bad bytes, not another encoding: valid multi-byte characters dominate.

    GBK or Big5 read as UTF-8 gives about one valid character per ten lost byte runs; real
    UTF-8 with a truncated or corrupted sequence gives hundreds of valid ones per loss.
    """
    text, losses = decode_with_losses(raw, "utf-8")
    valid_non_ascii = sum(1 for char in text if char > "\x7f") - len(losses)
    if valid_non_ascii < _VALID_CHARS_PER_LOSS * len(losses):
        return None
    return Decoded(text, "utf-8", 1.0 - len(losses) / max(len(raw), 1), losses)


def decode(raw: bytes) -> Decoded:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            text, losses = decode_with_losses(raw[len(bom) :], name)
            return Decoded(text, name, 1.0, losses, bom=True)
    if raw.isascii():
        return Decoded(raw.decode("ascii"), "ascii", 1.0, ())
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", 1.0, ())
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw and (guess := _utf16_guess(raw)):
        text, losses = decode_with_losses(raw, guess)
        return Decoded(text, guess, 0.9, losses)
    if damaged := _damaged_utf8(raw):
        return damaged

    import chardet  # imported late: most corpora never get here

    guess = chardet.detect(raw[:_CHARDET_SAMPLE])
    if guess.get("encoding") is None and (utf16 := _cjk_utf16(raw)):
        return utf16
    name = (guess.get("encoding") or "utf-8").lower()
    confidence = float(guess.get("confidence") or 0.0) if guess.get("encoding") else 0.0
    codec = _DECODER_FOR.get(name, name)
    try:
        codecs.lookup(codec)
    except LookupError:
        codec = "utf-8"
    text, losses = decode_with_losses(raw, codec)
    return Decoded(text, codec, confidence, losses)
