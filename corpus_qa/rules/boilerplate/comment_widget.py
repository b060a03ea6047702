"""Reader-comment widgets: comment forms, captcha prompts, comment counters, their disclaimer.

What it flags:
    What is left of a comment box after extraction: field labels and prompts (昵称 验证码
    请输入正确验证码, 发表评论, 我要评论 0, 查看全部评论) and the notice under it
    (所有评论仅代表网友意见，与本站立场无关). Widget lines next to each other form one
    block and one finding. The message names the words that fired (evidence: keyword,
    or structure for a short line made of widget words).

    Comment vocabulary is also news vocabulary (骗子索要短信验证码, 一个昵称叫做…的微信,
    在评论区留言称…): a word such as 验证码 or 昵称 counts only in a short line made mostly
    of widget words; only phrases that exist nowhere but in widgets count inside a
    sentence. Matching is tolerant of traditional or mixed script and of injected pinyin
    annotations (`驗(yàn)證碼`). Of a web page only the article and its vicinity are read
    (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    Form labels are not text; they repeat on every page of the site and end up glued to
    the last paragraph of the article.

Example:
    bad:  …人工智能將在製造業中發揮更加重要的作用。\n昵稱 驗證碼 請輸入正確驗證碼\n所有評論僅代表網友意見,與本站立場無關
    good: …人工智能將在製造業中發揮更加重要的作用。

Fix:
    Remove the comment section in extraction (it is one element of the page), or drop
    the widget lines in the cleaning step.
    `corpus-qa fix --unsafe-fixes` deletes the widget with the line breaks before it
    (part of a line: with the space before it). Unsafe: it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text

DATA = "boilerplate_comment_widget.txt"
SHORT_LINE = 40
WIDGET_SHARE = 0.5
_CORE = re.compile("评论|評論|验证码|驗證碼|昵称|暱稱|昵稱|留言|跟帖|回复|回覆|發表|发表")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the comment widget")


def _hits(doc, ctx):
    scan = _blocks.find(doc, DATA)
    if scan is None:
        return
    context, found = scan
    text = doc.text
    spans = []
    for item in found:
        line = context.line_at(item.start)
        short = context.visible(line) <= SHORT_LINE
        if item.section == "anywhere":
            if short or context.visible(line) <= 2 * SHORT_LINE:
                span = _blocks.whole_line(context, item, line)
            else:
                span = (_blocks.left_edge(text, item, line[0]), _text.clause_end(text, item.end, min(line[1], item.end + 80)))
            spans.append((*span, {"kind": "keyword", "text": item.words}))
        elif short and _widget_line(context, line, found):
            spans.append((*line, {"kind": "keyword", "text": item.words}))
    yield from _blocks.report(context, spans, _message)


def _widget_line(context, line, found):
    in_line = [f for f in found if line[0] <= f.start < line[1]]
    if not any(_CORE.search(f.words) for f in in_line):
        return False
    if not any(f.section == "label" for f in in_line) and len({f.words for f in in_line}) < 2:
        return False  # a lone 评论 or 验证码 is a subheading or a word, not a form
    return _blocks.coverage(context, line, in_line) >= WIDGET_SHARE


def _message(excerpt, evidence):
    return f"comment widget ({_text.describe(evidence)}): {excerpt}"


RULE = Rule("BP003", "comment-widget", Category.BOILERPLATE, Severity.WARNING, check=check)
