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
    Automatic, unsafe (a style choice, applied only when asked): every flagged mark becomes
    its full-width form (`,` -> `，`, `;` -> `；`, `:` -> `：`, `!` -> `！`), and `?` -> `？`
    where it ends a question (a particle such as 吗/呢 before it, a question word in its
    clause): elsewhere a `?` between ideographs is as likely a lost character (ENC008), which
    `？` would hide, so it is left. The finding that stands for all the marks of a document
    carries the edits of all of them, not only the first. Leave them if the corpus style is
    half-width.
"""

import re

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding.question_mark_placeholder import asks_question
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
                  f"Chinese text uses full-width marks", {"count": len(marks)}, _full_width(text, marks))
        return
    for offset in marks:
        mark = text[offset]
        yield Hit(offset, offset + 1, f"ASCII {mark!r} between CJK characters; Chinese text uses {_FULL_WIDTH[mark]!r}",
                  {"count": 1}, _full_width(text, [offset]))


def _full_width(text, offsets):
    """The fix: each mark to full width; a `?` only where it ends a question, since between
    ideographs it is as often a lost character (ENC008) that `？` would hide."""
    edits = tuple(Edit(offset, offset + 1, _FULL_WIDTH[text[offset]]) for offset in offsets
                  if text[offset] != "?" or asks_question(text, offset))
    return Fix(edits, safe=False, summary="use full-width punctuation between CJK characters") if edits else None


RULE = Rule("ENC012", "ascii-punctuation-in-cjk", Category.ENCODING, Severity.INFO, check=check, run_gap=SCATTERED)
