"""U+FFFD replacement characters already present in the text.

What it flags:
    Runs of `�` (U+FFFD) that the document itself contains: some earlier tool met bytes
    it could not decode and replaced them before the text reached this corpus. (Bytes
    that fail to decode in this file are ENC001 instead.) Adjacent ones form one finding.

Why it matters:
    Every U+FFFD is at least one lost character; a run of them is usually a lost word or
    sentence, and the surrounding text is often mojibake too.

Example:
    bad:  黄厝塔头公交站（往曾厝�方向）
    good: 黄厝塔头公交站（往曾厝垵方向）

Fix:
    No automatic repair (the message says so): the characters cannot be recovered from the
    text. Re-fetch or re-convert the document from its original bytes.
"""

import re

from corpus_qa.model import Category, Severity, Hit
from corpus_qa.rules.base import SCATTERED, Rule

_RUN = re.compile("\ufffd+")
NO_REPAIR = "; no automatic repair: the characters are lost"  # ENC007 and ENC008 say it too


def check(doc, ctx):
    if "\ufffd" not in doc.text:
        return
    decoder_made = {loss.offset for loss in doc.losses}
    for match in _RUN.finditer(doc.text):
        start, end = match.span()
        while start < end and start in decoder_made:
            start += 1
        while end > start and end - 1 in decoder_made:
            end -= 1
        if start < end:
            count = end - start
            yield Hit(start, end, f"{count} U+FFFD replacement character(s): text lost before this file was written"
                      f"{NO_REPAIR}")


RULE = Rule("ENC003", "replacement-character", Category.ENCODING, Severity.ERROR, check=check, run_gap=SCATTERED)
