"""A frontmatter value of the wrong type for its key.

What it flags:
    Values that do not match the type `[tool.corpus-qa.frontmatter] fields` gives their
    key: a string where a list belongs (`categories: 金融`), `comments: 'false'` (a
    string, which is true in JavaScript) instead of `false`, a number as a title. Types
    are string, list, bool, int, number, date, url and any; dates and URLs are checked
    further by FM009 and FM011. Empty values are FM006's.

Why it matters:
    Consumers index by type: a string in `categories` becomes a list of characters, and
    the quoted `'false'` turns comments on.

Example:
    bad:  comments: 'false'
          categories: 金融
    good: comments: false
          categories:
           - 金融

Fix:
    Write the value in the expected YAML type, or change `fields` for that key.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import failing_cells, is_empty, row_of, shown

_TYPE_TESTS = {
    "string": lambda v: isinstance(v, str),
    "list": lambda v: isinstance(v, list),
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "date": lambda v: isinstance(v, str),  # loaded as text; FM009 parses it
    "url": lambda v: isinstance(v, str),
}
_TYPE_NAMES = {"string": "a string", "list": "a list", "bool": "true or false", "int": "a whole number",
               "number": "a number", "date": "a date", "url": "a URL string"}


def _accepts(kind):
    test = _TYPE_TESTS[kind]
    return lambda value: is_empty(value) or test(value)


def check(doc, ctx):
    row = row_of(doc)
    if not row:
        return
    fields = {key: kind for key, kind in ctx["fields"].items() if kind in _TYPE_TESTS}
    for cell in failing_cells(row, {key: _accepts(kind) for key, kind in fields.items()}):
        kind = fields[cell.key]
        actual = type(cell.value).__name__
        message = f"frontmatter key {cell.key!r} should be {_TYPE_NAMES[kind]}, not a {actual} ({shown(cell.value)})"
        yield cell.hit(message, {"key": cell.key, "expected": kind, "found": actual})


RULE = Rule("FM007", "wrong-type", Category.FRONTMATTER, Severity.ERROR, check=check, run_gap=None)
