"""Pinyin annotations injected after characters: `產(chǎn)業(yè)發(fā)展`.

What it flags:
    An ideograph followed by a bracketed pinyin syllable, as some sites and converters
    inject after every "hard" character. The syllable must be real pinyin (tone marks or
    tone numbers allowed) and, when it has no tone, one of the character's readings
    (pypinyin's table), so `(A)`, `(注)`, `(2025-2027年)` and `(WWF)` never match. Adjacent
    annotations form one finding; the data holds the text without them. Also flagged:
    runs of bracketed syllable fragments glued to garbage (`ɽ|ƼW(xu)(j)У^(q)D`), what is
    left when such text is then decoded with a single-byte code page.

Why it matters:
    The annotations split every word they touch, so tokenisers and models see `產(chǎn)業`
    instead of `產業`; and they mark the document as scraped from an SEO or conversion site.

Example:
    bad:  人工智能產(chǎn)業(yè)發(fā)展
    good: 人工智能產業發展

Fix:
    Delete the bracketed syllables (the finding's `repair` shows the text without them), or
    re-fetch the page without its annotation layer.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.encoding._spans import grouped, shown
from corpus_qa.text.pinyin import find_annotations, find_orphan_annotations


def check(doc, ctx):
    text = doc.text
    if "(" not in text and "（" not in text:
        return
    annotations = find_annotations(text)
    for start, end, count in grouped(((a.start, a.end) for a in annotations)):
        inside = [a for a in annotations if start <= a.start < end]
        repair = "".join(a.char for a in inside)
        readings = ", ".join(a.syllable for a in inside)
        noun = "an injected pinyin annotation" if count == 1 else f"{count} injected pinyin annotations"
        yield Hit(
            start, end, f"{shown(text[start:end], 40)!r} looks like {noun} ({readings})",
            {"repair": repair, "syllables": [a.syllable for a in inside]},
        )
    orphans = find_orphan_annotations(text)
    for start, end, count in grouped(orphans, gap=3):
        yield Hit(
            start, end,
            f"{shown(text[start:end], 40)!r}: {count} pinyin annotation(s) whose characters were lost in a wrong decode",
            {"flavour": "orphaned"},
        )


RULE = Rule("ENC006", "pinyin-annotation", Category.ENCODING, Severity.ERROR, check=check)
