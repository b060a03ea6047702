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
    without a full stop, or — for the download/follow patterns — in a sentence near the end
    of the text that addresses the reader (请, 欢迎, 记得, ↓ …), so "市民扫码即可查询。" and
    "据说关注一个公众号就能破解" inside a story are left alone. Simplified and traditional script,
    mixed script and injected pinyin annotations are matched alike. `.html` pages are not
    checked (see BP001).

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
"""

import re

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text

DATA = "boilerplate_promo.txt"
SHORT_LINE = 60
TAIL_CHARS = 300


def check(doc, ctx):
    scan = _blocks.find(doc, DATA)
    if scan is None:
        return
    context, found = scan
    spans = []
    tail_from = len(doc.text) - TAIL_CHARS
    for item in found:
        line = context.line_at(item.start)
        short = context.visible(line) <= SHORT_LINE and "。" not in doc.text[line[0]:line[1]]
        if item.section == "line" and not (short and _standalone(doc.text, line)):
            continue
        if item.section == "tail" and not (short or (item.start >= tail_from and _addressed(doc.text, item, line))):
            continue
        span = _blocks.whole_line(context, item, line) if short else _blocks.sentence_span(context, item)
        spans.append((*span, {"kind": "keyword", "text": item.words}))
    yield from _blocks.report(context, spans, _message)


_IMPERATIVE = re.compile("请|請|欢迎|歡迎|快来|快來|赶快|趕快|赶紧|趕緊|记得|記得|马上|馬上|立即|敬请|敬請|点击|點擊|戳|↓|▼|☞|👇")


def _addressed(text, item, line):
    """The sentence speaks to the reader (请…, 欢迎…, ↓↓): 市民可以下载某某APP is news."""
    start = _text.clause_start(text, item.start, line[0])
    return _IMPERATIVE.search(text, start, min(item.end + 12, line[1])) is not None


def _standalone(text, line):
    """A caption-like line (二维码, 官方微信 …), not a fragment of a broken sentence."""
    return _text.visible_length(text, *line) <= 30 and text[line[1] - 1] not in "，,、：:（(《“"


def _message(excerpt, evidence):
    return f"promo block ({_text.describe(evidence)}): {excerpt}"


RULE = Rule("BP004", "promo-block", Category.BOILERPLATE, Severity.WARNING, check=check)
