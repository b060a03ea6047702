"""Finding CJK mojibake and the re-decoding that repairs it.

Text decoded with the wrong CJK codec is made of real characters, so it cannot be told from
Chinese by validity; it can by rarity. Chinese prose is over 99.8% "common" ideographs
(charsets.common_ideographs); mojibake is half rare ideographs, kana, zhuyin and symbols.
So: find clusters of unusual characters with one regex, widen each to the clause around it,
and try the few re-encodings that real pipelines get wrong. A repair is offered only when
the re-decoded text is fluent (common ideographs, no junk) and clearly better than before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corpus_qa.text.charsets import (
    IDEOGRAPH,
    IDEOGRAPH_PATTERN,
    NON_ASCII_PATTERN,
    common_char_pattern,
    common_ideographs,
    frequent_ideographs,
    is_ideograph,
    unusual_char_pattern,
)


@dataclass(frozen=True)
class Transform:
    """Undo one wrong decode: encode the text back with the codec that was wrongly used to
    decode it, then decode the bytes with the codec they were really in."""

    name: str
    description: str
    wrongly_read_as: str
    really_is: str
    realign: bool = False  # re-pair double-byte runs that lost a byte

    def apply(self, text: str) -> str:
        raw = text.encode(self.wrongly_read_as, errors="replace")
        if not self.realign:
            return raw.decode(self.really_is, errors="replace")
        return _HIGH_BYTES.sub(lambda m: _realigned(m.group(), self.really_is), raw).decode(
            self.really_is, errors="replace"
        )


_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")


def _realigned(run: bytes, codec: str) -> bytes:
    """A run of double-byte text one byte out of step: drop its first byte if that reads better."""
    as_is = run.decode(codec, errors="replace")
    shifted = run[1:].decode(codec, errors="replace")
    return run[1:] if quality(shifted).score > quality(as_is).score + 1 else run


CJK_TRANSFORMS = (
    Transform("utf8-as-gbk", "UTF-8 text decoded as GBK", "gbk", "utf-8"),
    Transform("utf8-as-big5", "UTF-8 text decoded as Big5", "big5hkscs", "utf-8"),
    Transform("big5-as-gbk", "Big5 text decoded as GBK", "gbk", "big5hkscs"),
    Transform("gbk-as-big5", "GBK text decoded as Big5", "big5hkscs", "gbk"),
    Transform(
        "gbk-misaligned",
        "GBK byte pairs out of step (a lost byte, or traditional GBK text decoded as GB2312)",
        "gbk",
        "gbk",
        realign=True,
    ),
)


@dataclass(frozen=True)
class Quality:
    common: int  # common ideographs
    punctuation: int  # CJK punctuation and full-width forms
    unusual: int  # rare ideographs, kana, zhuyin, odd symbols, U+FFFD

    @property
    def score(self) -> float:
        return self.common + 0.5 * self.punctuation - 2 * self.unusual

    @property
    def fluent(self) -> bool:
        return self.common >= 2 and self.unusual <= 0.1 * (self.common + self.unusual)


_CJK_PUNCTUATION = re.compile("[\u3000-\u303f\uff01-\uff5e\u2018\u2019\u201c\u201d\u2026\u2014]")


def quality(text: str) -> Quality:
    """`?` counts as unusual too: lossy encoders and decoders leave it where a character was."""
    unusual = len(unusual_char_pattern().findall(text)) + text.count("?")
    return Quality(len(common_char_pattern().findall(text)), len(_CJK_PUNCTUATION.findall(text)), unusual)


@dataclass(frozen=True)
class Mojibake:
    start: int
    end: int
    flavour: str  # a Transform name, "gbk-as-utf8" or "unrepairable"
    description: str
    repair: str | None  # fluent re-decoding of the span
    partial: str | None = None  # best re-decoding when bytes were lost (not a repair)


# A clause boundary mojibake does not cross: white space and real CJK punctuation (a wrong
# decode turns punctuation into other characters, so real marks are real text).
_BOUNDARY = re.compile(r"[\s，。！？；：、“”‘’（）《》【】「」『』]")
_KANA_OR_ZHUYIN = re.compile("[\u3041-\u30ff\u3105-\u312f]")
_CLUSTER_GAP = 3  # unusual characters at most this far apart form one cluster
_MIN_UNUSUAL_SHARE = 0.2
_UNREPAIRABLE_MIN_UNUSUAL = 5
_UNREPAIRABLE_SHARE = 0.45
_PARTIAL_SHARE = 0.25
_MAX_REGION = 120  # characters either side of a cluster; long runs are judged piecewise


def find_cjk_mojibake(text: str) -> list[Mojibake]:
    """CJK-looking garbage: spans that re-decode into fluent Chinese, or are too dense in rare
    characters to be text at all."""
    found: list[Mojibake] = []
    covered_until = 0
    judged: set[tuple[int, int, int]] = set()
    for first, last in _clusters(text):
        if first < covered_until:
            continue
        if last - first == 2 and text[first] == text[first + 1]:
            continue  # 汩汩, 佼佼: reduplicated rare words, not mojibake
        start, end = _region(text, first, last)
        start = max(start, covered_until)
        if (start, end, first) in judged:
            continue
        judged.add((start, end, first))
        hit = _judge(text, start, end, first, last)
        if hit is not None:
            found.append(hit)
            covered_until = hit.end
    return _merge([_without_unchanged_edges(text, hit) for hit in found])


def _without_unchanged_edges(text: str, hit: Mojibake) -> Mojibake:
    """Characters the repair leaves as they were (ASCII, clean text before a misaligned run)
    are not part of the mojibake."""
    start, end, repair = hit.start, hit.end, hit.repair

    def same(pos: int, ref: str) -> bool:
        return ref == text[pos] if repair is not None else text[pos].isascii()

    while start < end and same(start, (repair or "")[:1]):
        start, repair = start + 1, None if repair is None else repair[1:]
    while end > start and same(end - 1, (repair or "")[-1:]):
        end, repair = end - 1, None if repair is None else repair[:-1]
    return Mojibake(start, end, hit.flavour, hit.description, repair, hit.partial)


def _clusters(text: str):
    """(first, last+1) of each group of unusual characters close together in one clause. A lone
    kana or zhuyin between ideographs is a group too: Big5 read as GBK leaves few rare
    ideographs (its common rows land on GB2312's) but scatters kana and zhuyin."""
    run: list[int] = []
    for match in unusual_char_pattern().finditer(text):
        pos = match.start()
        if run and (pos - run[-1] > _CLUSTER_GAP or _BOUNDARY.search(text, run[-1], pos)):
            if len(run) >= 2 or _KANA_OR_ZHUYIN.match(text, run[0]):
                yield run[0], run[-1] + 1
            run = []
        run.append(pos)
    if run and (len(run) >= 2 or _KANA_OR_ZHUYIN.match(text, run[0])):
        yield run[0], run[-1] + 1


def _region(text: str, first: int, last: int) -> tuple[int, int]:
    start = first
    while start > 0 and first - start < _MAX_REGION and not _BOUNDARY.match(text, start - 1):
        start -= 1
    end = last
    while end < len(text) and end - last < _MAX_REGION and not _BOUNDARY.match(text, end):
        end += 1
    return start, end


def _judge(text: str, start: int, end: int, first: int, last: int) -> Mojibake | None:
    region = text[start:end]
    if _gbk_read_as_utf8(region):
        return Mojibake(start, end, "gbk-as-utf8", "GBK or Big5 bytes decoded as UTF-8 (the lost bytes became U+FFFD)", None)
    if not _made_of_ideographs(region):
        return None
    nearby = text[max(start, first - 2) : min(end, last + 2)]
    if quality(nearby).unusual < max(2 if last - first > 1 else 1, _MIN_UNUSUAL_SHARE * _letters(nearby)):
        return None
    best, partial = _best_repair(text, start, end, first, last)
    if best is not None:
        return best
    unusual = len(unusual_char_pattern().findall(region))  # `?` not counted: mostly real questions
    letters = _letters(region)
    if _looks_japanese(region) or _looks_japanese(text[max(0, start - 50) : end + 50]):
        return None  # Japanese clauses are short and often kana-light; judge the neighbourhood
    if partial is not None and unusual >= 3 and unusual >= _PARTIAL_SHARE * letters:
        # Lossy mojibake (the wrong decoder dropped bytes): one re-decoding clearly helps
        # but cannot restore everything. Name the mix-up, offer no repair.
        transform, guess = partial
        return Mojibake(start, end, transform.name, f"{transform.description}, with bytes lost", None, guess)
    if unusual >= _UNREPAIRABLE_MIN_UNUSUAL and unusual >= _UNREPAIRABLE_SHARE * letters:
        return Mojibake(start, end, "unrepairable", "characters from a wrong decode that no re-decoding repairs", None)
    return None


def _letters(span: str) -> int:
    return len(NON_ASCII_PATTERN.findall(span))


def _gbk_read_as_utf8(region: str) -> bool:
    """U+FFFD interleaved with stray Latin/Greek/combining characters: the few byte pairs of
    GBK or Big5 text that happen to be valid UTF-8."""
    lost = region.count("\ufffd")
    strays = sum(1 for c in region if "\u0080" <= c <= "\u07ff")
    letters = _letters(region)
    ideographs = len(IDEOGRAPH_PATTERN.findall(region))  # Big5 read as GBK keeps many
    return lost >= 3 and strays >= 1 and lost >= 0.5 * letters and ideographs < 0.3 * letters


def _best_repair(text: str, start: int, end: int, first: int, last: int):
    """Try every transform on the clause and on spans trimmed towards the unusual cluster
    (mojibake is often glued to clean text); keep the clearest improvement. A transform that
    improves neither the clause nor the cluster itself is not tried on the other spans."""
    core, region = (first, last), (start, end)
    spans = sorted(
        {(max(start, first - lead), min(end, last + tail)) for lead in (0, 1, 2) for tail in (0, 1, 2)}
        - {core, region}
    )
    best: tuple[float, Mojibake] | None = None
    partial: tuple[float, Transform, str] | None = None
    readings: dict[tuple[int, int], list[tuple[str, str, float]]] = {}
    for transform in CJK_TRANSFORMS:
        promising = False
        for a, b in [region, core, *spans]:
            if (a, b) not in (core, region) and not promising:
                break
            if (a, b) not in readings:
                readings[a, b] = [(r, o, quality(r).score) for r, o in _readings(text[a:b])]
            for reading, original, score_before in readings[a, b]:
                if transform.realign and not _DAMAGE.search(original):
                    continue
                if transform.name == "big5-as-gbk" and _looks_japanese(original):
                    continue
                decoded = transform.apply(reading)
                repaired = _trim_replacement(decoded)
                if repaired == reading or repaired == original or repaired.count("\ufffd") * 3 > len(repaired):
                    continue
                after = quality(repaired)
                gain = after.score - score_before
                promising = promising or gain > 0
                if gain >= 3 and (a, b) == region and _plausible_guess(after, repaired):
                    if partial is None or gain > partial[0]:
                        partial = (gain, transform, repaired)
                if not after.fluent or gain < 3 or not _reads_as_prose(transform, decoded, repaired, original):
                    continue
                # Prefer the larger gain; widening over common characters must pay for itself
                # (re-pairing bytes turns any clean neighbour into some other common character).
                widened = text[a:first] + text[last:b]
                key = gain - 1.5 * len(common_char_pattern().findall(widened)) + 0.01 * (b - a)
                if best is None or key > best[0]:
                    best = (key, Mojibake(a, b, transform.name, transform.description, repaired))
    return (best[1] if best else None), (partial[1:] if partial else None)


def _readings(original: str):
    """The span as it stands, and (when ASCII touches CJK) with that ASCII made full-width
    again: scrapers often fold full-width forms (ｇ -> g), which inside mojibake were GBK
    row-3 byte pairs. Spans that are not mostly ideographs are not CJK mojibake at all."""
    if not _made_of_ideographs(original):
        return
    yield original, original
    if _GLUED_ASCII.search(original):
        yield _GLUED_ASCII.sub(lambda m: chr(ord(m.group()) + 0xFEE0), original), original


# Signs that bytes were lost or split, not only misread: odd symbols, `?`, U+FFFD, ASCII glued
# between ideographs. Re-pairing bytes is tried only then (it makes words out of any text).
_DAMAGE = re.compile(
    f"[?\ufffd\u2160-\u217f\u2460-\u24ff\u2500-\u257f\u3008-\u3011\u3220-\u324f\ue000-\uf8ff]"
    f"|[{IDEOGRAPH}][A-Za-z0-9?]+[{IDEOGRAPH}]"
)


_GLUED_ASCII = re.compile(r"[A-Za-z0-9](?=[^\x00-\x7f])")


def _made_of_ideographs(span: str) -> bool:
    """Mojibake from a CJK decoder is mostly ideographs; Greek, kana or box drawing alone are not."""
    non_ascii = len(NON_ASCII_PATTERN.findall(span))
    return non_ascii > 0 and len(IDEOGRAPH_PATTERN.findall(span)) * 2 >= non_ascii


def _plausible_guess(after: Quality, repaired: str) -> bool:
    """Good enough to name the flavour of lossy mojibake, not to offer as a repair."""
    ideographs = [c for c in repaired if is_ideograph(c)]
    frequent = frequent_ideographs()
    return (
        after.common >= 3
        and after.unusual <= 0.3 * (after.common + after.unusual)
        and sum(1 for c in ideographs if c in frequent) >= 0.1 * len(ideographs)
    )


def _reads_as_prose(transform: Transform, decoded: str, repaired: str, original: str) -> bool:
    """Strict UTF-8 is self-checking: random GBK bytes almost never form it. Every other
    re-decoding maps common characters onto common characters, so it must also read like
    prose (frequent characters), and short spans need clear signs of damage."""
    if transform.really_is == "utf-8":
        return "\ufffd" not in decoded or quality(repaired).common >= 3
    ideographs = [c for c in repaired if is_ideograph(c)]
    if len(set(ideographs) - set(original)) < 2:
        return False  # it only dropped characters (private-use marks, U+FFFD): no repair
    frequent = frequent_ideographs()
    if len(ideographs) < 6:
        return _STRONG_DAMAGE.search(original) is not None and any(c in frequent for c in ideographs)
    share = sum(1 for c in ideographs if c in frequent) / len(ideographs)
    before = [c for c in original if is_ideograph(c)]
    share_before = sum(1 for c in before if c in frequent) / max(1, len(before))
    return share >= 0.15 and share >= share_before + 0.08


# Byte damage nothing in real text explains: enclosed numbers, private-use characters, box
# drawing and U+FFFD next to ideographs, or ASCII letters glued inside a run of ideographs.
_STRONG_DAMAGE = re.compile(
    f"[\u2474-\u24ff\u2500-\u257f\ue000-\uf8ff\ufffd]|[{IDEOGRAPH}][A-Za-z][^\x00-\x7f]|[{IDEOGRAPH}]\\?[A-Za-z]"
)


def _trim_replacement(text: str) -> str:
    """A span cut mid-character re-decodes with a stray U+FFFD or `?` at its edges."""
    return text.strip("\ufffd?")


_KANA_WORD = re.compile("[\u3041-\u30ff]{2,}")


def _looks_japanese(region: str) -> bool:
    """Kana in words, not scattered one by one as Big5 read as GBK scatters them."""
    return _KANA_WORD.search(region) is not None


def _merge(found: list[Mojibake]) -> list[Mojibake]:
    merged: list[Mojibake] = []
    for hit in sorted(found, key=lambda h: h.start):
        if merged and hit.start <= merged[-1].end and hit.flavour == merged[-1].flavour:
            prev = merged.pop()
            repair = None if prev.repair is None or hit.repair is None else prev.repair + hit.repair
            hit = Mojibake(prev.start, max(prev.end, hit.end), prev.flavour, prev.description, repair, prev.partial)
        merged.append(hit)
    return merged


# --- Latin-looking mojibake: CJK bytes decoded one byte per character --------------------

# The characters a byte 0x80-0xFF becomes in Latin-1 or Windows-1252.
_CP1252_SPECIALS = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_LATIN_RUN = re.compile(f"[\u0080-\u00ff{re.escape(''.join(sorted(set(_CP1252_SPECIALS))))}]{{2,}}")
_TO_BYTE = {ord(c): bytes(c, "cp1252")[0] for c in _CP1252_SPECIALS}
_UTF8_SEQUENCE = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
_UTF8_SHAPE = re.compile(rb"(?:[\xe2-\xef][\x80-\xbf]{0,2})+")
_UTF8_LEAD_WITH_CONTINUATION = re.compile(rb"[\xe2-\xef][\x80-\xbf]")
_DOUBLE_BYTE = re.compile(rb"(?:[\x81-\xfe][\x40-\x7e\x80-\xfe])+")


@dataclass(frozen=True)
class LatinMojibake:
    start: int
    end: int
    source: str  # utf-8 | gbk | big5
    repair: str | None
    confirmed: bool  # fluent on its own (not only punctuation)


def _as_bytes(run: str) -> bytes:
    """Each character back to the one byte it was decoded from (1:1, so offsets carry over)."""
    return bytes(_TO_BYTE.get(ord(c), ord(c)) for c in run)


def find_latin_mojibake(text: str) -> list[LatinMojibake]:
    """Runs of Latin-1/cp1252 characters that are really UTF-8, GBK or Big5 bytes."""
    hits: list[LatinMojibake] = []
    for match in _LATIN_RUN.finditer(text):
        run = match.group()
        if not any("\u00a1" <= c <= "\u00ff" for c in run):
            continue  # only “”…— and friends: ordinary punctuation
        hits.extend(_latin_run_hits(run, match.start()))
    if any(h.source in ("gbk", "big5") and h.confirmed for h in hits):
        return hits
    # Punctuation-only GBK pieces (¡¡ for an ideographic space) count only beside real ones.
    return [h for h in hits if h.source == "utf-8" or h.confirmed]


def _latin_run_hits(run: str, offset: int) -> list[LatinMojibake]:
    raw = _as_bytes(run)
    if _utf8_shaped(raw):
        # UTF-8 lead and continuation bytes throughout: report the whole run, repaired if it
        # decodes (it does not when the C1-control bytes were dropped on the way).
        repair = raw.decode("utf-8", errors="replace")
        return [LatinMojibake(offset, offset + len(run), "utf-8", None if "\ufffd" in repair else repair, True)]
    hits = []
    for seq in _UTF8_SEQUENCE.finditer(raw):
        try:
            decoded = seq.group().decode("utf-8")
        except UnicodeDecodeError:  # surrogates and overlong forms fit the byte pattern
            continue
        if _cjk_like(decoded):
            hits.append(LatinMojibake(offset + seq.start(), offset + seq.end(), "utf-8", decoded, True))
    if hits:
        return hits
    for codec in ("gbk", "big5hkscs"):
        for seq in _DOUBLE_BYTE.finditer(raw):
            if len(seq.group()) % 2:
                continue
            try:
                decoded = seq.group().decode(codec)
            except UnicodeDecodeError:
                continue
            q = quality(decoded)
            ideographs = [c for c in decoded if is_ideograph(c)]
            fluent = q.fluent and q.common == len(ideographs) and len(set(ideographs)) >= 2
            only_punctuation = q.common == 0 and q.unusual == 0 and q.punctuation == len(decoded)
            if fluent or only_punctuation:
                source = "gbk" if codec == "gbk" else "big5"
                hits.append(LatinMojibake(offset + seq.start(), offset + seq.end(), source, decoded, fluent))
        if hits:
            return hits
    return hits


def _utf8_shaped(raw: bytes) -> bool:
    """Only 3-byte UTF-8 lead bytes, each followed by at most two continuation bytes: CJK in
    UTF-8, even when some continuation bytes (the C1 controls) were dropped."""
    if not _UTF8_SHAPE.fullmatch(raw):
        return False
    leads = sum(1 for byte in raw if byte >= 0xE2)
    return leads >= 3 and len(_UTF8_LEAD_WITH_CONTINUATION.findall(raw)) * 2 >= leads


def _cjk_like(decoded: str) -> bool:
    """UTF-8 that decodes to CJK or to the punctuation CJK text uses (3-byte characters)."""
    wide = [c for c in decoded if c >= "\u0800"]
    if not wide or len(wide) * 2 < len(decoded):
        return False
    return all(is_ideograph(c) or "\u2000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in common_ideographs() for c in wide)


# --- well-known garbage strings ---------------------------------------------------------

def marker_bases() -> tuple[set[str], set[str]]:
    """(the replacement pairs, the debug fills) as the legacy codecs decode them."""
    replacement_pair = "\ufffd\ufffd".encode("utf-8")
    pairs = {replacement_pair.decode("gbk"), replacement_pair.decode("big5hkscs")}
    fills = {bytes((byte, byte)).decode(codec) for byte in (0xCC, 0xCD, 0xDD) for codec in ("gbk", "big5hkscs")}
    return pairs, fills


@lru_cache(maxsize=1)
def marker_pattern() -> re.Pattern[str]:
    """`锟斤拷` (two U+FFFD in UTF-8 read as GBK; `嚙踝蕭` as Big5) and MSVC debug fill bytes
    0xCC/0xCD/0xDD read as GBK (`烫烫烫`, `屯屯屯`, `葺葺葺`) or Big5 (`昍昍`, `迋迋`)."""
    from corpus_qa.text.boilerplate_terms import traditional_forms  # OpenCC's forms, derived beforehand

    pairs, fills = marker_bases()
    pairs = {form for pair in pairs for form in traditional_forms(pair)}
    fills = {form for fill in fills for form in traditional_forms(fill)}
    latin_fills = {bytes((byte,)).decode("cp1252") for byte in (0xCC, 0xCD, 0xDD)}
    alternatives = [f"(?:{re.escape(p)})+" for p in sorted(pairs)]
    alternatives += [f"{re.escape(f)}{{3,}}" for f in sorted(fills)]
    alternatives += [f"{re.escape(f)}{{4,}}" for f in sorted(latin_fills)]
    return re.compile("|".join(alternatives))


@lru_cache(maxsize=1)
def _marker_firsts() -> tuple[str, ...]:
    return tuple(sorted({alternative.removeprefix("(?:")[0] for alternative in marker_pattern().pattern.split("|")}))


def find_markers(text: str) -> list[tuple[int, int]]:
    """Spans of marker_pattern() matches. str.find for their first characters rules out
    clean text far faster than the regex (an alternation is tried at every position)."""
    if not any(first in text for first in _marker_firsts()):
        return []
    return [m.span() for m in marker_pattern().finditer(text)]


# --- short runs of UTF-8 read as GBK, bytes lost to `?` ------------------------------------

@lru_cache(maxsize=1)
def _utf8_as_gbk_start() -> re.Pattern[str]:
    """UTF-8 lead bytes of CJK text and its punctuation (U+2000-U+2FFF: E2, U+3000-U+9FFF:
    E3-E9, full-width forms: EF) are GBK rows of rare characters (鈥 銆 锛 涓 ...): a run can
    only begin with one of those (a regex of them skips clean text at C speed)."""
    leads = set()
    for lead in range(0xE2, 0xF0):
        for trail in [*range(0x40, 0x7F), *range(0x80, 0xFF)]:
            try:
                leads.add(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return re.compile(f"[{''.join(re.escape(c) for c in sorted(leads))}]")


_PUNCTUATION_LEADS = frozenset("鈥銆锛")  # E2 80, E3 80, EF BC: “”‘’—… 。、《》 ，：（）！
_MAX_RUN = 400


@dataclass(frozen=True)
class Utf8AsGbk:
    start: int
    end: int
    repair: str  # U+FFFD where bytes were lost
    lost: int  # `?` standing for lost bytes


def _gbk_pair(char: str) -> bytes | None:
    try:
        raw = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 else None


def _utf8_as_gbk_at(text: str, start: int) -> Utf8AsGbk | None:
    """Walk from `start` re-encoding each character as GBK and feeding the bytes to a UTF-8
    decoder; a `?` stands for bytes a GBK decoder could not map (the rest of a character and
    what followed it). Returns the longest stretch that decodes, or None."""
    out: list[str] = []
    need = 0  # continuation bytes the current UTF-8 character still needs
    lenient = 0  # continuation bytes to skip after a `?` (the lost bytes may have held a lead)
    lost = 0
    end, done = start, 0  # the run so far, and how much of `out` it holds
    pending = bytearray()
    i = start
    while i < len(text) and i - start < _MAX_RUN:
        char = text[i]
        if char == "?":
            if not need and not lenient:
                break
            if need:
                out.append("\ufffd")
            need, lenient, pending = 0, 2, bytearray()
            lost += 1
            i += 1
            end, done = i, len(out)
            continue
        raw = _gbk_pair(char)
        if raw is None:
            break
        stop = False
        for index, byte in enumerate(raw):
            if need and 0x80 <= byte <= 0xBF:
                pending.append(byte)
                need -= 1
                if not need:
                    try:
                        out.append(bytes(pending).decode("utf-8"))
                    except UnicodeDecodeError:
                        stop = True
                        break
                    pending = bytearray()
            elif lenient and 0x80 <= byte <= 0xBF:
                lenient -= 1
            elif not need and 0xE2 <= byte <= 0xEF:
                pending, need, lenient = bytearray([byte]), 2, 0
            elif not need and index == 1 and 0x40 <= byte <= 0x7E:
                out.append(chr(byte))  # a character completed, then real ASCII (`鈥檚` for `’s`)
                i += 1
                return Utf8AsGbk(start, i, "".join(out), lost)
            else:
                stop = True
                break
        if stop:
            if len(out) > done:  # `溄` in `鈥溄`: ends “, then a stray byte
                end, done = i + 1, len(out)
            break
        i += 1
        if len(out) > done:  # only what completes a character: a clean `—` after `鈥?` is not skipped into the run
            end, done = i, len(out)
    if need and text[i - 1] in _PUNCTUATION_LEADS and i - 1 >= end:
        return Utf8AsGbk(start, i, "".join(out[:done]) + "\ufffd", lost + 1)  # `鈥` whose last byte was lost
    if end == start:
        return None
    return Utf8AsGbk(start, end, "".join(out[:done]), lost)


def _plausible_utf8(decoded: str) -> bool:
    """Every character CJK text is made of: common ideographs and CJK/typographic punctuation."""
    common = common_ideographs()
    return all(
        c in common or c == "\ufffd" or c.isascii() or "\u2010" <= c <= "\u2027" or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e"
        for c in decoded
    )


def _frequent_enough(decoded: str, ideographs: int) -> bool:
    """Two common characters can come from a rare name (灏峰 -> 尷弯); prose has frequent ones."""
    frequent = frequent_ideographs()
    return ideographs >= 4 or any(c in frequent for c in decoded)


def find_utf8_as_gbk_runs(text: str) -> list[Utf8AsGbk]:
    """Short runs of UTF-8 read as GBK that the cluster search misses: a lone `鈥?` for `—`,
    `鈥滄垜浠?瑕佸潥` for `“我们要坚`. A run counts when its bytes decode as UTF-8 (a `?` for
    the bytes a GBK decoder could not map) into common ideographs and punctuation, and it
    holds either a punctuation lead (`鈥` `銆` `锛`: E2 80, E3 80, EF BC; never in real text)
    or, with no byte lost, at least two decoded ideographs: four, or one of them frequent."""
    found: list[Utf8AsGbk] = []
    pos = 0
    for match in _utf8_as_gbk_start().finditer(text):
        if match.start() < pos:
            continue
        run = _utf8_as_gbk_at(text, match.start())
        if run is None:
            continue
        decoded = run.repair
        real = decoded.replace("\ufffd", "")
        if not real and not (run.lost and text[run.start] in _PUNCTUATION_LEADS):
            continue
        if not _plausible_utf8(decoded):
            continue
        has_lead = any(c in _PUNCTUATION_LEADS for c in text[run.start : run.end])
        ideographs = sum(1 for c in real if is_ideograph(c))
        if not has_lead and (run.lost or ideographs < 2 or not _frequent_enough(real, ideographs)):
            continue
        found.append(run)
        pos = run.end
    return found
