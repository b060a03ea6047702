"""Find a YAML frontmatter block (`---` ... `---`) near the top of a document.

Hexo, Jekyll and most static-site tools only see frontmatter whose `---` is the very first
line; a block that opens after blank lines or other text is still located here, so the
frontmatter rules can say what is in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_FENCE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_YAML_KEY = re.compile(r"^[ \t]*[\"']?[A-Za-z_][\w .-]*[\"']?[ \t]*:(?:[ \t]|\r?$)")
_MAX_LEADING_LINES = 5
# Real frontmatter nests a few levels and holds some hundred values; past these limits the
# block is reported as invalid instead of being built (a deep nest overflows the recursion
# of YAML loaders, and aliases can expand a small block into billions of values).
MAX_YAML_DEPTH = 50
MAX_YAML_VALUES = 1_000_000


@dataclass(frozen=True)
class FrontmatterBlock:
    open_start: int  # offset of the opening ---
    yaml_start: int  # first character of the YAML
    yaml_end: int  # end of the YAML (start of the closing --- line, or of the text)
    close_end: int | None  # end of the closing --- line; None when it never closes


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


@dataclass(frozen=True)
class FrontmatterEntry:
    """One top-level `key: value` with document offsets (duplicates are kept, in file order)."""

    key: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    value: Any


@dataclass(frozen=True)
class YamlProblem:
    offset: int  # document offset where the parser gave up
    reason: str


@dataclass(frozen=True)
class ParsedFrontmatter:
    entries: tuple[FrontmatterEntry, ...] = ()
    problem: YamlProblem | None = None

    def values(self) -> dict[str, Any]:
        """Key -> value as a YAML loader would return it (the last duplicate wins)."""
        return {entry.key: entry.value for entry in self.entries}


def parse_frontmatter(text: str, block: FrontmatterBlock) -> ParsedFrontmatter:
    """Parse the block's YAML with positions. Never raises on bad YAML: returns the problem."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from ruamel.yaml.composer import MaxDepthExceededError

    source = text[block.yaml_start : block.yaml_end]
    yaml = _yaml()
    _forget_last_document(yaml)
    try:
        root = yaml.compose(source)
    except MaxDepthExceededError as error:
        offset = block.yaml_start + min(error.problem_mark.index, len(source)) if error.problem_mark else block.yaml_start
        return ParsedFrontmatter(problem=YamlProblem(offset, f"nested more than {MAX_YAML_DEPTH} levels deep"))
    except MarkedYAMLError as error:
        mark = error.problem_mark
        if error.context_mark is not None and (mark is None or mark.index >= len(source.rstrip())):
            mark = error.context_mark  # "end of stream": where the unclosed thing began says more
        offset = block.yaml_start + (min(mark.index, len(source)) if mark else 0)
        reason = "; ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        return ParsedFrontmatter(problem=YamlProblem(offset, reason))
    except YAMLError as error:
        return ParsedFrontmatter(problem=YamlProblem(block.yaml_start, str(error)))
    if root is None:
        return ParsedFrontmatter()
    too_large = _too_large(root)
    if too_large:
        return ParsedFrontmatter(problem=YamlProblem(block.yaml_start + root.start_mark.index, too_large))
    if root.tag != "tag:yaml.org,2002:map":
        kind = "list" if root.tag.endswith(":seq") else "single value"
        reason = f"frontmatter is a {kind}, not a mapping of keys to values"
        return ParsedFrontmatter(problem=YamlProblem(block.yaml_start + root.start_mark.index, reason))
    entries = []
    base = block.yaml_start
    for key_node, value_node in root.value:
        try:
            key = yaml.constructor.construct_object(key_node, deep=True)
            value = yaml.constructor.construct_object(value_node, deep=True)
        except (YAMLError, ValueError, TypeError) as error:
            return ParsedFrontmatter(problem=YamlProblem(base + key_node.start_mark.index, str(error)))
        value_start, value_end = value_node.start_mark.index, value_node.end_mark.index
        key_end = key_node.end_mark.index
        while value_end > key_end and source[value_end - 1].isspace():  # an empty value ends at its key
            value_end -= 1
        value_start = min(value_start, value_end)
        entries.append(
            FrontmatterEntry(
                key=str(key),
                key_start=base + key_node.start_mark.index,
                key_end=base + key_node.end_mark.index,
                value_start=base + value_start,
                value_end=base + value_end,
                value=value,
            )
        )
    return ParsedFrontmatter(tuple(entries))


def _too_large(root) -> str | None:
    """Why the composed YAML must not be built into values (too deep, or its aliases expand
    too far), or None. Each node is visited once: aliases share node objects."""
    depth: dict[int, int] = {}  # id(node) -> levels of it and below
    size: dict[int, int] = {}  # id(node) -> values it stands for, aliases expanded
    opened: set[int] = set()  # nodes whose children are being measured
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in depth:
            continue
        children = _children(node)
        if not children_done and children:
            if id(node) in opened:  # reached again from below itself: `a: &a [*a]`
                return "an alias refers to the value that holds it (nested without end)"
            opened.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in depth)
            continue
        depth[id(node)] = 1 + max((depth[id(child)] for child in children), default=0)
        size[id(node)] = 1 + sum(size[id(child)] for child in children)
        if depth[id(node)] > MAX_YAML_DEPTH:
            return f"nested more than {MAX_YAML_DEPTH} levels deep"
        if size[id(node)] > MAX_YAML_VALUES:
            return f"aliases expand it to more than {MAX_YAML_VALUES:,} values"
    return None


def _children(node) -> list:
    if isinstance(node.value, list):  # a sequence's items, a mapping's (key, value) pairs
        return [child for item in node.value for child in (item if isinstance(item, tuple) else (item,))]
    return []


def _forget_last_document(yaml) -> None:
    """The YAML instance is reused between documents (it is slow to make), but a compose that
    failed half-way leaves its nesting depth and anchors behind, for the next document to
    trip on (a wrong depth error, an alias to another file's anchor)."""
    composer = yaml.composer
    composer.depth = 0
    composer.anchors = {}
    yaml.doc_infos.clear()  # one per compose, never read here


@lru_cache(maxsize=1)
def _yaml():
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class DatesAsText(SafeConstructor):
        """Dates stay strings: the date rules parse them, and `1998-13-45` must not crash."""

    DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = DatesAsText
    yaml.max_depth = MAX_YAML_DEPTH
    return yaml
