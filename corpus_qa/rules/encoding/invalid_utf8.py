"""Bytes that are not valid UTF-8 in a UTF-8 document.

What it flags:
    Byte sequences in a UTF-8 file (or lone surrogates in a JSONL record) that no UTF-8
    decoder accepts: a character cut in half by truncation, a stray byte from another
    encoding. Each run of bad bytes became one U+FFFD; the finding sits on it and names the
    bytes.

Why it matters:
    The character that stood there is lost, and every tool downstream (tokenisers, search
    indexes, parquet writers) either fails or silently replaces it differently.

Example:
    bad (bytes):   e4 b8 ad e6 96 | 0a   ("中" then half of "文")
    good (bytes):  e4 b8 ad e6 96 87 0a

Fix:
    Re-export the document from its source with UTF-8 throughout; if the source is lost,
    the character cannot be recovered from the file.
"""

from corpus_qa.model import Category, Severity, Hit
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    if doc.encoding not in ("utf-8", "ascii"):
        return  # a legacy-encoded file: ENC002 reports it and its own losses
    for run in _runs(doc.losses):
        first, last = run[0], run[-1]
        lost = b"".join(loss.raw for loss in run)
        shown = " ".join(f"{byte:02x}" for byte in lost[:12]) + (" ..." if len(lost) > 12 else "")
        yield Hit(first.offset, last.offset + 1, f"{len(lost)} invalid UTF-8 byte(s) replaced by U+FFFD: {shown}")


def _runs(losses):
    run = []
    for loss in losses:
        if run and loss.offset != run[-1].offset + 1:
            yield run
            run = []
        run.append(loss)
    if run:
        yield run


RULE = Rule("ENC001", "invalid-utf8", Category.ENCODING, Severity.ERROR, check=check)
