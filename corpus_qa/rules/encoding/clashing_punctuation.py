"""Doubled or clashing punctuation: `,,` `，，` `,、` `,。` `、、` `？，`.

What it flags:
    Two or more pause or stop marks in a row where one was meant: doubled commas (ASCII or
    full-width), a comma against an enumeration comma or a full stop, semicolons and colons
    against either, a full-width question or exclamation mark followed by a comma. These are the
    traces of a converter that added its own punctuation, or of text joined twice. Runs of
    `。` alone (`。。。`, an informal ellipsis), `...`, `？？`/`！！` (emphasis) and runs of
    ASCII `:` or `;` alone (code, URLs) are left alone.

Why it matters:
    The marks split sentences where the writer did not, and a corpus full of `,,` teaches a
    model to write them.

Example:
    bad:  2月21日,,市委理论学习中心组召开会议,。
    good: 2月21日，市委理论学习中心组召开会议。

Fix:
    Automatic: the run is reduced to one of its marks. A run of one mark (`，，`, `,,`, `、、`,
    or `,，`: one comma in two widths, the full-width one kept) is safe in Chinese text (a
    full-width mark in the run, or an ideograph beside it; `1,,2` may be an empty field of
    data, so there it is unsafe). A run of different marks keeps the strongest, as written:
    a full stop over a question or exclamation mark, over a semicolon or colon (the first of
    them), over an enumeration comma, over a comma (`,。` -> `。`, `，、` -> `、`, `？，` -> `？`);
    that is a guess, so unsafe. If every sentence has them, fix the converter that produced
    the text.
"""

import re

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.text.charsets import IDEOGRAPH

_RUN = re.compile(r"[,，、;；:：。]{2,}|[？！][,，、]")
_ONLY_STOPS = re.compile(r"[。]+|[:]+|[;]+")


def check(doc, ctx):
    text = doc.text
    for match in _RUN.finditer(text):
        run = match.group()
        if _ONLY_STOPS.fullmatch(run):
            continue
        yield Hit(match.start(), match.end(), f"{run!r}: {len(run)} punctuation marks in a row where one is meant",
                  fix=_one_mark(text, match.start(), match.end(), run))


# how strongly each mark ends what comes before it, full-width and ASCII forms alike
_STRENGTH = {"。": 5, "？": 4, "！": 4, "；": 3, ";": 3, "：": 3, ":": 3, "、": 2, "，": 1, ",": 1}
_SAME_MARK = {",": "，", ";": "；", ":": "："}
_IDEOGRAPH = re.compile(f"[{IDEOGRAPH}]")


def _one_mark(text, start, end, run):
    """The fix: the run replaced by the mark it stands for (see Fix above)."""
    marks = {_SAME_MARK.get(mark, mark) for mark in run}
    chinese = not run.isascii() or _IDEOGRAPH.search(text[start - 1 : start] + text[end : end + 1]) is not None
    strongest = max(_STRENGTH[mark] for mark in run)
    candidates = [mark for mark in run if _STRENGTH[mark] == strongest]
    first = _SAME_MARK.get(candidates[0], candidates[0])
    kept = next((mark for mark in candidates if mark == first), candidates[0])  # the full-width form if written
    return Fix((Edit(start, end, kept),), safe=len(marks) == 1 and chinese, summary="reduce the run of marks to one")


RULE = Rule("ENC011", "clashing-punctuation", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
