"""Frontmatter whose YAML does not parse, or is not a mapping of keys to values.

What it flags:
    A closed `---` block whose content is not valid YAML — a tab in indentation, an
    unclosed quote, `key: value: more` — or is a list or a single value instead of
    `key: value` lines. The finding points at the file line and column where the parser
    gave up (for an unclosed quote or bracket: where it opened) and quotes its reason.

Why it matters:
    Site generators and corpus loaders either crash on the file or drop every metadata
    field of it — title, date, categories — without saying so.

Example:
    bad:  title: '人工智能
          date: 2022-08-18
    good: title: '人工智能'
          date: 2022-08-18

Fix:
    Correct the YAML at the reported line; quote values that contain `: ` or start with
    a special character. `corpus-qa fix` repairs two problems with minimal edits (comments,
    key order and other quoting stay byte for byte): leading tabs become spaces (as many as
    the block's narrowest indentation, or 2), and a plain `key: value` whose value holds
    `: ` or starts with `@`, a backtick, `%`, `|` or `>` gets double quotes (its quotes and
    backslashes escaped). Safe when the repaired block parses, the keys before the problem
    keep their values and each quoted value reads as the text that was there; unsafe
    otherwise (a later problem it cannot repair). Other problems (an unclosed quote, other
    bad indentation, a value in a list item) have no automatic fix.
"""

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._yaml_repair import repair


def check(doc, ctx):
    parsed = doc.frontmatter_parsed
    if parsed is None or parsed.problem is None:
        return
    offset = parsed.problem.offset
    end = doc.text.find("\n", offset)
    end = doc.frontmatter.yaml_end if end == -1 or end > doc.frontmatter.yaml_end else end
    line, column = doc.position(offset)
    message = f"frontmatter YAML does not parse at line {line}, column {column}: {parsed.problem.reason}"
    yield Hit(offset, max(end, offset), message, fix=_fix(doc))


def _fix(doc) -> Fix | None:
    block = doc.frontmatter
    found = repair(doc.text[block.yaml_start : block.yaml_end])
    if found is None:
        return None
    base = block.yaml_start
    edits = tuple(Edit(base + edit.start, base + edit.end, edit.replacement) for edit in found.edits)
    return Fix(edits, found.safe, found.summary)


RULE = Rule("FM002", "invalid-yaml", Category.FRONTMATTER, Severity.ERROR, check=check)
