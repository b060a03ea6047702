"""Full stops inserted inside words all through a document: `巨。大`, `考。虑`, `显。得`.

What it flags:
    A `。` between two ideographs that together make a common two-character word (巨大,
    考虑, 显得; a list of words counted in People's Daily), in a document where this
    happens again and again: at least 5 times, with at least 4 different words, and in at
    least 8% of its stops between ideographs. Spam that hides from filters and some broken
    sentence splitters put stops at random, so they land inside words far more often than
    sentence ends do (under 1% of real sentence ends join two characters into a word:
    `...去了。解放军...`). One such stop alone is never flagged.

Why it matters:
    Every sentence splitter cuts the text at the wrong places, and the words are broken
    for tokenisers and models alike; the document is usually spam as well.

Example:
    bad:  在存在着巨。大的行业风险的同时，政策风险也是必须考。虑的。
    good: 在存在着巨大的行业风险的同时，政策风险也是必须考虑的。

Fix:
    Drop the document from a training corpus (the stops were put there to evade filters);
    to keep it, delete each `。` that splits a word and re-check the sentence ends by hand.
"""

import re
from functools import lru_cache

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.text.charsets import IDEOGRAPH
from corpus_qa.text.data_files import words
from corpus_qa.text.script import character_spellings

_STOP = re.compile(f"(?<=[{IDEOGRAPH}])。(?=[{IDEOGRAPH}])")
_MIN_STOPS = 5
_MIN_WORDS = 4
_MIN_SHARE = 0.08


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    return frozenset(character_spellings(words("frequent_words.txt")))


def check(doc, ctx):
    text = doc.text
    if text.count("。") < _MIN_STOPS:
        return
    stops = [m.start() for m in _STOP.finditer(text)]
    if len(stops) < _MIN_STOPS:
        return
    known = _words()
    inside = [pos for pos in stops if text[pos - 1] + text[pos + 1] in known]
    distinct = {text[pos - 1] + text[pos + 1] for pos in inside}
    if len(inside) < _MIN_STOPS or len(distinct) < _MIN_WORDS or len(inside) < _MIN_SHARE * len(stops):
        return
    for pos in inside:
        yield Hit(pos - 1, pos + 2, f"{text[pos - 1:pos + 2]!r}: a full stop inside the word "
                  f"{text[pos - 1] + text[pos + 1]!r} ({len(inside)} of the document's {len(stops)} stops "
                  "between ideographs split a word)", {"repair": text[pos - 1] + text[pos + 1]})


RULE = Rule("ENC018", "full-stop-inside-word", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
