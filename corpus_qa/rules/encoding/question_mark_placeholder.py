"""`?` standing where characters were lost: `國?院`, `中??的?L??`, `?? ??????`.

What it flags:
    Question marks that replace characters a lossy conversion could not encode (CJK
    outside GB2312 or Big5, or anything outside Latin-1). Two patterns: a `?` run inside a
    run of ideographs where no question is asked (no question particle such as 吗/呢 before
    it, no question word such as 什么/为什么/是否 in the clause), reported when such marks
    are dense (at least 1.5 per hundred ideographs: lossy conversions lose characters all
    through a text) and either two or more or the document uses full-width punctuation
    (its real question marks would be `？`); and lines that are mostly `?` in a document with fewer ideographs than question
    marks (every character was lost). A `?` ending a sentence, before a space or a quote,
    or inside Latin text is never flagged.

Why it matters:
    The characters are gone: `國?院` could be 國務院 or anything else, and no tool can tell.
    Models trained on such text learn `?` as a character of Chinese words.

Example:
    bad:  國?院發布通知
    good: 國務院發布通知

Fix:
    Re-convert the document from its original bytes with an encoding that can hold every
    character (UTF-8); the lost characters cannot be recovered from the text.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.encoding._spans import grouped
from corpus_qa.text.charsets import IDEOGRAPH

_RUN = re.compile(r"\?+")
_IDEOGRAPHS = re.compile(f"[{IDEOGRAPH}]")
_WORD_AFTER = re.compile(f"[{IDEOGRAPH}]|[A-Za-z]+\\?")
_PARTICLES = frozenset("吗嗎呢吧么麼啊呀哪啥嘛呐哇咧耶乎谁誰不没沒")
_QUESTION_WORDS = re.compile(
    "什么|甚麼|什麼|怎么|怎麼|怎样|怎樣|为何|為何|为什么|為什麼|哪|几|幾|多少|是否|难道|難道|如何|何|咋|"
    "可否|能否|是不是|有没有|有沒有|会不会|會不會|对不对|對不對|好不好|行不行|要不要|能不能|可不可以|多久|岂|豈|还是|還是"
)
_CLAUSE_BREAK = re.compile(r"[\s，。！？；：、,.!;:“”\"‘’（）()《》【】\[\]…—?]")
_MIN_DENSITY = 0.015  # flagged `?` per ideograph


def _full_width(text):
    """Punctuated with full-width marks: its real question marks would be `？`."""
    full_width = text.count("，") + text.count("。")
    return full_width >= 2 and full_width >= 2 * (text.count(",") + text.count("."))


_LOSS_LINE = re.compile(r"^[^\n]*\?[^\n]*$", re.MULTILINE)


def check(doc, ctx):
    text = doc.text
    if "?" not in text:
        return
    marks = text.count("?")
    if marks >= 6 and marks > len(_IDEOGRAPHS.findall(text)):
        yield from _whole_lines_lost(text)
        return
    candidates = [span for span in (_in_word(text, m) for m in _RUN.finditer(text)) if span]
    if not candidates:
        return
    # Lossy conversions lose characters all through a text (a few in every hundred); a
    # question mark or a lost emoji here and there in a long text is not that.
    if len(candidates) < _MIN_DENSITY * len(_IDEOGRAPHS.findall(text)):
        return
    if len(candidates) >= 2 or _full_width(text):
        for start, end, count in grouped(candidates, gap=2):
            yield Hit(start, end, f"{text[start:end]!r}: `?` inside a run of ideographs, no question asked: "
                      f"a character was probably lost in a lossy conversion")


def _in_word(text, match):
    start, end = match.span()
    if start == 0 or end >= len(text):
        return None
    before = text[start - 1]
    if not _IDEOGRAPHS.match(before) or before in _PARTICLES or not _WORD_AFTER.match(text, end):
        return None
    clause_start = start - 1
    while clause_start > 0 and start - clause_start < 30 and not _CLAUSE_BREAK.match(text, clause_start - 1):
        clause_start -= 1
    if _QUESTION_WORDS.search(text, clause_start, start):
        return None
    return start, end


def _whole_lines_lost(text):
    for line in _LOSS_LINE.finditer(text):
        content = line.group().strip()
        visible = len(content.replace(" ", ""))
        if visible and content.count("?") * 2 >= visible:
            start = line.start() + line.group().index(content[0])
            yield Hit(start, start + len(content),
                      f"{content.count('?')} `?` where characters were lost: almost no text survived in this line")


RULE = Rule("ENC008", "question-mark-placeholder", Category.ENCODING, Severity.WARNING, check=check)
