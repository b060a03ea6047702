"""ASCII punctuation between Chinese characters (style): `效应,探索` instead of `效应，探索`.

What it flags:
    An ASCII comma, semicolon, colon, exclamation or question mark with an ideograph on
    both sides. Chinese text uses the full-width marks (，；：！？); half-width ones between
    ideographs usually mean the text went through a full-width-to-ASCII normalisation
    (NFKC, a "clean-up" script) or was typed with the wrong input mode. A document with
    more than three gets one finding at the first, with the count.

Why it matters:
    Style, not loss: the text reads the same. But mixed widths split tokens and n-gram
    statistics (`,` and `，` are different tokens), and a normalised document hints that
    other characters (digits, brackets) were changed too.

Example:
    bad:  为充分发挥产业集聚效应,探索智能制造产业链合作新模式
    good: 为充分发挥产业集聚效应，探索智能制造产业链合作新模式

Fix:
    Map the marks back to full width between CJK characters (`,` -> `，`, `:` -> `：` ...)
    or leave them if the corpus style is half-width.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.text.charsets import IDEOGRAPH

_MARK = re.compile(f"(?<=[{IDEOGRAPH}])[,;:!?](?=[{IDEOGRAPH}])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_SUMMARISE_AFTER = 3


def check(doc, ctx):
    marks = [m.start() for m in _MARK.finditer(doc.text)] if not doc.text.isascii() else []
    text = doc.text
    if len(marks) > _SUMMARISE_AFTER:
        first = marks[0]
        yield Hit(first, first + 1,
                  f"{len(marks)} ASCII punctuation marks between CJK characters (first here: {text[first]!r}); "
                  f"Chinese text uses full-width marks", {"count": len(marks)})
        return
    for offset in marks:
        mark = text[offset]
        yield Hit(offset, offset + 1, f"ASCII {mark!r} between CJK characters; Chinese text uses {_FULL_WIDTH[mark]!r}",
                  {"count": 1})


RULE = Rule("ENC012", "ascii-punctuation-in-cjk", Category.ENCODING, Severity.INFO, check=check, run_gap=SCATTERED)
