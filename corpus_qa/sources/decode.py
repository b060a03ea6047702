"""Bytes -> text, cheapest test first: BOM, UTF-16/32 by layout (only when there are NUL
bytes), ASCII, strict UTF-8, mostly-UTF-8, then the legacy encodings, chosen by counted
losses and plausible text.

Every run of bytes the chosen decoder cannot map becomes one U+FFFD in the text and a
DecodeLoss recording where it is and which bytes were lost, so rules can point at it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
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
_CHINESE_CODECS = ("gb18030", "big5hkscs")


# Python codecs that are no document's charset: UTF-7 (7-bit: these bytes are not it, and it yields
# lone surrogates; the HTML standard forbids it) and the codecs that name no character encoding.
_NOT_CHARSETS = frozenset(("idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"))


def decoder_for(charset: str) -> str | None:
    """The codec that decodes text declared as `charset` (an HTTP or HTML charset name):
    GB2312/GBK as GB18030 and Big5 as Big5-HKSCS, as decode() does; None when Python knows
    no character encoding of that name (`rot13` and `base64` are codecs, not encodings)."""
    try:
        codec = codecs.lookup(charset.strip().strip("\"'").lower()).name
        b"\x00".decode(codec)
    except UnicodeDecodeError:
        pass  # a character encoding that one NUL byte does not fit (UTF-16)
    except (LookupError, ValueError, UnicodeError):  # LookupError: not a text encoding; ValueError: a NUL in the name
        return None
    if codec in _NOT_CHARSETS:
        return None
    return _DECODER_FOR.get(codec, codec)

_VALID_CHARS_PER_LOST_BYTE = 2
_CHARDET_SAMPLE = 256 * 1024
_SCORE_SAMPLE = 64 * 1024  # bytes each candidate decoding is judged on
_LAYOUT_SAMPLE = 4096
_SCORE_CHARS = 8000
_ENOUGH_IDEOGRAPHS = 30  # to judge a text by its share of frequent ideographs
_CONFIDENT = 0.5  # chardet this sure of a lossless non-Chinese decoding beats thin Chinese evidence
# ... when its non-ASCII characters are this much letters: French in Latin-1 or Russian in KOI8-R
# is (é, ж), GBK or Big5 read as Latin-1 or KOI8-R is half symbols (¤´¸, ╡). Short texts are where
# chardet's guesses differ between its versions (5.x: KOI8-R for 中文测试 in GBK, 7.x: other).
_LETTERS = 0.95


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the bytes are, as a codec name: utf-8, gb18030, big5hkscs, utf-16-le ...
    confidence: float
    losses: tuple[DecodeLoss, ...]
    bom: bool = False


# Lossy decoding without state: each lost byte is first written as the lone surrogate
# U+DC00+byte, which no strict decoder used here produces (UTF-7 could, so it is never used);
# then one regex pass turns each run of them into one U+FFFD and a DecodeLoss holding the bytes.
# Python's own "surrogateescape" writes exactly that, in C, whenever every lost byte is >= 0x80
# (always so for UTF-8); the handler below covers the rest (UTF-16 halves, GB18030 0x30 bytes).
_LOST = re.compile("[\udc00-\udcff]")
_LOST_RUN = re.compile("[\udc00-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_LOST_TAIL = re.compile("[\udc00-\udcff]+\\Z")
_SPACED_IDEOGRAPH = re.compile("(?<= )[\u3400-\u9fff]|[\u3400-\u9fff](?= )")
_ASCII_OR_LOST_RUN = re.compile("[\x00-\x7f\udc00-\udcff]+")


def _mark_lost_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    lost = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in lost), error.end


codecs.register_error("corpus-qa-mark-lost", _mark_lost_bytes)


def _marked(raw: bytes, encoding: str) -> str:
    """The decoded text with each lost byte as U+DC00+byte."""
    try:
        return raw.decode(encoding, errors="surrogateescape")
    except UnicodeDecodeError:  # a lost byte below 0x80
        return raw.decode(encoding, errors="corpus-qa-mark-lost")


def _collapse(marked: str) -> tuple[str, tuple[DecodeLoss, ...]]:
    losses: list[DecodeLoss] = []
    collapsed = 0  # characters removed so far by turning runs into one U+FFFD

    def one_replacement(run: re.Match[str]) -> str:
        nonlocal collapsed
        losses.append(DecodeLoss(run.start() - collapsed, bytes(ord(char) - 0xDC00 for char in run.group())))
        collapsed += len(run.group()) - 1
        return "\ufffd"

    return _LOST_RUN.sub(one_replacement, marked), tuple(losses)


def decode_with_losses(raw: bytes, encoding: str) -> tuple[str, tuple[DecodeLoss, ...]]:
    """Decode, replacing each undecodable byte run by one U+FFFD and recording where."""
    try:
        return raw.decode(encoding), ()
    except UnicodeDecodeError:
        pass
    return _collapse(_marked(raw, encoding))


# --- UTF-16 and UTF-32 without a BOM, and the binary test -------------------------------------

# C0 and C1 controls other than white space, and DEL: text has almost none; binary data read
# as UTF-16/32 (NUL padding, small integers) is full of them.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_ODD_SHARE = 0.02


def _odd_share(sample: bytes, codec: str, unit: int) -> float:
    """The share of characters that are lost bytes, controls, unassigned or private use when the
    sample is read as `codec`: near 0 for text, well over 2% for random or structured binary
    data and for UTF-16 read in the wrong byte order."""
    sample = sample[: len(sample) - len(sample) % unit]
    if not sample:
        return 1.0
    text = _marked(sample, codec)  # a lost byte is a surrogate: category Cs
    if "\x00" in text.rstrip("\x00"):
        return 1.0  # a NUL character inside: no text has one, binary headers do
    odd = len(_CONTROL.findall(text))
    odd += sum(1 for char in text if char > "\x7f" and unicodedata.category(char) in ("Cn", "Co", "Cs"))
    return odd / len(text)


def _utf16_lane_guess(sample: bytes) -> str | None:
    """Mostly-ASCII (or Latin, Cyrillic ...) UTF-16: NULs sit in the high byte of each unit."""
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls >= 0.05 and even_nuls * 4 <= odd_nuls:
        return "utf-16-le"
    if even_nuls >= 0.05 and odd_nuls * 4 <= even_nuls:
        return "utf-16-be"
    return None


def _wide_layout(raw: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, for bytes holding NULs: the byte order that reads as text.

    UTF-32 checks itself (the wrong order gives code points past U+10FFFF). UTF-16 goes by where
    the NULs sit; Chinese UTF-16, with few NULs, by which order reads as text at all."""
    sample = raw[:_LAYOUT_SAMPLE]
    for codec in ("utf-32-le", "utf-32-be"):
        if len(sample) >= 8 and _odd_share(sample, codec, 4) <= _MAX_ODD_SHARE:
            return codec
    if len(sample) < 4:
        return None
    if lane := _utf16_lane_guess(sample):
        return lane if _odd_share(sample, lane, 2) <= _MAX_ODD_SHARE else None
    shares = {codec: _odd_share(sample, codec, 2) for codec in ("utf-16-le", "utf-16-be")}
    best = min(shares, key=shares.__getitem__)
    return best if shares[best] <= _MAX_ODD_SHARE else None


