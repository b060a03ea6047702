"""Pinyin annotations injected after characters: `產(chǎn)業(yè)發(fā)展`.

What it flags:
    The layer some sites and simplified-to-traditional converters inject after every
    character they converted: a bracketed pinyin syllable that is one of the character's
    readings (pypinyin's heteronyms; `(A)`, `(注)`, `(2025-2027年)` and `(WWF)` never match).
    A document is reported when it holds three or more such annotations and at least half
    of them follow a traditional form (a character the converter changed), or, short of
    three, when each follows a traditional form with its exact toned reading in ASCII
    brackets, in a document not written in simplified script. So a writer's own annotation (`圈（juàn）`,
    `金正(zhèng)恩`) and wordplay whose "readings" are other words (`光（hěn）怪（yǒu）`)
    stay silent. In a reported document also flagged: annotations whose tone-marked letters
    were lost to a code page (`產(ch?n)`, `學(xu)`: the rest must be a reading of the
    character with its letters that are not ASCII dropped or replaced), and syllables whose
    character and opening bracket were lost as one `?` (`多元?jiǎng)`). Adjacent
    annotations form one finding; the data holds the text without them. Also flagged: runs
    of bracketed syllable fragments glued to garbage (`ɽ|ƼW(xu)(j)У^(q)D`), what is left
    when such text is then decoded with a single-byte code page.

Why it matters:
    The annotations split every word they touch, so tokenisers and models see `產(chǎn)業`
    instead of `產業`; and they mark the document as scraped from an SEO or conversion site.

Example:
    bad:  人工智能產(chǎn)業(yè)發(fā)展
    good: 人工智能產業發展

Fix:
    Automatic: the bracketed syllables are deleted and the characters kept (`產(chǎn)業(yè)` ->
    `產業`; the finding's `repair` shows the result). Safe when every annotation in the
    finding is a reading of its character (tone letters lost to a code page included: what
    is left must still spell that reading); unsafe when a character was lost with its
    bracket (`多元?jiǎng)`: the syllable goes, the `?` stays for ENC008). Syllable fragments
    glued to garbage (`(xu)(j)У^`) get no fix: the characters are lost, and the text
    around them is mojibake. Or re-fetch the page without its annotation layer.
"""

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.text.pinyin import (
    find_annotations,
    find_character_lost_annotations,
    find_orphan_annotations,
    find_tone_lost_annotations,
)
from corpus_qa.text.script import fold_to_simplified
from corpus_qa.text.script_evidence import script_counts

_SEVERAL = 3


def check(doc, ctx):
    text = doc.text
    if "(" not in text and "（" not in text:
        return
    annotations = _injected(text)  # in text order: each group is a slice of it
    taken = 0
    for start, end, count in grouped(((a.start, a.end) for a in annotations)):
        inside = annotations[taken : taken + count]
        taken += count
        noun = "an injected pinyin annotation" if count == 1 else f"{count} injected pinyin annotations"
        damage = sorted({a.damage for a in inside if a.damage})
        detail = f", {' and '.join(damage)}" if damage else ""
        yield Hit(
            start, end,
            f"{shown(text[start:end], 40)!r} looks like {noun}{detail} ({', '.join(a.syllable for a in inside)})",
            {"repair": "".join(a.char for a in inside), "syllables": [a.syllable for a in inside]},
            _removal(inside),
        )
    orphans = find_orphan_annotations(text)
    for start, end, count in grouped(orphans, gap=3):
        yield Hit(
            start, end,
            f"{shown(text[start:end], 40)!r}: {count} pinyin annotation(s) whose characters were lost in a wrong decode",
            {"flavour": "orphaned"},
        )


def _removal(annotations):
    """The fix: each annotation's brackets and syllable deleted, its character (or the `?`
    left where the character was lost) kept; none where two readings of the text overlap."""
    edits = tuple(Edit(a.start + 1, a.end, "") for a in annotations)
    if any(later.start < earlier.end for earlier, later in zip(edits, edits[1:])):
        return None
    return Fix(
        edits,
        safe=all(a.reading_matches for a in annotations),
        summary="remove the pinyin annotations",
    )


def _injected(text):
    """The annotations of a converter's layer in text order, or none when the document shows
    no such layer."""
    whole = [a for a in find_annotations(text) if a.reading_matches]
    damaged = find_tone_lost_annotations(text)
    readable = whole + damaged
    converted = [a for a in readable if _converted(a.char)]
    if len(readable) >= _SEVERAL and 2 * len(converted) >= len(readable):
        return sorted(readable + find_character_lost_annotations(text), key=lambda a: a.start)
    if not whole:
        return []
    traditional, simplified = script_counts(text)
    if 4 * simplified > traditional:
        return []
    strong = [a for a in whole if a.tone_matches and a.ascii_brackets and _converted(a.char)]
    return strong if strong and len(strong) == len(whole) else []


def _converted(char: str) -> bool:
    return fold_to_simplified(char) != char


RULE = Rule(
    "ENC006", "pinyin-annotation", Category.ENCODING, Severity.ERROR,
    check=check, run_gap=SCATTERED, explains=("ENC011", "ENC012"),
)
