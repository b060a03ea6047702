"""The "original title" line a portal prints above a reprinted article.

What it flags:
    A label naming the headline the story first ran under, with that headline:
    原标题：宝鸡男生聚餐时吵架 为出气直播平台召人打架, 【原标题：…】, 原標題：… (the same
    label in traditional script), 原题：…, 原文标题：…. The finding covers the label and the
    headline: the rest of its line, or — where extraction glued the body to the headline
    (原标题：…逐渐苏醒12月14日，…) — up to the first tab, double space or full stop, or to where a
    dateline (12月14日, 近日, 本报讯, 记者) begins the story. The message quotes the headline.

    The label counts only as a label: first on its line or after white space, a bracket or
    punctuation, and followed by a colon. A sentence that speaks of a title (该文原标题为《…》,
    报道的原标题：… inside a sentence) is left alone. Of a web page only the article and its
    vicinity are read (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    The line repeats the headline (usually also the document's title field) and marks the
    text as a reprint; a model learns the label as if it were part of news language, and
    near-duplicate detection sees the headline twice.

Example:
    bad:  原标题：宝鸡男生聚餐时吵架 为出气直播平台召人打架\\n同学聚餐，饭桌上起了争执…
    good: 同学聚餐，饭桌上起了争执…

Fix:
    Move the original headline into a metadata field (or drop it) when cleaning the text.
    `corpus-qa fix --unsafe-fixes` deletes the line with the line breaks before it.
    Unsafe: it deletes text (the headline is lost, not moved).
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

DATA = "boilerplate_page_labels.txt"
TITLE_MAX = 60  # a headline; past this the body was glued to it
_COLON = re.compile(r"[ \t\u3000\xa0]*[：:][ \t\u3000\xa0]*")
_CLOSED_LABEL = re.compile(r"[】\])）][ \t\u3000\xa0]*[：:]?[ \t\u3000\xa0]*")  # 【原标题】…, (原标题)…
_QUOTED = re.compile(r"[为為是]?[ \t\u3000\xa0]*(?:《[^《》\n]{2,60}》|“[^“”\n]{2,60}”|「[^「」\n]{2,60}」)")
_CLOSERS = {"【": "】", "[": "]", "（": "）", "(": ")", "「": "」", "『": "』", "<": ">", "《": "》"}
_BREAK = re.compile(r"\t|[ \u3000\xa0]{2,}|。|返回搜狐")
_STORY_START = re.compile(
    r"\d{1,2}月\d{1,2}日|(?:近日|日前|今天|今日|昨天|昨日|本报讯|本報訊|记者|記者|据悉|據悉|据了解|據了解)"
)


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the original-title line")


def _hits(doc, ctx):
    if not _text.checks(doc):
        return
    text = doc.text
    start = _text.body_start(doc)
    line_spans = None
    for section, match in finditer(DATA, text, start, skip=("location", "home", "adjacent")):
        if not _label_position(text, match.start()):
            continue
        begin = match.start()
        closer = None
        if begin > 0 and text[begin - 1] in _CLOSERS:  # 【原标题：…】: the bracket opens the label
            begin -= 1
            closer = _CLOSERS[text[begin]]
        if line_spans is None:
            line_spans = _text.lines(text, start)
        line_index = _text.line_of(line_spans, match.start())
        line_end = line_spans[line_index][1]
        colon = _COLON.match(text, match.end())
        if colon is None and closer:
            colon = _CLOSED_LABEL.match(text, match.end())
            if colon is not None:
                closer = None  # 【原标题】…: the bracket closed at the label, not after the headline
        if colon is not None:
            title_start = colon.end()
            end = _title_end(text, title_start, line_end)
            if end <= title_start and line_index + 1 < len(line_spans):
                below = line_spans[line_index + 1]  # 原标题:⏎我市最大宠物交易市场10月完工
                title_start = below[0]
                end = _title_end(text, title_start, below[1])
            end = max(end, colon.end())
        elif (quoted := _QUOTED.match(text, match.end())) is not None and (
                begin < match.start() or text[match.start() - 1:match.start()] in "，,。 \u3000"):
            title_start, end = match.end(), quoted.end()  # （原标题为《…》）, ，原标题“…”
        else:
            continue
        if closer:  # the bracket closes after the headline (or just past where it was cut)
            close = text.find(closer, colon.end() if colon else match.end(), end + 2)
            if close != -1:
                end = close + 1
        title = text[title_start:end].strip(" \t\u3000\xa0】]）)」』>》")
        yield Hit(begin, end, f"original-title line ({clean(match.group())}): {_text.short_excerpt(title, 40)}",
                  {"evidence": [{"kind": "keyword", "text": clean(match.group())}]})


_SPEECH = re.compile(r"(?:的|为|為|是|其|该|該|此|文|报道|報導|题为|題為|称|稱)$")


def _label_position(text, position):
    """Not a sentence speaking of a title (该文原标题, 报道的原标题): a label scraped text glued
    to the end of the story (…还育有一子原标题:…) still counts."""
    if position == 0 or _text.after_escaped_break(text, position):
        return True
    return _SPEECH.search(text, max(0, position - 2), position) is None


def _title_end(text, start, line_end):
    end = line_end
    cut = _BREAK.search(text, start, line_end)
    if cut:
        end = cut.end() if cut.group() == "。" else cut.start()
    if _text.visible_length(text, start, end) > TITLE_MAX:
        story = _STORY_START.search(text, start + 6, end)
        end = story.start() if story else min(end, start + TITLE_MAX)
    while end > start and text[end - 1] in _text.SPACE:
        end -= 1
    return end


RULE = Rule("BP010", "original-title", Category.BOILERPLATE, Severity.WARNING, check=check)