def _wide_bom(raw: bytes) -> tuple[bytes, str] | None:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return (bom, name) if name != "utf-8" else None
    return None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes mean the file is not text, unless it is UTF-16/32 (with a BOM or laid out
    like it) and decodes as such."""
    if b"\x00" not in raw:
        return False
    if bom := _wide_bom(raw):
        mark, name = bom
        unit = 4 if "32" in name else 2
        if _odd_share(raw[len(mark) : len(mark) + _LAYOUT_SAMPLE], name, unit) <= _MAX_ODD_SHARE:
            return False
    return _wide_layout(raw) is None


# --- the legacy encodings -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    """One codec's decoding of the score sample, judged as Chinese text."""

    codec: str
    lost_bytes: int
    ideographs: int
    common_share: float  # common ideographs among common + unusual characters (rare ideographs, kana, symbols ...)
    frequent_share: float  # the 100 most frequent ideographs (and traditional forms) among all ideographs
    spaced_share: float  # ideographs next to a space: Chinese under 35%, Korean read as GBK (words) over 50%
    letter_share: float  # letters (of any script) among the non-ASCII characters: text in its right codec is letters

    @property
    def reads_as_chinese(self) -> bool:
        """Right-codec Chinese is 97-100% common ideographs and 20-45% frequent ones (lists of
        names about 10%); GB read as Big5 or the reverse is 50-75% common and under 8% frequent.
        Fewer than 30 ideographs are too few to count frequent ones: those must be nearly all
        common, with hardly a byte lost (Latin-1 read as GBK pairs accented letters into a few
        ideographs, and loses the rest). UTF-16 read from legacy bytes is random characters,
        a few of them common by chance: it needs the long-text evidence."""
        if self.ideographs >= _ENOUGH_IDEOGRAPHS:
            plain = self.common_share >= 0.9 and self.spaced_share < 0.45
            return plain or (self.common_share >= 0.8 and self.frequent_share >= 0.12)
        if self.codec.startswith("utf-16"):
            return False
        few_lost = self.lost_bytes <= max(1, self.ideographs // 10)
        return self.ideographs > 0 and self.common_share >= 0.85 and few_lost and self.spaced_share < 0.45

    @property
    def strongly_chinese(self) -> bool:
        """Evidence that beats chardet's confident guess of another encoding: Korean EUC-KR read as
        GBK is all common ideographs (Hangul sits where GB2312 level 1 does), but few frequent ones."""
        return self.ideographs >= _ENOUGH_IDEOGRAPHS and self.common_share >= 0.8 and self.frequent_share >= 0.12


def _judge(sample: bytes, codec: str, truncated: bool) -> _Candidate:
    from corpus_qa.text.charsets import (
        IDEOGRAPH_PATTERN,
        common_char_pattern,
        frequent_ideographs,
        unusual_char_pattern,
    )

    marked = _marked(sample, codec)
    lost = len(_LOST.findall(marked))
    if truncated and (tail := _LOST_TAIL.search(marked)):
        lost -= len(tail.group())  # the sample cut a character in two, not the file
    # Judge the first few thousand non-ASCII characters: enough to tell, and it bounds the cost.
    chars = _ASCII_OR_LOST_RUN.sub("", marked)[:_SCORE_CHARS]
    ideographs = IDEOGRAPH_PATTERN.findall(chars)
    common = len(common_char_pattern().findall(chars))
    unusual = len(unusual_char_pattern().findall(chars))
    frequent = frequent_ideographs()
    return _Candidate(
        codec,
        lost,
        len(ideographs),
        common / max(common + unusual, 1),
        sum(1 for char in ideographs if char in frequent) / max(len(ideographs), 1),
        len(_SPACED_IDEOGRAPH.findall(marked)) / max(len(IDEOGRAPH_PATTERN.findall(marked)), 1),
        sum(1 for char in chars if char.isalpha()) / max(len(chars), 1),
    )


def _chardet_guess(raw: bytes) -> tuple[str | None, float]:
    import chardet  # imported late: most corpora never get here

    guess = chardet.detect(raw[:_CHARDET_SAMPLE])
    if not guess.get("encoding"):
        return None, 0.0
    name = guess["encoding"].lower()
    codec = _DECODER_FOR.get(name, name)
    try:
        if codecs.lookup(codec).name == "utf-7":
            return None, 0.0  # UTF-7 is 7-bit: these bytes are not it (and it yields lone surrogates)
    except LookupError:
        return None, 0.0
    return codec, float(guess.get("confidence") or 0.0)


def _legacy(raw: bytes) -> Decoded:
    """Chardet's guess against the Chinese candidates, each decoding with its losses counted:
    a plausible Chinese decoding with the fewest lost bytes wins, so a stray byte in a GBK file
    costs that byte, not the whole text to a single-byte codec guessed at confidence 0.02.
    GB18030 and Big5 byte ranges overlap (each decodes the other nearly losslessly), so the
    choice between them is by plausibility: which one reads as common Chinese characters."""
    guessed, confidence = _chardet_guess(raw)
    names = [guessed] if guessed else []
    names += [codec for codec in (*_CHINESE_CODECS, "utf-8") if codec not in names]
    if len(raw) % 2 == 0:
        names += ["utf-16-le", "utf-16-be"]  # Chinese UTF-16 has no NUL bytes to show its layout
    sample = raw[:_SCORE_SAMPLE]
    candidates = {name: _judge(sample, name, len(sample) < len(raw)) for name in names}

    chinese = [candidate for candidate in candidates.values() if candidate.reads_as_chinese]
    trust_guess = (
        guessed is not None
        and guessed not in _CHINESE_CODECS
        and confidence >= _CONFIDENT
        and candidates[guessed].lost_bytes == 0
        and candidates[guessed].letter_share >= _LETTERS
        and not any(candidate.strongly_chinese for candidate in chinese)
    )
    if chinese and not trust_guess:
        best = min(chinese, key=lambda c: (c.lost_bytes, -c.common_share, -c.frequent_share))
        text, losses = decode_with_losses(raw, best.codec)
        plausibility = best.common_share * (1 - best.lost_bytes / max(len(sample), 1))
        agreed = confidence if best.codec == guessed else 0.0
        return Decoded(text, best.codec, round(max(agreed, plausibility), 4), losses)
    # No plausible Chinese decoding: chardet's guess stands, as the best knowledge there is
    # of single-byte text (its confidences there are low even when right).
    codec = guessed or "utf-8"
    text, losses = decode_with_losses(raw, codec)
    return Decoded(text, codec, confidence, losses)


def _damaged_utf8(raw: bytes) -> Decoded | None:
    """UTF-8 with some bad bytes, not another encoding: valid multi-byte characters dominate.

    GBK or Big5 read as UTF-8 keeps about one valid character per twenty lost bytes; real
    UTF-8 with a truncated or corrupted sequence keeps hundreds of valid ones per lost byte.
    """
    marked = _marked(raw, "utf-8")
    lost_bytes = len(_LOST.findall(marked))
    valid_non_ascii = len(_NON_ASCII.findall(marked)) - lost_bytes
    if valid_non_ascii < _VALID_CHARS_PER_LOST_BYTE * lost_bytes:
        return None
    text, losses = _collapse(marked)
    return Decoded(text, "utf-8", 1.0 - lost_bytes / max(len(raw), 1), losses)


def decode(raw: bytes) -> Decoded:
    """The text of `raw`, the encoding it was read in, and each byte run that did not decode."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            text, losses = decode_with_losses(raw[len(bom) :], name)
            return Decoded(text, name, 1.0, losses, bom=True)
    if b"\x00" in raw and (layout := _wide_layout(raw)):  # before ASCII: UTF-16 of ASCII is ASCII bytes
        text, losses = decode_with_losses(raw, layout)
        return Decoded(text, layout, 0.9, losses)
    if raw.isascii():
        return Decoded(raw.decode("ascii"), "ascii", 1.0, ())
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", 1.0, ())
    except UnicodeDecodeError:
        pass
    if damaged := _damaged_utf8(raw):
        return damaged
    return _legacy(raw)
