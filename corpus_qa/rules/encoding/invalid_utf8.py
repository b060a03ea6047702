"""Bytes that do not decode: not valid UTF-8 in a UTF-8 document, or not valid in the
legacy encoding (GB18030, Big5 ...) a file was detected in.

What it flags:
    Byte sequences in a UTF-8 file (or lone surrogates in a JSONL record) that no UTF-8
    decoder accepts: a character cut in half by truncation, a stray byte from another
    encoding. The same in a GBK or Big5 file (a stray 0xFF): the file is still decoded in
    its own encoding (ENC002 names it), and only the bad bytes are lost. Each run of bad
    bytes became one U+FFFD; the finding sits on it and names the bytes.

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
    utf8 = doc.encoding in ("utf-8", "ascii")
    for run in _runs(doc.losses):
        first, last = run[0], run[-1]
        lost = b"".join(loss.raw for loss in run)
        shown = " ".join(f"{byte:02x}" for byte in lost[:12]) + (" ..." if len(lost) > 12 else "")
        what = "invalid UTF-8 byte(s)" if utf8 else f"byte(s) not valid {doc.encoding}"
        yield Hit(first.offset, last.offset + 1, f"{len(lost)} {what} replaced by U+FFFD: {shown}")


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
