"""`?` standing where characters were lost: `國?院`, `中??的?L??`, `?? ??????`.

What it flags:
    Question marks that replace characters a lossy conversion could not encode (CJK
    outside GB2312 or Big5, emoji, anything outside Latin-1). A `?` is strong evidence on
    its own, wherever it stands in a document, when it sits next to an injected pinyin
    annotation (`多元?jiǎng)?chuàng)新`, `規(guī)?;?、`), against a list or clause mark (`；?小三`,
    `?、`), in a run of two or more between ideographs (`推动???发展`, `中??的`) or around a
    stray letter (`的?L??將`). A single `?` inside a run of ideographs where no question is
    asked (no question particle such as 吗/呢 before it, no question word such as
    什么/为什么/是否 in the clause) is reported only when such marks are dense (at least 1.5
    per hundred ideographs: lossy conversions lose characters all through a text) and
    either two or more or the document uses full-width punctuation (its real question
    marks would be `？`). Lines that are mostly `?` in a document with fewer ideographs
    than question marks are reported too (every character was lost). Left alone: a `?`
    ending a question (`是吗?`, `why?`), `??` after a sentence-final particle (`你疯了??`),
    URLs (`?page=2`), code (`a ? b : c`), `(?)`, and `???` standing alone.

Why it matters:
    The characters are gone: `國?院` could be 國務院 or anything else, and no tool can tell.
    Models trained on such text learn `?` as a character of Chinese words.

Example:
    bad:  國?院發布通知
    good: 國務院發布通知

Fix:
    No automatic repair (the message says so): the lost characters cannot be recovered from
    the text. Re-convert the document from its original bytes with an encoding that can
    hold every character (UTF-8).
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped
from corpus_qa.rules.encoding.replacement_character import NO_REPAIR
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
    ideographs = len(_IDEOGRAPHS.findall(text)) if marks >= 6 else None  # counted once, where needed
    if ideographs is not None and marks > ideographs:
        yield from _whole_lines_lost(text)
        return
    candidates, strong = [], []
    for match in _RUN.finditer(text):
        span = _in_word(text, match)
        if span:
            candidates.append(span)
        evidence = _strong_evidence(text, match, span)
        if evidence:
            strong.append((*_with_orphan_pinyin(text, match), evidence))
    reported = []
    # Lossy conversions lose characters all through a text (a few in every hundred); a
    # lone `?` or a lost emoji here and there in a long text is not that, unless the `?`
    # itself is strong evidence (a run of them inside a word, next to a pinyin annotation).
    if candidates and ideographs is None:
        ideographs = len(_IDEOGRAPHS.findall(text))
    dense = candidates and len(candidates) >= _MIN_DENSITY * ideographs
    if dense and (len(candidates) >= 2 or _full_width(text)):
        reported = candidates
    spans = {(a, b): "`?` inside a run of ideographs, no question asked" for a, b in reported}
    for a, b, evidence in strong:
        spans[a, b] = evidence
    # a group's evidence is that of its span entered first (a reported one before a strong one)
    entered = {span: index for index, span in enumerate(spans)}
    ordered = sorted(spans)
    taken = 0
    for start, end, count in grouped(ordered, gap=2 if reported else 1):
        evidence = spans[min(ordered[taken : taken + count], key=entered.__getitem__)]
        taken += count
        yield Hit(start, end, f"{text[start:end]!r}: {evidence}: a character was probably lost in a lossy conversion"
                  f"{NO_REPAIR}")


def _in_word(text, match):
    start, end = match.span()
    if start == 0 or end >= len(text):
        return None
    before = text[start - 1]
    if not _IDEOGRAPHS.match(before) or before in _PARTICLES or not _WORD_AFTER.match(text, end):
        return None
    if _asks(text, start):
        return None
    return start, end


def asks_question(text, pos):
    """The `?` at `pos` ends a question: a question particle before it, or a question word in
    its clause (ENC012 turns only such a `?` between ideographs into `？`)."""
    return (pos > 0 and text[pos - 1] in _PARTICLES) or _asks(text, pos)


def _asks(text, start):
    """The clause before the `?` holds a question word."""
    clause_start = start - 1
    while clause_start > 0 and start - clause_start < 30 and not _CLAUSE_BREAK.match(text, clause_start - 1):
        clause_start -= 1
    return _QUESTION_WORDS.search(text, clause_start, start) is not None


# A pinyin syllable with a tone mark, as injected after characters: `(jiǎng)`.
_PINYIN = "[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*"
_ORPHAN_PINYIN_AFTER = re.compile(f"{_PINYIN}\\)")
_PINYIN_BEFORE = re.compile(f"\\({_PINYIN}\\)$")
_CLAUSE_MARKS = "、；;，,"
_LATE_PARTICLES = frozenset("了啦的哦噢喔")
_GLUED_LETTER = re.compile(f"[{IDEOGRAPH}]\\?+[A-Za-z]\\?+[{IDEOGRAPH}]")


def _strong_evidence(text, match, in_word):
    """Why a `?` is no question even alone: next to a pinyin annotation, against a list or
    clause mark, a run of them inside a word, or a stray letter between them."""
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _ORPHAN_PINYIN_AFTER.match(text, end) or (
        _PINYIN_BEFORE.search(text, max(0, start - 10), start)
        and after and (after in _CLAUSE_MARKS or _IDEOGRAPHS.match(after))
        and not _asks(text, start)
    ):
        return "`?` beside a pinyin annotation"
    cjk_near = _IDEOGRAPHS.search(text, max(0, start - 2), min(len(text), end + 2)) or before == ")"
    if cjk_near and after and (after in "、；;" or (before and before in _CLAUSE_MARKS and not after.isspace())):
        return "`?` against a list or clause mark"
    if in_word and end - start >= 2 and _IDEOGRAPHS.match(after) and before not in _LATE_PARTICLES:
        return f"{end - start} `?` in place of characters inside a run of ideographs"
    if in_word and _GLUED_LETTER.match(text, start - 1):
        return "`?` with a stray letter between ideographs"
    return None


def _with_orphan_pinyin(text, match):
    """The `?` run and what the loss left after it: an orphaned `jiǎng)` (its `(` went with
    the lost bytes) or a stray letter and more `?`."""
    after = _ORPHAN_PINYIN_AFTER.match(text, match.end()) or _GLUED_TAIL.match(text, match.end())
    return match.start(), after.end() if after else match.end()


_GLUED_TAIL = re.compile(r"[A-Za-z]\?+")


def _whole_lines_lost(text):
    for line in _LOSS_LINE.finditer(text):
        content = line.group().strip()
        visible = len(content.replace(" ", ""))
        if visible and content.count("?") * 2 >= visible:
            start = line.start() + line.group().index(content[0])
            yield Hit(start, start + len(content),
                      f"{content.count('?')} `?` where characters were lost: almost no text survived in this line"
                      f"{NO_REPAIR}")


RULE = Rule("ENC008", "question-mark-placeholder", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)
