"""Minimal text repairs of frontmatter YAML that does not parse (FM002's fix).

Two problems are unambiguous: a line indented with tabs (each leading tab becomes the block's
indentation unit in spaces) and a plain `key: value` whose value holds `: ` or starts with a
character YAML reserves (`@`, backtick, `%`, `|`, `>`): the value is put in double quotes.
The parser is run again after each repair, so the problems are met in file order; the repair
stops at the first problem it does not know. Only the offending characters change: comments,
key order, other quoting and spacing stay byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus_qa.model import Edit
from corpus_qa.text.frontmatter import FrontmatterBlock, ParsedFrontmatter, parse_frontmatter

_MAX_STEPS = 200  # repairs of one block (one a line at most): a bound, never reached by real frontmatter
_TAB_PROBLEM = "found character '\\t' that cannot start any token"
# `key: value` on one line. Not a list item (`- a: b: c`): whether it was meant as the text
# "a: b: c" or as the mapping {a: "b: c"} is a guess.
_KEY_LINE = re.compile(
    r"(?P<lead>[ \t]*)"
    r"(?P<key>\"[^\"\n]*\"|'[^'\n]*'|[^\s#'\"\[\]{}&*!|>%@`,?:-][^\n]*?)"
    r"[ \t]*:[ \t]+(?P<value>[^\r\n]*)"
)
_COMMENT = re.compile(r"[ \t]#")
_RESERVED_START = "@`%|>"
_VALUE_PROBLEMS = ("mapping values are not allowed here", "that cannot start any token", "while scanning a block scalar")


@dataclass
class _Line:
    start: int  # offset of the line in the block, before any repair
    text: str  # the line's current text (its line break excluded)
    tabs: tuple[int, ...] = ()  # offsets in the line of the leading tabs replaced
    width: int = 0  # spaces each replaced tab became
    quoted: tuple[int, int] | None = None  # the value's span in the line, when quoted


@dataclass
class Repair:
    edits: tuple[Edit, ...]  # on the block's text (offset 0: its first character)
    safe: bool
    summary: str


@dataclass
class _State:
    lines: list[_Line]
    breaks: list[str]

    def source(self) -> str:
        return "".join(line.text + end for line, end in zip(self.lines, self.breaks))

    def line_at(self, offset: int) -> int:
        """Index of the line holding `offset` of the current source."""
        position = 0
        for index, (line, end) in enumerate(zip(self.lines, self.breaks)):
            position += len(line.text) + len(end)
            if offset < position:
                return index
        return len(self.lines) - 1

    def line_start(self, index: int) -> int:
        return sum(len(line.text) + len(end) for line, end in zip(self.lines[:index], self.breaks[:index]))


def repair(source: str) -> Repair | None:
    """The repair of the block text `source` (which does not parse), or None when its first
    problem is not one this module knows. Safe when the repaired block parses, every key that
    parsed in front of the problem keeps its value, and each quoted value reads as the text
    that was there."""
    state = _split(source)
    unit = _indent_unit(source)
    parsed = _parse(source)
    repaired: list[int] = []  # the lines repaired, in order: each once, each after the one before
    for _ in range(_MAX_STEPS):
        if parsed.problem is None:
            break
        index = state.line_at(parsed.problem.offset)
        if repaired and index <= repaired[-1]:  # no progress: the last repair did not help
            break
        column = parsed.problem.offset - state.line_start(index)
        if not (_untab(state.lines[index], column, parsed.problem.reason, unit)
                or _quote(state.lines[index], column, parsed.problem.reason)):
            break
        repaired.append(index)
        parsed = _parse(state.source())
    if not repaired:
        return None
    first_line = repaired[0]
    edits = tuple(edit for line in state.lines for edit in _edits(line, source))
    safe = parsed.problem is None and _keeps_values(source, state, first_line, parsed)
    return Repair(edits, safe, _summary(state))


def _split(source: str) -> _State:
    lines, breaks, start = [], [], 0
    for raw in source.splitlines(keepends=True):
        text = raw.rstrip("\r\n")
        lines.append(_Line(start, text))
        breaks.append(raw[len(text):])
        start += len(raw)
    return _State(lines, breaks)


def _indent_unit(source: str) -> int:
    """The narrowest indentation of the block's space-indented lines (2 when there is none)."""
    widths = [len(line) - len(line.lstrip(" ")) for line in source.splitlines()
              if line.strip() and not line.lstrip(" ").startswith(("#", "\t")) and line.startswith(" ")]
    return min(widths, default=2)


