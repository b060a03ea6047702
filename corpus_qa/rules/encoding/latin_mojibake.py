"""UTF-8 text decoded as Latin-1 or Windows-1252: `ç®€ä½“ä¸­æ–‡` for 简体中文.

What it flags:
    Runs of accented Latin letters and cp1252 symbols whose bytes are UTF-8 for CJK text
    or its punctuation (`ï¼Œ` for `，`, `â€œ` for `“`). The run is re-encoded one byte per
    character and decoded as UTF-8; the repair is in the finding's data. Runs that keep the
    shape of UTF-8 but lost their C1-control bytes on the way (`åºå½æ°çåºç¨`) are
    flagged without a repair. European mojibake that decodes to Latin letters (`Ã©` for
    `é`) is left alone: in a Chinese corpus it is more often real text than damage, and
    ftfy's own heuristics already judge it.

Why it matters:
    Every Chinese character became three Latin ones; the text is unreadable and inflates
    character counts, and a blanket "fix" with ftfy's defaults would also turn the
    document's real `，（）：“”` into ASCII.

Example:
    bad:  语言: ç®€ä½“ä¸­æ–‡
    good: 语言: 简体中文

Fix:
    Automatic: the span is replaced by its re-decoding, `span.encode("cp1252").decode("utf-8")`
    (Latin-1 for the C1 controls cp1252 leaves undefined). Safe when that is exact both ways
    (the repair's UTF-8 is the span's bytes: none lost, none skipped between pieces) and the
    repair is common ideographs and CJK punctuation only; unsafe otherwise. No fix when bytes
    were lost. Better still, re-read the source as UTF-8.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._redecoding import LATIN, redecoding_fix
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.text.mojibake import find_latin_mojibake


def check(doc, ctx):
    text = doc.text
    if text.isascii():
        return
    hits = [h for h in find_latin_mojibake(text) if h.source == "utf-8"]
    for start, end, _ in grouped(((h.start, h.end) for h in hits), gap=1):
        pieces = [h for h in hits if start <= h.start < end]
        excerpt = shown(text[start:end])
        if all(h.repair for h in pieces):
            repair = "".join(h.repair for h in pieces)
            yield Hit(start, end, f"{excerpt!r} is UTF-8 decoded as Latin-1/cp1252: it reads {shown(repair)!r}", {"repair": repair},
                      redecoding_fix(text, start, end, repair, LATIN, "utf-8"))
        else:
            yield Hit(start, end, f"{excerpt!r} is UTF-8 decoded as Latin-1/cp1252, with bytes lost: not repairable", None)


RULE = Rule(
    "ENC005", "latin-mojibake", Category.ENCODING, Severity.ERROR,
    check=check, run_gap=SCATTERED, explains=("ENC003", "ENC008", "ENC011", "ENC012", "ENC013", "ENC014"),
)
