"""A hard line break inside a sentence, between two Chinese characters.

What it flags:
    A newline with an ideograph on both sides where the line before is prose cut short:
    at least 40 characters long, holding a finished sentence, its last sentence (after
    the last 。！？；) already has a comma and is not a list (three or more 、), and the
    next line finishes a sentence. So
    `智能網聯新\n能源汽車` is flagged, while headings, titles, poems and lists of names, which
    also end without punctuation, are not.

Why it matters:
    Chinese has no spaces, so a newline inside a sentence lands inside a word (`新能源` is
    cut into `新` and `能源`); paragraph splitters, sentence segmenters and models all see
    two fragments.

Example:
    bad:  著力發展智能網聯新\n能源汽車、人工智能手機和電腦。
    good: 著力發展智能網聯新能源汽車、人工智能手機和電腦。

Fix:
    Automatic: the lines are joined (the line break deleted; Chinese needs no space in its
    place, and the rule only flags breaks between two ideographs, so no Latin words are
    glued). Safe: no character changes, and the evidence above is strict (one hit in the
    19,484 paragraphs of People's Daily, January 1998). Unsafe when the line ends in a
    sentence-final particle (了 的 吗 呢 吧 啊 呀 嘛 啦): that is how the one clean hit
    looks, a paragraph whose writer left out its final mark (`岂不是一样的\n看京剧`); joining
    it would merge two paragraphs. Text hard-wrapped at a fixed width needs every such break
    removed, typically by joining lines that do not end in sentence punctuation.
"""

import re

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.text.charsets import IDEOGRAPH

_BREAK = re.compile(f"\\n(?=[{IDEOGRAPH}])")
_IDEOGRAPH = re.compile(f"[{IDEOGRAPH}]")
_SENTENCE_END = re.compile(r"[。！？!?；;…]")
# a `?` between two ideographs stands for a lost character (ENC008), not for a question's end
_LOST_CHARACTER = re.compile(f"(?<=[{IDEOGRAPH}])\\?(?=[{IDEOGRAPH}])")
# a line ending in one of these may be a whole sentence that lost its final mark
_FINAL_PARTICLES = frozenset("了的吗呢吧啊呀嘛啦")
_MIN_LINE = 40
_MIN_TAIL = 8


def check(doc, ctx):
    text = doc.text
    if "\n" not in text:
        return
    for match in _BREAK.finditer(text):
        start, end = match.span()
        if start and text[start - 1] == "\r":
            start -= 1
        if not start or not _IDEOGRAPH.match(text, start - 1):
            continue
        line = text[text.rfind("\n", 0, start) + 1 : start]
        if len(line) < _MIN_LINE:
            continue
        line = _LOST_CHARACTER.sub("\ufffc", line)
        tail = _SENTENCE_END.split(line)[-1]
        if tail == line or len(tail) < _MIN_TAIL or not ("，" in tail or "," in tail) or tail.count("、") >= 3:
            continue  # a heading or a list, or no sentence of prose before the break
        next_end = text.find("\n", end)
        following = text[end : next_end if next_end != -1 else len(text)]
        if not _SENTENCE_END.search(following):
            continue
        fix = Fix((Edit(start, end, ""),), text[start - 1] not in _FINAL_PARTICLES, "join the lines")
        yield Hit(start - 1, end + 1, f"line break inside a sentence: {text[start - 1]!r} and {text[end]!r} are "
                  "split across lines", {"repair": text[start - 1] + text[end]}, fix)


RULE = Rule("ENC015", "broken-line", Category.ENCODING, Severity.WARNING, check=check)
