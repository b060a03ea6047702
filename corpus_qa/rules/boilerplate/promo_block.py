"""App, QR-code, follow/subscribe and read-more promotions injected into the text.

What it flags:
    Text addressed to the reader that sells a channel instead of telling the news:
    QR-code prompts (长按识别二维码, 扫描下方二维码关注…), follow and subscribe calls
    (欢迎关注…公众号, 点击蓝字关注), app pushes (海量资讯、精准解读，尽在新浪财经APP,
    现在用APP看新聞, 点我下载APP) and read-more interstitials placed mid-article
    (請繼續往下閱讀..., 返回搜狐，查看更多). One finding covers the whole promo: a short
    line is taken whole, a promo glued into a paragraph runs from the prompt to the end of
    its sentence, and neighbouring promo lines join into one block. The message names the
    phrases that fired (evidence: keyword).

    Words that articles use too (二维码, 公众号, 客户端, 下载…APP) only count in a short line
    without a full stop that is not a credit naming an outlet (来源：大河客户端 is BP005's),
    or — for the download/follow patterns — in a sentence near the end of the text that
    addresses the reader (请, 欢迎, 记得, ↓ …), so "市民扫码即可查询。" and
    "据说关注一个公众号就能破解" inside a story are left alone. Simplified and traditional script,
    mixed script and injected pinyin annotations are matched alike. Of a web page only the
    article and its vicinity are read (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    Promos repeat across thousands of documents with identical wording, so a model learns
    them as if they were language; they also split sentences when inserted mid-article.

Example:
    bad:  …疫苗接種紀錄。\n請繼續往下閱讀...\n預約平台相關對象…
          不用抽 不用搶 現在用APP看新聞 保證天天中獎 / 點我下載APP / 按我看活動辦法
    good: …疫苗接種紀錄。\n預約平台相關對象…

Fix:
    Drop the promo lines in the cleaning step (the site's template is usually stable: one
    selector or one line pattern removes them all), and re-join a paragraph that an
    interstitial split.
    `corpus-qa fix --unsafe-fixes` deletes the promo with the line breaks before it
    (part of a line: with the space before it); it does not re-join a split paragraph.
    Unsafe: it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text

DATA = "boilerplate_promo.txt"
SHORT_LINE = 60
TAIL_CHARS = 300


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the promo block")


def _hits(doc, ctx):
    scan = _blocks.find(doc, DATA)
    if scan is None:
        return
    context, found = scan
    spans = []
    tail_from = len(doc.text) - TAIL_CHARS
    for item in found:
        line = context.line_at(item.start)
        short = context.visible(line) <= SHORT_LINE and "。" not in doc.text[line[0]:line[1]]
        if item.section == "line" and not (short and _standalone(doc.text, line) and not _names_outlet(doc.text, item, line)):
            continue
        if item.section == "tail" and not (short or (item.start >= tail_from and _addressed(doc.text, item, line))):
            continue
        if item.words.startswith(_BUTTON):
            # Sohu's button glued to the article's last words (…经济探针返回搜狐，查看更多)
            span = _blocks.whole_line(context, item, (item.start, line[1]))
        elif short:
            span = _blocks.whole_line(context, item, line)
        elif item.start - line[0] <= 8 and line[0] == context.line_spans[0][0] and (
                opener_end := _glued_opener(doc.text, item)) is not None:
            # 点击蓝字关注我们为纪念五四…: a WeChat opener glued to the article's first sentence
            span = (item.start, opener_end)
        else:
            span = _blocks.sentence_span(context, item)
        spans.append((*_bracketed(doc.text, *span), {"kind": "keyword", "text": item.words}))
    yield from _blocks.report(context, spans, _message)


_BUTTON = "返回搜狐"
_OPENER_TAIL = re.compile(r"[ \t\u3000\xa0]*(?:关注我们|關注我們|关注|關注|我们|我們)?[ \t\u3000\xa0]*[~～!！↓▼👇]*")


def _glued_opener(text, item):
    """End of a follow prompt (and its 关注我们, ↓) when the article's words run on right
    after it; None when they do not."""
    end = _OPENER_TAIL.match(text, item.end).end()
    return end if end < len(text) and text[end].isalnum() else None


_PAIRS = {"《": "》", "【": "】", "「": "」", "[": "]", "〔": "〕"}


def _bracketed(text, start, end):
    """《點我看大圖》: the brackets around a promo belong to it."""
    if start > 0 and text[start - 1] in _PAIRS:
        closing = text.find(_PAIRS[text[start - 1]], end - 1, end + 1)
        if closing != -1:
            return start - 1, max(end, closing + 1)
    return start, end


_IMPERATIVE = re.compile("请|請|欢迎|歡迎|快来|快來|赶快|趕快|赶紧|趕緊|记得|記得|马上|馬上|立即|敬请|敬請|点击|點擊|戳|↓|▼|☞|👇")


def _addressed(text, item, line):
    """The sentence speaks to the reader (请…, 欢迎…, ↓↓): 市民可以下载某某APP is news."""
    start = _text.clause_start(text, item.start, line[0])
    return _IMPERATIVE.search(text, start, min(item.end + 12, line[1])) is not None


def _standalone(text, line):
    """A caption-like line (二维码, 官方微信 …), not a fragment of a broken sentence."""
    return _text.visible_length(text, *line) <= 30 and text[line[1] - 1] not in "，,、：:（(《“"


_CREDIT = re.compile(r"来源|來源|记者|記者|通讯员|通訊員|编辑|編輯|作者|出品|摄|攝")


def _names_outlet(text, item, line):
    """客户端 in 来源：大河客户端 or 大河报·大河客户端记者李晓波: the name of an outlet in a
    credit or byline, not a call to download it."""
    glued = item.start > line[0] and text[item.start - 1].isalnum()
    return glued and _CREDIT.search(text, line[0], line[1]) is not None


def _message(excerpt, evidence):
    return f"promo block ({_text.describe(evidence)}): {excerpt}"


RULE = Rule("BP004", "promo-block", Category.BOILERPLATE, Severity.WARNING, check=check)
