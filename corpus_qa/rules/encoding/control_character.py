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
    Automatic: escape sequences and controls are deleted, and the ones that break lines
    become a line break: a lone `\r` (an old Mac line end; one before `\r\n` is dropped), a
    form feed or vertical tab (dropped where a line already breaks beside it). Safe, except:
    a C1 control (U+0080-U+009F) is usually a byte of another encoding read as Latin-1, so
    deleting it is unsafe (repair the mojibake first, ENC005), and so is deleting a control
    between two letters or digits of a script that spaces its words, which it may have
    separated (`word\x1fword`); escape sequences excepted, which a terminal shows as nothing.
"""

import re

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.rules.encoding.invisible_character import in_spaced_word

_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)"
)


def check(doc, ctx):
    spans = [m.span() for m in _CONTROL.finditer(doc.text)]
    for start, end, count in grouped(spans):
        found = doc.text[start:end]
        kind = "ANSI escape sequence" if "\x1b" in found else "control character"
        yield Hit(start, end, f"{count} {kind}(s) in the text: {shown(found)}", fix=_removal(doc.text, start, end))


def _removal(text, start, end):
    """The fix: the run of controls deleted, a line break kept where one of them broke a line."""
    controls = list(_CONTROL.finditer(text, start, end))
    replacement = "".join("\n" for control in controls if _breaks_line(text, control, start, end))
    c1 = any("\x80" <= char <= "\x9f" for char in text[start:end])
    escapes = all(control.group().startswith("\x1b") for control in controls)  # a terminal shows nothing there
    joins = not replacement and in_spaced_word(text[start - 1 : start]) and in_spaced_word(text[end : end + 1])
    return Fix((Edit(start, end, replacement),), safe=not c1 and (escapes or not joins),
               summary="remove the control characters")


def _breaks_line(text, control, start, end):
    if control.group() == "\r":  # a line end of its own; before `\r\n` the same end written twice
        return not text.startswith("\r\n", control.end())
    return control.group() in "\x0b\x0c" and not _beside_line_break(text, start, end)


def _beside_line_break(text, start, end):
    return start == 0 or end == len(text) or text[start - 1] in "\r\n" or text[end] in "\r\n"


RULE = Rule("ENC013", "control-character", Category.ENCODING, Severity.ERROR, check=check, run_gap=SCATTERED)
