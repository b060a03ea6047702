"""A file or record that could not be read at all.

What it flags:
    A file the operating system refused to read (permissions, a broken link, an I/O
    error), a JSONL line that is not a JSON object, a record without the text field, or
    a record file (gzip, Parquet) that is truncated or corrupt. The message says which.

Why it matters:
    Nothing in it was checked, and whatever consumes the corpus will fail on it too.

Example:
    bad:  {"id": "a1", "content": "..."}   with --text-field text
    good: {"id": "a1", "text": "..."}

Fix:
    Repair or remove the file or record; for JSONL, point `text-field`/`id-field` at the
    right keys.
"""

from corpus_qa.model import Severity
from corpus_qa.rules.encoding._problem import problem_rule

RULE = problem_rule("ENC901", "unreadable-document", "unreadable", Severity.ERROR)
