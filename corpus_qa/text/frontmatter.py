"""Find a YAML frontmatter block (`---` ... `---`) near the top of a document.

Hexo, Jekyll and most static-site tools only see frontmatter whose `---` is the very first
line; a block that opens after blank lines or other text is still located here, so the
frontmatter rules can say what is in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_YAML_KEY = re.compile(r"^[ \t]*[\"']?[A-Za-z_][\w .-]*[\"']?[ \t]*:(?:[ \t]|\r?$)")
_MAX_LEADING_LINES = 5


@dataclass(frozen=True)
class FrontmatterBlock:
    open_start: int  # offset of the opening ---
    yaml_start: int  # first character of the YAML
    yaml_end: int  # end of the YAML (start of the closing --- line, or of the text)
    close_end: int | None  # end of the closing --- line; None when it never closes

    @property
    def at_start(self) -> bool:
        return self.open_start == 0


def find_frontmatter(text: str) -> FrontmatterBlock | None:
    opening = _FENCE.search(text, 0, _leading_window(text))
    if opening is None:
        return None
    yaml_start = opening.end() + 1 if text.startswith("\n", opening.end()) else opening.end()
    first_line = next((line for line in text[yaml_start : yaml_start + 500].splitlines() if line.strip()), "")
    if not _YAML_KEY.match(first_line):
        return None  # a Markdown rule or a divider, not frontmatter
    closing = _FENCE.search(text, yaml_start)
    if closing is None:
        return FrontmatterBlock(opening.start(), yaml_start, len(text), None)
    close_end = closing.end() + 1 if text.startswith("\n", closing.end()) else closing.end()
    return FrontmatterBlock(opening.start(), yaml_start, closing.start(), close_end)


def _leading_window(text: str) -> int:
    """Only the first few lines may precede an opening fence."""
    end = 0
    for _ in range(_MAX_LEADING_LINES + 1):
        newline = text.find("\n", end)
        if newline == -1:
            return len(text)
        end = newline + 1
    return end
