"""An HTML page whose declared charset disagrees with its bytes.

What it flags:
    A `<meta charset>`, `<meta http-equiv="Content-Type" content="...; charset=...">` or
    XHTML `<?xml ... encoding=...?>` declaration naming an encoding the bytes are not in:
    read in the declared charset, the bytes fail to decode or give another text than the
    encoding they were detected in. The finding sits on the declared name and says what
    the bytes are and what the declared reading does to them. A name no browser or Python
    decoder knows is flagged too. Declarations are read in the page's head, up to
    `<body>` (also past the first 1024 bytes browsers prescan, where archive toolbars and
    long comments push them), never in comments, scripts or text. Only a real difference
    counts: GB2312, GBK and GB18030 for GBK bytes, Big5 and Big5-HKSCS, ISO-8859-1 and
    windows-1252, `utf8` and `UTF-8`, any ASCII-compatible name on an ASCII page all
    agree. A page with a byte-order mark is not flagged: the BOM overrides any
    declaration in browsers and in lxml. Of two declarations, each one that disagrees
    with the bytes is flagged.

Why it matters:
    The classic cause of mojibake in saved pages: the page was re-saved (or converted)
    in UTF-8 but kept its old `charset=gb2312`, so a browser, lxml, or any extractor that
    trusts the declaration shows `涓枃` for `中文`, or cuts the text at the first byte that
    does not decode.

Example:
    bad:  <meta charset="gb2312"> in a file saved as UTF-8
    good: <meta charset="utf-8"> in a file saved as UTF-8

Fix:
    Make the declaration name the encoding the file is in (`utf-8`), or convert the file
    to the declared encoding; better, convert it to UTF-8 and declare that.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.page.parts import MARKUP
from corpus_qa.rules.base import Rule
from corpus_qa.rules.encoding._spans import shown
from corpus_qa.text.charset_declaration import charset_declarations, python_codec, reading_codec

_CONSEQUENCE = "a browser or extractor that trusts the declaration shows mojibake"
_WIDE = ("utf-16", "utf-32")
_SAMPLE_CHARS = 8  # characters of the text that the declared reading garbles, shown in the message


def check(doc, ctx):
    if doc.format != "html" or doc.raw is None or doc.bom or doc.placement is not None:
        return  # a page's markup, as its bytes decode (not a part of a page, not a record's text)
    detected = {python_codec(doc.encoding), reading_codec(doc.encoding)} - {None}
    readings: dict[str, str | None] = {}  # codec -> the bytes decoded with it, for repeated declarations
    for declaration in charset_declarations(doc.text):
        if message := _disagreement(doc, declaration.label, detected, readings):
            yield Hit(declaration.start, declaration.end, f"{declaration.kind} {message}",
                      {"declared": declaration.label, "detected": doc.encoding})


def _reading(raw: bytes, codec: str, readings: dict[str, str | None]) -> str | None:
    """The bytes decoded with `codec`, each undecodable run as one U+FFFD as the decoder does
    (None: a codec that cannot decode them even so)."""
    if codec not in readings:
        from corpus_qa.sources.decode import decode_with_losses

        try:
            readings[codec] = decode_with_losses(raw, codec)[0]
        except (LookupError, UnicodeError):
            readings[codec] = None
    return readings[codec]


def _disagreement(doc, label: str, detected: set[str], readings: dict[str, str | None]) -> str | None:
    """What is wrong with declaring `label` for this document's bytes; None when nothing is.
    `detected`: the codecs the detected encoding's name stands for, in Python and in browsers."""
    codec = reading_codec(label)
    if codec is None:
        return (f'declares unknown charset "{shown(label, 40)}": no browser or Python decoder knows it, '
                f"so each reader guesses (the bytes are {doc.encoding})")
    own = python_codec(label)
    if detected & {codec, own} or (doc.encoding.startswith(_WIDE) and (own or "").startswith(_WIDE)):
        return None  # the same encoding; or a UTF-16 page naming UTF-16, where HTML ignores declarations
    declared_text = _reading(doc.raw, codec, readings)
    if declared_text == doc.text:
        return None  # a superset's reading, or an ASCII page under an ASCII-compatible name
    said = f"declares charset {label}" + ("" if own == codec else f" (which browsers read as {codec})")
    evidence = [f"{said}, but the bytes are {doc.encoding}"]
    if (bad := _first_bad_byte(doc.raw, codec)) is not None:
        evidence.append(f"not valid {label if own == codec else codec} at byte offset {bad} "
                        f"({doc.raw[bad:bad + 2].hex(' ')})")
    if declared_text is not None:
        meant, garbled = _garbled_sample(doc.text, declared_text)
        evidence.append(f'"{meant}" reads as "{garbled}"')
    return "; ".join(evidence) + f"; {_CONSEQUENCE}"


def _first_bad_byte(raw: bytes, codec: str) -> int | None:
    try:
        raw.decode(codec)
    except UnicodeDecodeError as error:
        return error.start
    except UnicodeError:
        return None
    return None


def _garbled_sample(meant: str, garbled: str) -> tuple[str, str]:
    """The first stretch of non-ASCII text the two readings give differently, from each."""
    same = _common_prefix(meant, garbled)
    start = same
    while start > 0 and not meant[start - 1].isascii():
        start -= 1  # back to the start of the run of non-ASCII characters
    return _stretch(meant, start, _SAMPLE_CHARS), _stretch(garbled, start, _SAMPLE_CHARS * 3 // 2)


def _common_prefix(first: str, second: str) -> int:
    """Length of the longest common prefix, by bisection (string comparisons run in C)."""
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _stretch(text: str, start: int, most: int) -> str:
    end = start + 1
    while end < len(text) and end - start < most and not text[end].isascii():
        end += 1
    more = end < len(text) and not text[end].isascii()
    return shown(text[start:end], 4 * most) + ("…" if more else "")


RULE = Rule("ENC019", "declared-charset-mismatch", Category.ENCODING, Severity.ERROR, check=check, run_gap=None,
            reads=MARKUP)
