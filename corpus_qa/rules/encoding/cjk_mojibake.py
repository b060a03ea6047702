"""CJK text decoded with the wrong codec: mojibake made of real but wrong characters.

What it flags:
    Spans that are Chinese bytes read with the wrong decoder: UTF-8 read as GBK
    (`涓撳銆佷紒`, `TDSQL杩涘叆绗洓闃舵銆`) or as Big5; Big5 read as GBK (`繦诀场辅ぇ`)
    and GBK as Big5; GBK byte pairs out of step, as when traditional text in GBK is decoded
    as GB2312 (`?qū)<摇⑵髽I`) or a byte was lost; GBK/Big5 read as UTF-8 (U+FFFD mixed
    with stray Greek or Latin letters); GBK/Big5 read as Latin-1/cp1252
    (`ÓÑÇéÌáʾ£º`). Short runs of UTF-8 read as GBK are found by decoding them back:
    a lone `鈥?` for `—` (the lead bytes of `“”‘’—…`, `，：（）` and `。、《》` read as GBK are
    `鈥` `锛` `銆`, characters real text does not use), `鈥滄垜浠?瑕佸潥` for `“我们要坚`
    (a `?` where the GBK decoder dropped bytes). Evidence is a cluster of characters that are rare in real Chinese
    (uncommon ideographs, kana, zhuyin, symbols) and, where it works, the re-decoding that
    turns the span back into fluent Chinese: the finding's data then holds `repair`.

Why it matters:
    The characters are valid, so nothing downstream notices: tokenisers, search indexes and
    language models learn the garbage as if it were Chinese.

Example:
    bad:  TDSQL杩涘叆绗洓闃舵    (UTF-8 read as GBK)
    good: TDSQL进入第四阶段

Fix:
    Automatic: the span is replaced by its re-decoding (the finding's `repair`). Safe when
    the re-decoding is exact both ways (`span.encode("gbk").decode("utf-8")` is the repair
    and the repair encoded back gives the span: no byte lost, re-paired or trimmed) and the
    repair is common ideographs and CJK punctuation only (two ideographs at least unless it
    is UTF-8, which wrong bytes almost never form); unsafe otherwise (GBK byte pairs re-aligned
    drop a byte, full-width letters restored are a guess). No fix where bytes were lost
    (`partial_repair`) or nothing re-decodes. Better still, re-decode the original bytes
    with the right codec (the message names the mix-up).
"""

from dataclasses import replace

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._redecoding import LATIN, redecoding_fix
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.text.charsets import common_char_pattern
from corpus_qa.text.mojibake import CJK_TRANSFORMS, find_cjk_mojibake, find_latin_mojibake, find_markers, find_utf8_as_gbk_runs

_LATIN_SOURCES = {"gbk": "GBK text decoded as Latin-1/cp1252", "big5": "Big5 text decoded as Latin-1/cp1252"}
_LATIN_CODECS = {"gbk": "gbk", "big5": "big5hkscs"}
_CODECS = {t.name: (t.wrongly_read_as, t.really_is) for t in CJK_TRANSFORMS}


def check(doc, ctx):
    text = doc.text
    if text.isascii():
        return
    markers = find_markers(text)  # ENC007 reports those
    taken = list(markers)
    runs = find_utf8_as_gbk_runs(text)
    for hit in find_cjk_mojibake(text):
        if any(a < hit.end and hit.start < b for a, b in markers):
            continue
        hit, repair_fits = _trimmed_to_runs(text, hit, runs)
        if any(a < hit.end and hit.start < b for a, b in taken):
            continue  # two pieces of one run, widened to it
        taken.append((hit.start, hit.end))
        data = {"flavour": hit.flavour}
        message = f"{shown(text[hit.start:hit.end])!r} looks like {hit.description}"
        fix = None
        if hit.repair:
            data["repair"] = hit.repair
            message += f": re-decoded it reads {shown(hit.repair)!r}"
            if repair_fits and hit.flavour in _CODECS:
                fix = redecoding_fix(text, hit.start, hit.end, hit.repair, *_CODECS[hit.flavour])
        elif hit.partial:
            data["partial_repair"] = hit.partial
        yield Hit(hit.start, hit.end, message, data, fix)
    for run in runs:
        if any(a < run.end and run.start < b for a, b in taken):
            continue
        excerpt = shown(text[run.start:run.end])
        if not run.repair.strip("\ufffd"):
            message = (f"{excerpt!r} is the UTF-8 of a typographic mark (— “ ” ‘ ’ … ， 。) decoded as GBK, "
                       "its last byte lost")
            data = {"flavour": "utf8-as-gbk"}
        elif run.lost:
            message = (f"{excerpt!r} is UTF-8 text decoded as GBK, {run.lost} byte(s) lost to `?`: "
                       f"it read {shown(run.repair)!r}")
            data = {"flavour": "utf8-as-gbk", "partial_repair": run.repair}
        else:
            message = f"{excerpt!r} looks like UTF-8 text decoded as GBK: re-decoded it reads {shown(run.repair)!r}"
            data = {"flavour": "utf8-as-gbk", "repair": run.repair}
        fix = redecoding_fix(text, run.start, run.end, data.get("repair"), "gbk", "utf-8")
        yield Hit(run.start, run.end, message, data, fix)
    latin = [h for h in find_latin_mojibake(text) if h.source in _LATIN_SOURCES]
    for start, end, _ in grouped(((h.start, h.end) for h in latin), gap=1):
        pieces = [h for h in latin if start <= h.start < end]
        repair = "".join(h.repair or "" for h in pieces)
        source = pieces[0].source
        message = f"{shown(text[start:end])!r} looks like {_LATIN_SOURCES[source]}: re-decoded it reads {shown(repair)!r}"
        fix = redecoding_fix(text, start, end, repair, LATIN, _LATIN_CODECS[source])
        yield Hit(start, end, message, {"flavour": f"{source}-as-latin1", "repair": repair}, fix)


def _trimmed_to_runs(text, hit, runs):
    """A span widened over clean words (`并按照鈥滀竴鍥戒袱鍒?`) ends where the UTF-8-as-GBK
    runs over it end, when what lies beyond them is common characters; a run that starts
    before it or goes on past it (`鏃堕` of 时间, `鈥?` lost at its end) widens it, and its
    own decoding then replaces the repair. Returns the hit and whether its repair is still
    the re-decoding of its span (a span moved over several runs keeps the old one)."""
    overlapping = [r for r in runs if r.start < hit.end and hit.start < r.end]
    if not overlapping:
        return hit, True
    first, last = overlapping[0], overlapping[-1]
    common = common_char_pattern()
    start = first.start if first.start < hit.start or all(common.match(c) for c in text[hit.start:first.start]) else hit.start
    end = last.end if last.end > hit.end or all(common.match(c) for c in text[last.end:hit.end]) else hit.end
    if (start < hit.start or end > hit.end) and len(overlapping) == 1 and (start, end) == (first.start, first.end):
        repair = None if first.lost else first.repair
        return replace(hit, start=start, end=end, repair=repair, partial=first.repair if first.lost else hit.partial), True
    return replace(hit, start=start, end=end), (start, end) == (hit.start, hit.end)


RULE = Rule(
    "ENC004", "cjk-mojibake", Category.ENCODING, Severity.ERROR,
    check=check, run_gap=SCATTERED, explains=("ENC003", "ENC008", "ENC009", "ENC011", "ENC012", "ENC014", "ENC016", "ENC018"),
)
