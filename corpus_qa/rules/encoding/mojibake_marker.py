"""Well-known garbage strings: `锟斤拷`, `烫烫烫`, `屯屯屯` and their kin.

What it flags:
    `锟斤拷` (two U+FFFD written as UTF-8, then read as GBK; `嚙踝蕭` when read as Big5,
    `錕斤拷` after traditional conversion) and the MSVC debug fill bytes 0xCC/0xCD/0xDD read
    as GBK or Big5 (`烫烫烫`, `屯屯屯`, `葺葺葺`, `昍昍昍`) or cp1252 (`ÌÌÌÌ`). Fill patterns
    need three repeats (four in Latin), so `烫烫的` stays silent.

Why it matters:
    These strings carry no text at all: the characters that stood there were lost twice
    over (first to U+FFFD, then to a wrong decode), or never existed (uninitialised memory).

Example:
    bad:  下载地址：锟斤拷锟斤拷
    good: 下载地址：（the real text, from the source)

Fix:
    No automatic repair (the message says so): nothing can be recovered from the marker
    itself. Remove the span and re-fetch the document from its source.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding.replacement_character import NO_REPAIR
from corpus_qa.text.mojibake import find_markers

_FILL = {"烫": "0xCC", "燙": "0xCC", "昍": "0xCC", "Ì": "0xCC", "屯": "0xCD", "迋": "0xCD", "Í": "0xCD"}


def check(doc, ctx):
    if doc.text.isascii():
        return
    for start, end in find_markers(doc.text):
        found = doc.text[start:end]
        if found[0] in _FILL or found[0] in "葺楥Ý":
            what = f"uninitialised-memory fill bytes ({_FILL.get(found[0], '0xDD')}) read as text"
        else:
            what = "U+FFFD replacement characters encoded as UTF-8 and then read as GBK/Big5"
        yield Hit(start, end, f"{found[:12]!r} is {what}: the original text is lost{NO_REPAIR}")


RULE = Rule(
    "ENC007", "mojibake-marker", Category.ENCODING, Severity.ERROR,
    check=check, run_gap=SCATTERED, explains=("ENC003", "ENC004", "ENC008", "ENC009", "ENC011", "ENC012"),
)
