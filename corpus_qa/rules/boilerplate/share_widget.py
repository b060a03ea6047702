"""Share bars and page tool bars left in the text.

What it flags:
    The buttons around an article that text extraction kept: share bars (分享到：微信 微博
    QQ空间, 分享到：\\n0), engagement prompts (点个在看, 觉得不错，请点赞, 转发给朋友) and
    page tools (返回顶部, 打印本页 关闭窗口, 字号：, 我要纠错, 保存网页). A share heading takes
    the platform names and counters after it, also on the next lines; neighbouring
    widgets join into one finding. The message names the words that fired (evidence:
    heading, keyword, or structure for a short line made of tool words).

    分享 in a sentence (分享经验, 只要你分享到朋友圈…) is left alone: a share heading counts
    only when a colon, a platform name or the end of its line follows, and without a colon
    only when no word runs into it or out of it (让群众分享到更多改革红利 and
    将答题成绩分享到微信群、朋友圈 are verbs in a sentence); single tool words
    (收藏, 打印, 关闭) only in a short line made almost entirely of them. Of a web page only
    the article and its vicinity are read (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    Button labels are not language; they repeat on every page of a site and join the
    last sentence of the article to unrelated words.

Example:
    bad:  …被依法予以行政拘留，合并执行20日。\n分享到：\n0
    good: …被依法予以行政拘留，合并执行20日。

Fix:
    Remove the site's tool bar in extraction (it is usually one element), or drop lines
    made only of share targets and tool words.
    `corpus-qa fix --unsafe-fixes` deletes the widget with the line breaks before it
    (part of a line: with the space before it). Unsafe: it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

DATA = "boilerplate_share.txt"
SHORT_LINE = 40
TOOL_LINE = 24
_AFTER_HEADING = re.compile(r"[ \t\u3000\xa0]*(?:[：:]|$)")
_COUNTER = re.compile(r"[\s\d|｜/、,，:：+]*")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the share or tool-bar widget")


def _hits(doc, ctx):
    scan = _blocks.find(doc, DATA, skip=("platforms",))
    if scan is None:
        return
    context, found = scan
    text = doc.text
    spans = []
    for item in found:
        line = context.line_at(item.start)
        if item.section == "heading":
            span = _share_bar(context, item, line)
            if span:
                spans.append((*span, {"kind": "heading", "text": item.words}))
        elif item.section == "tools":
            span = line if context.visible(line) <= SHORT_LINE else (item.start, item.end)
            spans.append((*span, {"kind": "keyword", "text": item.words}))
        elif item.section == "anywhere":
            short = context.visible(line) <= SHORT_LINE and "。" not in text[line[0]:item.start]
            if short:
                span = _blocks.whole_line(context, item, line)
            else:
                span = (_blocks.left_edge(text, item, line[0]), _text.clause_end(text, item.end, min(line[1], item.end + 60)))
            spans.append((*span, {"kind": "keyword", "text": item.words}))
        elif item.section == "line" and context.visible(line) <= TOOL_LINE:
            in_line = [f for f in found if line[0] <= f.start < line[1]]
            if len(in_line) >= 2 and _blocks.coverage(context, line, in_line) >= 0.6:
                spans.append((*line, {"kind": "structure", "text": "tool-bar line"}))
    yield from _blocks.report(context, spans, _message)


def _platforms(text, start, end):
    return [
        _blocks.Found(m.start(), m.end(), section, clean(m.group()))
        for section, m in finditer(DATA, text, start, ("heading", "tools", "anywhere", "line"), end)
    ]


def _share_bar(context, item, line):
    """分享到 + the platform names right after it, and short lines of platforms or counts."""
    text = context.text
    colon = _AFTER_HEADING.match(text, item.end, line[1])
    if item.words == "分享" and not (colon and context.visible(line) <= SHORT_LINE):
        return None
    if not colon and item.start > line[0] and _WORD.match(text[item.start - 1]):
        return None  # 让群众分享到更多改革红利, 将成绩分享到微信群: a verb in a sentence
    chain_end = colon.end() if colon else item.end
    for platform in _platforms(text, item.end, min(line[1], item.end + 120)):
        if platform.start - chain_end > 2:
            break
        chain_end = platform.end
    if not colon and chain_end == item.end:
        return None
    if not colon and chain_end < line[1] and _WORD.match(text[chain_end]):
        return None  # 分享到微信群、朋友圈: the sentence runs on past the platform name
    if context.visible((chain_end, line[1])) > 8 and chain_end == (colon.end() if colon else item.end):
        return None  # 分享到：a sentence of its own, not a share bar
    end = line[1] if context.visible((chain_end, line[1])) <= 8 else chain_end
    # the bar often continues on the next lines: platform names, share counts
    following = [span for span in context.line_spans if span[0] >= line[1]]
    for span in following[:6]:
        words = _platforms(text, *span)
        chunk = text[span[0]:span[1]]
        only_counts = _COUNTER.fullmatch(chunk) is not None
        only_platforms = words and _blocks.coverage(context, span, words) >= 0.8
        if not (only_counts or only_platforms):
            break
        end = span[1]
    return item.start, end


def _message(excerpt, evidence):
    return f"share or tool-bar widget ({_text.describe(evidence)}): {excerpt}"


RULE = Rule("BP008", "share-widget", Category.BOILERPLATE, Severity.WARNING, check=check)
