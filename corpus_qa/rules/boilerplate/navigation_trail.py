"""Location bars and breadcrumb trails that text extraction kept.

What it flags:
    The page's "you are here" bar: 当前位置：首页 > 新闻 > 正文, 您的位置: 首页>欧邦资讯>家居课堂,
    首页 > 视频中心 > 热点, 首頁 » 新聞 » 國際 (traditional script alike). The finding runs from
    the label (or the first crumb) to the last crumb of the trail; a trail that fills a short
    line takes the line. The message names the label or the home crumb.

    A trail needs its separators (>, >>, ＞, », ›, →; / only after a label or with three
    crumbs): 首页 in a sentence (点开网站首页就能看到…) and a 位置： field with an address are
    left alone, and so is a lone label without a trail. Of a web page only the article and
    its vicinity are read (corpus_qa.page; BP014 sums up the rest).

    Also the previous/next links under an article (上一篇：… 下一篇：…, 上一條：…), from the
    label to the end of the linked title; a label without a colon is prose (而上一篇文章…).

Why it matters:
    The bar is site navigation, not language: it repeats on every page of the site and
    glues section names to the article's first words.

Example:
    bad:  当前位置：网站首页 > 社会民生\\n男子酒驾被查…
    good: 男子酒驾被查…

Fix:
    Drop the location bar in extraction (one element of the page template).
    `corpus-qa fix --unsafe-fixes` deletes the trail with the line breaks before it
    (part of a line: with the space before it). Unsafe: it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

DATA = "boilerplate_page_labels.txt"
SHORT_LINE = 60
_LABEL_END = re.compile(r"[ \t\u3000\xa0]*[：:][ \t\u3000\xa0]*")
ADJACENT_TITLE = 60  # characters of a previous/next link's title at most
_ADJACENT_END = re.compile(r"\r?\n|\\n|[ \t\u3000\xa0]{2,}|(?:上|下)一?(?:篇|条|條|则|則)(?:文章)?[ \t\u3000\xa0]*[：:]")
_CRUMB = r"[^\s>＞»›→/|｜\\<。，,！？!?：:；;“”]{1,16}"
_ARROW = r"[ \t\u3000\xa0]*(?:>{1,2}|＞{1,2}|»|›|→|&gt;)[ \t\u3000\xa0]*"
_SLASH = r"[ \t\u3000\xa0]*[/／][ \t\u3000\xa0]*"
# Each trail holds one separator or more: a crumb without one is a word, not a trail.
_ARROW_TRAIL = re.compile(rf"(?:{_ARROW})?(?:{_CRUMB})?(?:{_ARROW}{_CRUMB})+")
# a path (home/alidata/www/…) is not a trail: crumbs between slashes are words
_WORD_CRUMB = r"[\u3400-\u9fff][^\s>＞»›→/|｜\\<。，,！？!?：:；;“”]{0,15}"
_SLASH_TRAIL = re.compile(rf"(?:{_SLASH}{_WORD_CRUMB}){{2,}}")
_LABELLED_SLASH = re.compile(rf"{_WORD_CRUMB}(?:{_SLASH}{_WORD_CRUMB})+")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the navigation trail")


def _hits(doc, ctx):
    if not _text.checks(doc):
        return
    text = doc.text
    start = _text.body_start(doc)
    line_spans = None
    reach = -1
    for section, match in finditer(DATA, text, start, skip=("title",)):
        if match.start() < reach:
            continue
        if section == "adjacent":
            link = _adjacent_link(text, match)
            if link is not None:
                reach = link.end
                yield link
            continue
        if not _boundary(text, match.start()):
            continue
        if section == "location":
            colon = _LABEL_END.match(text, match.end())
            if colon is None:
                continue
            trail = _ARROW_TRAIL.match(text, colon.end()) or _LABELLED_SLASH.match(text, colon.end())
        else:
            trail = _ARROW_TRAIL.match(text, match.end())
            if trail is None and not match.group().isascii():
                trail = _SLASH_TRAIL.match(text, match.end())
        if trail is None:  # every trail pattern holds a separator at least
            continue
        if line_spans is None:
            line_spans = _text.lines(text, start)
        line_start, line_end = line_spans[_text.line_of(line_spans, match.start())]
        end = trail.end()
        rest = text[end:line_end]
        if rest and rest[0] not in _text.SPACE and _text.visible_length(text, line_start, line_end) <= SHORT_LINE \
                and _text.visible_length(text, end, line_end) <= 16:
            end = line_end  # the last crumb (the headline) runs on past the crumb limit
        while end > match.start() and text[end - 1] in _text.SPACE:
            end -= 1
        reach = end
        kind = "label" if section == "location" else "home crumb"
        label = clean(match.group())
        excerpt = _text.short_excerpt(text[match.start():end], 40)
        yield Hit(match.start(), end, f"navigation trail ({kind} {label}): {excerpt}",
                  {"evidence": [{"kind": kind, "text": label}]})


def _adjacent_link(text, match):
    """The previous/next link from its label to the end of its title: the next such label,
    the line's end (an escaped one too), a gap of two spaces, or ADJACENT_TITLE characters;
    None without a colon after the label (而上一篇文章介绍了… is prose)."""
    colon = _LABEL_END.match(text, match.end())
    if colon is None:
        return None
    after = match.end() + len(colon.group().rstrip(_text.SPACE))  # two spaces after it: no title
    end = _ADJACENT_END.search(text, after, after + ADJACENT_TITLE + 1)
    end = end.start() if end is not None else min(len(text), after + ADJACENT_TITLE)
    while end > match.start() and text[end - 1] in _text.SPACE:
        end -= 1
    label = clean(match.group())
    return Hit(match.start(), end, f"previous/next link ({label}): {_text.short_excerpt(text[match.start():end], 40)}",
               {"evidence": [{"kind": "adjacent link", "text": label}]})


def _boundary(text, position):
    """The label or home crumb starts its field: not 的首页 or 在首页 inside a sentence."""
    if position == 0 or _text.after_escaped_break(text, position):
        return True
    before = text[position - 1]
    return not ("\u3400" <= before <= "\u9fff") or before in "页頁章"


RULE = Rule("BP011", "navigation-trail", Category.BOILERPLATE, Severity.WARNING, check=check)