def _parse(source: str) -> ParsedFrontmatter:
    return parse_frontmatter(source, FrontmatterBlock(0, 0, len(source), len(source)))


def _untab(line: _Line, column: int, reason: str, unit: int) -> bool:
    """Leading tabs to spaces, when the parser stopped at one of them."""
    lead = len(line.text) - len(line.text.lstrip(" \t"))
    if _TAB_PROBLEM not in reason or column >= lead or line.text[column] != "\t":
        return False
    line.tabs = tuple(i for i in range(lead) if line.text[i] == "\t")
    line.width = unit
    line.text = line.text[:lead].replace("\t", " " * unit) + line.text[lead:]
    return True


def _quote(line: _Line, column: int, reason: str) -> bool:
    """Double quotes around a plain value the parser stopped inside (a `: ` in it, or a
    character no plain value may start with)."""
    if not any(problem in reason for problem in _VALUE_PROBLEMS):
        return False
    match = _KEY_LINE.fullmatch(line.text)
    if match is None:
        return False
    start = match.start("value")
    value = match.group("value")
    comment = _COMMENT.search(value)
    value = (value[: comment.start()] if comment else value).rstrip(" \t")
    end = start + len(value)
    if not value or not start <= column < end or value[0] in "\"'[{#&*!":
        return False
    if "mapping values" in reason and ": " not in value:
        return False
    if "mapping values" not in reason and value[0] not in _RESERVED_START:
        return False
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    line.quoted = (start, end)  # the line was not repaired before: its offsets are the original's
    line.text = line.text[:start] + quoted + line.text[end:]
    return True


def _edits(line: _Line, source: str) -> list[Edit]:
    """The line's repairs as edits on the original block: one per tab, one per quote and escape."""
    edits = [Edit(line.start + i, line.start + i + 1, " " * line.width) for i in line.tabs]
    if line.quoted:
        start, end = (line.start + i for i in line.quoted)
        edits.append(Edit(start, start, '"'))
        edits.extend(Edit(i, i + 1, "\\" + source[i]) for i in range(start, end) if source[i] in '"\\')
        edits.append(Edit(end, end, '"'))
    return edits


def _keeps_values(source: str, state: _State, first_line: int, repaired: ParsedFrontmatter) -> bool:
    """Every key parsed in front of the first problem's entry keeps its value, and each quoted
    value reads back as the text it held."""
    entry = first_line
    while entry > 0 and not _opens_entry(state.lines[entry].text):
        entry -= 1
    before = _parse(source[: state.lines[entry].start])
    after = repaired.values()
    if before.problem is None and any(key not in after or after[key] != value for key, value in before.values().items()):
        return False
    for line in state.lines:
        if line.quoted and not _reads_as(line, source):
            return False
    return True


def _opens_entry(text: str) -> bool:
    return bool(text) and text[0] not in " \t#"


def _reads_as(line: _Line, source: str) -> bool:
    """The quoted line, alone and unindented, parses to its key and the very text of the value."""
    match = _KEY_LINE.fullmatch(line.text)
    if match is None:
        return False
    alone = line.text[match.start("key"):]
    parsed = _parse(alone)
    start, end = line.quoted
    text = source[line.start + start : line.start + end]
    return parsed.problem is None and len(parsed.entries) == 1 and parsed.entries[0].value == text


def _summary(state: _State) -> str:
    parts = []
    if any(line.tabs for line in state.lines):
        parts.append("indent with spaces instead of tabs")
    if any(line.quoted for line in state.lines):
        parts.append("quote the values holding ': ' or starting with a reserved character")
    return "; ".join(parts)
