"""CJK text decoded with the wrong codec: mojibake made of real but wrong characters.

What it flags:
    Spans that are Chinese bytes read with the wrong decoder: UTF-8 read as GBK
    (`涓撳銆佷紒`, `TDSQL杩涘叆绗洓闃舵銆`) or as Big5; Big5 read as GBK (`繦诀场辅ぇ`)
    and GBK as Big5; GBK byte pairs out of step, as when traditional text in GBK is decoded
    as GB2312 (`?qū)<摇⑵髽I`) or a byte was lost; GBK/Big5 read as UTF-8 (U+FFFD mixed
    with stray Greek or Latin letters); GBK/Big5 read as Latin-1/cp1252
    (`ÓÑÇéÌáʾ£º`). Evidence is a cluster of characters that are rare in real Chinese
    (uncommon ideographs, kana, zhuyin, symbols) and, where it works, the re-decoding that
    turns the span back into fluent Chinese: the finding's data then holds `repair`.

Why it matters:
    The characters are valid, so nothing downstream notices: tokenisers, search indexes and
    language models learn the garbage as if it were Chinese.

Example:
    bad:  TDSQL杩涘叆绗洓闃舵    (UTF-8 read as GBK)
    good: TDSQL进入第四阶段

Fix:
    Re-decode the original bytes with the right codec (the message names the mix-up); if
    only the text survives, apply the suggested repair with the same re-encoding
    (`text.encode("gbk").decode("utf-8")` for UTF-8 read as GBK) and review it.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.text.mojibake import find_cjk_mojibake, find_latin_mojibake, find_markers

_LATIN_SOURCES = {"gbk": "GBK text decoded as Latin-1/cp1252", "big5": "Big5 text decoded as Latin-1/cp1252"}


def check(doc, ctx):
    text = doc.text
    if text.isascii():
        return
    markers = find_markers(text)  # ENC007 reports those
    for hit in find_cjk_mojibake(text):
        if any(a < hit.end and hit.start < b for a, b in markers):
            continue
        data = {"flavour": hit.flavour}
        message = f"{shown(text[hit.start:hit.end])!r} looks like {hit.description}"
        if hit.repair:
            data["repair"] = hit.repair
            message += f": re-decoded it reads {shown(hit.repair)!r}"
        elif hit.partial:
            data["partial_repair"] = hit.partial
        yield Hit(hit.start, hit.end, message, data)
    latin = [h for h in find_latin_mojibake(text) if h.source in _LATIN_SOURCES]
    for start, end, _ in grouped(((h.start, h.end) for h in latin), gap=1):
        pieces = [h for h in latin if start <= h.start < end]
        repair = "".join(h.repair or "" for h in pieces)
        source = pieces[0].source
        message = f"{shown(text[start:end])!r} looks like {_LATIN_SOURCES[source]}: re-decoded it reads {shown(repair)!r}"
        yield Hit(start, end, message, {"flavour": f"{source}-as-latin1", "repair": repair})


RULE = Rule("ENC004", "cjk-mojibake", Category.ENCODING, Severity.ERROR, check=check)
