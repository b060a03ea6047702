"""What a reader of a web page sees: its visible text, with each character's place in the page.

The page is tokenised by the standard library's HTML parser (`html.parser`), which reports
where each tag, text run and character reference starts, so every visible character keeps
the span of the page's text it came from. Left out: tags and their attributes, comments,
declarations, `<script>`, `<style>`, `<noscript>`, `<template>` and the like, and elements a
browser does not draw (`hidden`, `display:none`, `visibility:hidden` in their style
attribute). White space runs collapse to one space as a browser lays them out (`<pre>` and
`<textarea>` keep theirs); block elements and `<br>` break lines, so the text has one line
per paragraph, heading, list item or table cell. Character references are decoded (`&amp;`
is one `&` whose span is the whole reference). The `<title>` is the first line.
"""

from __future__ import annotations

import html
import re
from array import array
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose content is never drawn as text.
_UNSEEN = frozenset({"script", "style", "noscript", "template", "svg", "math", "object", "iframe",
                     "canvas", "audio", "video"})
# Elements that start a new line (a table cell too: old portals lay their pages out in tables).
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section",
    "select", "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "ul",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
# Elements a browser closes by itself (`<p>` at the next `<p>`): their end tag is no guide to where a
# hidden one ends, so only other elements are hidden by their attributes.
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot"})
_KEEP_SPACE = frozenset({"pre", "textarea", "listing", "plaintext"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?")


@dataclass(frozen=True, eq=False)
class VisibleText:
    """The visible text and, for each of its characters, the span of the page's text it
    stands for (`starts[i]` to `ends[i]`; a line break made by a tag has an empty span at
    the tag)."""

    text: str
    starts: array
    ends: array
    linked: bytearray  # 1 for a character inside a link (<a href>): menus and lists are mostly links
    body_start: int = 0  # where the text after the <title> line starts


def visible_text(markup: str) -> VisibleText:
    reader = _Reader(markup)
    try:
        reader.feed(markup)
        reader.close()
    except (AssertionError, ValueError):  # html.parser gives up on a few malformed declarations
        pass
    return reader.result()


class _Reader(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", markup)]
        self.chars: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.unseen: tuple[str, int] | None = None  # (element, depth) while inside an undrawn element
        self.keep_space = 0
        self.links = 0  # depth of open <a href> elements
        self.linked = bytearray()
        self.title: tuple[list[str], array, array] | None = None
        self.in_title = False
        self.last_break_was_br = False

    # -- where the parser is ------------------------------------------------------------------

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    # -- output ---------------------------------------------------------------------------------

    def _emit(self, chars: str, start: int, ends_at: int | None = None) -> None:
        """Visible characters taken one for one from the page at `start` (or, with `ends_at`,
        one character standing for the page's text start..ends_at)."""
        if self.in_title:
            chars_out, starts, ends = self.title
        else:
            chars_out, starts, ends = self.chars, self.starts, self.ends
        if not self.in_title:
            self.linked.extend(b"\x01" * len(chars) if self.links else bytes(len(chars)))
        if ends_at is not None:
            chars_out.append(chars)
            starts.append(start)
            ends.append(ends_at)
            return
        chars_out.extend(chars)
        starts.extend(range(start, start + len(chars)))
        ends.extend(range(start + 1, start + len(chars) + 1))

    def _break_line(self, at: int) -> None:
        if self.in_title:
            return
        chars = self.chars
        while chars and chars[-1] == " ":
            chars.pop()
            self.starts.pop()
            self.ends.pop()
            self.linked.pop()
        if chars and chars[-1] != "\n":
            self._emit("\n", at, at)
        self.last_break_was_br = False

    def _at_line_start(self) -> bool:
        chars = self.title[0] if self.in_title else self.chars
        return not chars or chars[-1] in "\n "

    # -- parser events --------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, closed=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs, closed: bool) -> None:
        if self.unseen is not None:
            name, depth = self.unseen
            if tag == name and not closed:
                self.unseen = (name, depth + 1)
            return
        if not closed and (tag in _UNSEEN or (tag not in _SELF_CLOSING and _hidden(attrs))):
            self.unseen = (tag, 1)
            return
        at = self._offset()
        if tag == "br":
            self._break_at_br(at)
            return
        if tag == "title" and not closed and self.title is None:
            self.title, self.in_title = ([], array("q"), array("q")), True
            return
        if tag in _BLOCK:
            self._break_line(at)
        if tag in _KEEP_SPACE and not closed:
            self.keep_space += 1
        if tag == "a" and not closed and any(name == "href" for name, _ in attrs):
            self.links += 1

    def _break_at_br(self, at: int) -> None:
        """A `<br>` ends the line; a second one in a row leaves one blank line (a paragraph
        break in pages that lay paragraphs out with `<br><br>`), never more."""
        chars = self.chars
        if self.in_title:
            return
        if self.last_break_was_br and chars and chars[-1] == "\n" and (len(chars) < 2 or chars[-2] != "\n"):
            self._emit("\n", at, at)
            return
        self._break_line(at)
        self.last_break_was_br = True

    def handle_endtag(self, tag: str) -> None:
        if self.unseen is not None:
            name, depth = self.unseen
            if tag == name:
                self.unseen = None if depth == 1 else (name, depth - 1)
            elif tag in ("body", "html"):
                self.unseen = None
            return
        if tag == "title" and self.in_title:
            self.in_title = False
            return
        if tag in _BLOCK:
            self._break_line(self._offset())
        if tag in _KEEP_SPACE and self.keep_space:
            self.keep_space -= 1
        if tag == "a" and self.links:
            self.links -= 1

    def handle_data(self, data: str) -> None:
        if self.unseen is not None or not data:
            return
        start = self._offset()
        if self.keep_space and not self.in_title:
            self._emit(data, start)
            return
        position = 0
        for match in _SPACE_RUN.finditer(data):
            if match.start() > position:
                self._emit(data[position:match.start()], start + position)
            if not self._at_line_start():
                self._emit(" ", start + match.start())
            position = match.end()
        if position < len(data):
            self._emit(data[position:], start + position)

    def _reference(self) -> None:
        if self.unseen is not None:
            return
        start = self._offset()
        match = _CHARACTER_REFERENCE.match(self.markup, start)
        if match is None:
            return
        decoded = html.unescape(match.group())
        if decoded == match.group():  # not a known reference: shown as written
            self._emit(decoded, start)
            return
        for char in decoded:
            if char in " \t\n\r\f" and not self.keep_space:
                if not self._at_line_start():
                    self._emit(" ", start, match.end())
            else:
                self._emit(char, start, match.end())

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    # -- result ---------------------------------------------------------------------------------

    def result(self) -> VisibleText:
        self._break_line(len(self.markup))
        chars, starts, ends, linked = [], array("q"), array("q"), bytearray()
        if self.title is not None and "".join(self.title[0]).strip():
            title_chars, title_starts, title_ends = self.title
            while title_chars and title_chars[-1] == " ":
                title_chars.pop()
                title_starts.pop()
                title_ends.pop()
            chars.extend(title_chars)
            starts.extend(title_starts)
            ends.extend(title_ends)
            linked.extend(bytes(len(title_chars)))
            if self.chars:
                chars.append("\n")
                starts.append(title_ends[-1])
                ends.append(title_ends[-1])
                linked.append(0)
        body_start = len(chars)
        chars.extend(self.chars)
        starts.extend(self.starts)
        ends.extend(self.ends)
        linked.extend(self.linked)
        while chars and chars[-1] == "\n":
            chars.pop()
            starts.pop()
            ends.pop()
            linked.pop()
        return VisibleText("".join(chars), starts, ends, linked, min(body_start, len(chars)))


def _hidden(attrs) -> bool:
    for name, value in attrs:
        if name == "hidden" or (name == "style" and value and _HIDDEN_STYLE.search(value)):
            return True
    return False
