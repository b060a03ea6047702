r"""Line breaks written as the two characters `\n` (or `\r\n`, `\t`) inside prose.

What it flags:
    A backslash escape for a line break or tab standing in running text: `原标题：天气变化早知道\n镇坪县气象局`,
    `记者 程凌润 摄\n　　商场入口处`, `上传视频条数:\n8.5万`. Some step serialised the text (JSON,
    a CSV export, a database dump) and another read it back without unescaping. Runs
    (`\r\n`, `\n\n`, `\n \n`) are one hit, and hits up to 100 characters apart one
    finding. Left alone: Windows paths (`C:\new`,
    `D:\资料\test`), code, strings and regular expressions (`printf("%d\n", x)`, `/\n/g`,
    `a\nb` between ASCII letters or digits unless the document shows the damage in prose),
    LaTeX commands (`\nabla`, `\newline`, `\times`) and an escaped backslash (`\\n`).

Why it matters:
    The paragraph structure is lost (the whole document is one line) and every paragraph
    break becomes two junk characters glued to the words around it (`\n镇坪县` tokenises
    as `n镇坪县`), which models then learn to write.

Example:
    bad:  事故原因还在进一步调查中。\n更多精彩:
    good: 事故原因还在进一步调查中。
          更多精彩:

Fix:
    Unescape the text where it was read back (`json.loads`, or `text.replace("\\r\\n",
    "\n").replace("\\n", "\n").replace("\\t", "\t")` on the affected records only).
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.text.charsets import CJK_PUNCTUATION, IDEOGRAPH

_RUN = re.compile(r"(?<!\\)\\[rnt](?:[ \t\u3000\xa0]*(?<!\\)\\[rnt])*")
_WORD_AFTER = re.compile(r"[A-Za-z]+")
_CODE_NEIGHBOUR = re.compile(r"[A-Za-z0-9_]")
_STRING_OR_REGEX_AFTER = "\"'`/]|*"
_REGEX_OR_STRING_BEFORE = "/[|\"'`"
_PROSE = re.compile(f"[{IDEOGRAPH}{CJK_PUNCTUATION}\u2000-\u206f]")  # `……\n/ 刘谦`, `/\n今年` are prose
_PATH = re.compile(r"(?<![A-Za-z])[A-Za-z]:\\|\\\\[A-Za-z]|\\(?![rnt])[A-Za-z\u4e00-\u9fff]")
_PATH_WINDOW = 30
# LaTeX commands that begin with n, r or t (a formula in a technical post).
_LATEX = frozenset(
    "newline newpage noindent nabla neq ne nu not ni nolimits nonumber newcommand neg nleq ngeq "
    "rightarrow right rho rm rangle rceil rfloor textbf textit text tau theta times to top tilde "
    "triangle tfrac tan tanh tt".split()
)


def check(doc, ctx):
    text = doc.text
    if "\\" not in text:
        return
    found, between_code = [], []
    for match in _RUN.finditer(text):
        start, end = match.span()
        kind = _context(text, start, end)
        if kind == "prose":
            found.append(match)
        elif kind == "ascii":
            between_code.append(match)
    if not found:
        return
    # `1\n69\n26` (table cells) is the same damage once the document shows it in prose;
    # alone it may be code (`a\tb`) or a path (`C:\new`)
    for match in sorted(found + between_code, key=lambda m: m.start()):
        run = match.group()
        count = run.count("\\")  # a backslash in a run only opens one of its escapes
        yield Hit(match.start(), match.end(),
                  f"{run!r}: {count} escaped line break(s) or tab(s) written as text inside prose", {"count": count})


def _context(text, start, end):
    """prose, ascii (between ASCII letters or digits: code or a table row) or code."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    word = _WORD_AFTER.match(text, start + 1)
    if word and (word.group() in _LATEX or word.group().startswith(("newline", "newpage"))):
        return "code"
    if (after and after in _STRING_OR_REGEX_AFTER and not _PROSE.match(before)) or (
        before and before in _REGEX_OR_STRING_BEFORE and not _PROSE.match(after)
    ):
        return "code"  # a string literal ("hello\n", "\n//") or a regular expression (/\n/g, [^:\n])
    if _PATH.search(text, max(0, start - _PATH_WINDOW), min(len(text), end + _PATH_WINDOW)):
        return "code"
    if _CODE_NEIGHBOUR.match(before) and _CODE_NEIGHBOUR.match(after):
        return "ascii"  # a\tb, 1\n2
    return "prose"


RULE = Rule("ENC017", "escaped-line-break", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
