r"""Invisible characters: zero-width spaces and joiners, stray byte-order marks, bidi controls.

What it flags:
    U+200B zero-width space, U+200C/U+200D zero-width (non-)joiners outside emoji and the
    scripts that need them, U+2060 word joiner and the invisible operators, U+FEFF (a
    byte-order mark inside the text, or at the start of a record), U+00AD soft hyphens,
    U+200E/U+200F and U+202A-U+202E/U+2066-U+2069 bidirectional controls, Hangul fillers and
    tag characters. Adjacent ones form one finding. U+00A0 and U+3000 are ordinary spaces and
    are not flagged.

Why it matters:
    They are invisible in every editor yet split words for tokenisers and search
    (`人工\u200b智能` no longer matches 人工智能), defeat duplicate detection, and bidi
    controls can make text display differently from what it is.

Example:
    bad:  人工\u200b智能      (a zero-width space inside the word)
    good: 人工智能

Fix:
    Delete them: `re.sub("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)`;
    keep U+200D inside emoji sequences.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped

_INVISIBLE = re.compile(
    "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069\ufff9-\ufffb"
    "\u115f\u1160\u3164\uffa0\U000e0000-\U000e007f]"
)
# Zero-width joiners are part of emoji sequences; the non-joiner is spelling in Persian and
# Indic scripts.
_NEEDS_JOINER = re.compile("[\u0600-\u0dff\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]")
_NAMES = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\ufeff": "byte-order mark", "\u00ad": "soft hyphen",
}


def check(doc, ctx):
    text = doc.text
    if text.isascii():
        return
    spans = []
    for match in _INVISIBLE.finditer(text):
        pos = match.start()
        char = match.group()
        if char in "\u200c\u200d" and (
            (pos > 0 and _NEEDS_JOINER.match(text, pos - 1)) or _NEEDS_JOINER.match(text, pos + 1)
        ):
            continue
        spans.append((pos, pos + 1))
    for start, end, count in grouped(spans):
        found = text[start:end]
        names = sorted({_NAMES.get(c, f"U+{ord(c):04X}") for c in found})
        if "\ufeff" in found:
            where = "at the start of the text" if start == 0 else "inside the text"
            message = f"byte-order mark (U+FEFF) {where}: files were concatenated or a BOM was decoded as text"
        else:
            message = f"{count} invisible character(s): {', '.join(names)}"
        yield Hit(start, end, message)


RULE = Rule("ENC014", "invisible-character", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
