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
    Keep one mark (the one the sentence needs); if every sentence has them, fix the
    converter that produced the text.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule

_RUN = re.compile(r"[,，、;；:：。]{2,}|[？！][,，、]")
_ONLY_STOPS = re.compile(r"[。]+|[:]+|[;]+")


def check(doc, ctx):
    text = doc.text
    for match in _RUN.finditer(text):
        run = match.group()
        if _ONLY_STOPS.fullmatch(run):
            continue
        yield Hit(match.start(), match.end(), f"{run!r}: {len(run)} punctuation marks in a row where one is meant")


RULE = Rule("ENC011", "clashing-punctuation", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
