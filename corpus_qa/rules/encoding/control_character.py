r"""Control characters and terminal escape sequences inside the text.

What it flags:
    C0 controls other than tab, newline and carriage return before a newline (so `\x07`,
    `\x1a`, a form feed, a lone `\r`), DEL, C1 controls (U+0080-U+009F) and ANSI escape
    sequences such as `\x1b[31m` (one finding for the whole sequence). Adjacent ones form one
    finding.

Why it matters:
    Controls have no meaning in prose: they are debris from terminals, old word processors,
    or bytes of another encoding read as Latin-1 (C1 controls usually mean UTF-8 read as
    Latin-1). They break JSON/XML writers and render as boxes or nothing.

Example:
    bad:  \x1b[1m重要通知\x1b[0m：明日停电
    good: 重要通知：明日停电

Fix:
    Strip the escape sequences and controls (`re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)`);
    if C1 controls sit inside accented-letter runs, repair the mojibake first (ENC005).
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped, shown

_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)"
)


def check(doc, ctx):
    spans = [m.span() for m in _CONTROL.finditer(doc.text)]
    for start, end, count in grouped(spans):
        found = doc.text[start:end]
        kind = "ANSI escape sequence" if "\x1b" in found else "control character"
        yield Hit(start, end, f"{count} {kind}(s) in the text: {shown(found)}")


RULE = Rule("ENC013", "control-character", Category.ENCODING, Severity.ERROR, check=check, run_gap=SCATTERED)
