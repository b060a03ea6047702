"""A document stored in an encoding other than UTF-8 (GBK/GB18030, Big5, UTF-16 ...).

What it flags:
    Files whose bytes are not UTF-8 but decode in a legacy or UTF-16/32 encoding. The
    finding names the encoding that was detected (BOM, or detection and its confidence);
    the document was decoded with it, so every other rule still checks its text. Bytes
    even that encoding could not decode are counted here and located by ENC001.

Why it matters:
    A corpus with mixed encodings breaks every consumer that assumes UTF-8: GBK read as
    UTF-8 turns into runs of U+FFFD, UTF-8 read as GBK into `涓枃`-style mojibake.

Example:
    bad:  d6 d0 ce c4  (中文 in GBK)
    good: e4 b8 ad e6 96 87  (中文 in UTF-8)

Fix:
    Convert the file: `iconv -f GB18030 -t UTF-8 in.txt > out.txt` (use the encoding the
    finding names), then check that the text reads correctly.
"""

from corpus_qa.model import Category, Severity, Hit
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    if doc.encoding in ("utf-8", "ascii") or doc.raw is None:
        return
    how = "byte-order mark" if doc.bom else f"detected with confidence {doc.encoding_confidence:.2f}"
    end = doc.text.find("\n")
    end = len(doc.text) if end == -1 else end
    message = f"file is encoded in {doc.encoding} ({how}), not UTF-8"
    if doc.losses:
        message += f"; {len(doc.losses)} byte run(s) did not decode even in {doc.encoding} (ENC001 marks each)"
    yield Hit(0, min(end, 80), message, {"encoding": doc.encoding, "confidence": round(doc.encoding_confidence, 3)})


RULE = Rule("ENC002", "legacy-encoding", Category.ENCODING, Severity.ERROR, check=check)
