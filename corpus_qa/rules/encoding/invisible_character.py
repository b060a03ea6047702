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
    Automatic: the characters are deleted; safe, except where deleting may change the text.
    Unsafe: a zero-width space, Mongolian vowel separator or Hangul filler between two
    letters or digits of a script that spaces or marks its words (`word\u200bword`, Thai):
    it may have stood for a space or a word boundary, so deleting it is a guess (a space is
    not put in its place: in long words and URLs it only marks where a line may break);
    bidi controls beside right-to-left letters, where they order the display; interlinear
    annotation marks (U+FFF9-U+FFFB), whose annotation would be glued to its base; tag
    characters after 🏴, which spell a subdivision flag. U+200D inside emoji sequences is
    not flagged and not touched.
"""

import re
import unicodedata

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped
from corpus_qa.text.charsets import IDEOGRAPH

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
        yield Hit(start, end, message, fix=_removal(text, start, end))


_SEPARATING = frozenset("\u200b\u180e\u115f\u1160\u3164\uffa0")  # may stand for a space or a word boundary
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOT_SPACED = re.compile(f"[{IDEOGRAPH}\u3040-\u30ff]")  # Chinese and kana: no separator between words
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _removal(text, start, end):
    """The fix: the run deleted; unsafe where that may join words or change the display."""
    found = set(text[start:end])
    before, after = text[start - 1 : start], text[end : end + 1]
    joins = found & _SEPARATING and in_spaced_word(before) and in_spaced_word(after)
    reorders = found & _BIDI and (_RIGHT_TO_LEFT.match(before) or _RIGHT_TO_LEFT.match(after))
    annotation = found & set("\ufff9\ufffa\ufffb")
    flag = before == "\U0001f3f4" and any("\U000e0000" <= char <= "\U000e007f" for char in found)
    return Fix((Edit(start, end, ""),), safe=not (joins or reorders or annotation or flag),
               summary="remove the invisible characters")


def in_spaced_word(char):
    """A letter, digit or combining mark of a script that spaces (or, like Thai, marks) its
    words: a character a separator may have stood after (ENC013 reads it too)."""
    return bool(char) and (char.isalnum() or unicodedata.category(char)[0] == "M") and not _NOT_SPACED.match(char)


RULE = Rule("ENC014", "invisible-character", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
