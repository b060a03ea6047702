"""Spam spliced into an article: gambling and black-market ads, scraper watermarks.

What it flags:
    Text that an SEO farm or a content scraper wedged into copied news:
    - a gambling site's name injected again and again inside the sentences
      (…父母华尔街娱乐城在线博彩能做的事情…, 金宝博足球博彩网 dozens of times): each
      injected copy of the repeated string is one finding;
    - a gambling or illegal-service ad: a gambling word with an ad cue beside it
      (免费北京pk10 时时彩 快三计划加（微信：…）, 威尼斯人www.4886.com, 代孕 with a URL);
      the finding covers the ad's sentence, or its line when the line is short;
    - a site's name and address wedged into the text three times or more
      (网赌被黑找补天轩www.butianxuan.com网赌被黑找补天轩…);
    - a scraper's watermark inside the text (防抓取，突袭网提供内容，请查看原文。,
      防抓取，学路网提供内容。).
    The message names the evidence (repeated brand, gambling word and ad cue, watermark).

    A report about gambling (开设赌场罪, 澳门博彩业收入, 一群赌客聚在百家乐赌桌前) is news:
    gambling words count only beside an ad cue (开户, 注册送, 加微信, a URL …) or as part of
    a site name (娱乐城, 在线博彩, 博彩网 …) repeated five times or more. Simplified and
    traditional script alike. Of a web page only the article and its vicinity are read
    (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    Spam teaches a model to produce ads and gambling site names in the middle of news;
    the injected copies also break the sentences they sit in.

Example:
    bad:  很大的原因是父母华尔街娱乐城在线博彩能做的事情转嫁到孩子身上
    good: 很大的原因是父母能做的事情转嫁到孩子身上

Fix:
    Drop documents from spam farms, or remove the injected strings (they repeat exactly,
    so one pass finds every copy).
    `corpus-qa fix --unsafe-fixes` deletes each injected copy (inside a sentence: only the
    copy, and the space before it; a whole line: with the line breaks before it). Unsafe:
    it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

DATA = "boilerplate_spam.txt"
MIN_REPEATS = 5
MIN_DOMAIN_REPEATS = 3
CUE_DISTANCE = 16
SHORT_LINE = 80
_WATERMARK = re.compile(r"防抓取[，,]?[ \t\u3000\xa0]*[^\s，,。]{1,12}?提供[内內]容(?:[，,][ \t\u3000\xa0]*請?请?查看原文)?[。.]?")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&_%-]+|\b[A-Za-z0-9-]{2,}\.(?:com|cn|net|cc|vip|top|org)\b")
_CJK = re.compile(r"[\u3400-\u9fff]")
_REPORTED = re.compile(r"记者|記者|警方|民警|公安|检察|檢察|法院|涉嫌|诈骗|詐騙|赌博|賭博|利诱|利誘|反映|举报|舉報|据悉|據悉|表示|透露")


def _quoted(text, position, line_start):
    before = text[line_start:position]
    return before.count("“") > before.count("”") or before.count("「") > before.count("」")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the spam")


def _hits(doc, ctx):
    if not _text.checks(doc):
        return
    text = doc.text
    start = _text.body_start(doc)
    spans = [(m.start(), m.end(), "watermark " + _text.short_excerpt(m.group(), 16)) for m in _WATERMARK.finditer(text, start)]
    found = [(section, m.start(), m.end(), clean(m.group())) for section, m in finditer(DATA, text, start)]
    spans += _repeated_domains(text, start)
    if found:
        spans += _repeated_brands(text, found)
        spans += _ads(text, start, found)
    # overlapping and touching spans are one finding (the copies of a site wedged in back to
    # back), named by the evidence of the first
    for begin, end, evidence in _text.merge(sorted(spans), text):
        yield Hit(begin, end, f"spam in the text ({evidence[0]}): {_text.short_excerpt(text[begin:end])}",
                  {"evidence": evidence[0]})


def _repeated_brands(text, found):
    """Every copy of a string, holding a brand word, that recurs MIN_REPEATS times."""
    out, done = [], set()
    for section, begin, end, words in found:
        if section != "brand" or words in done:
            continue
        done.add(words)
        count = text.count(text[begin:end])
        if count < MIN_REPEATS:
            continue
        repeat = _grow(text, begin, end, max(MIN_REPEATS, count * 4 // 5))
        out += [(at, at + len(repeat), f"repeated brand {repeat}") for at in _copies(text, repeat)]
    return out


def _copies(text, repeat):
    """Where each copy of `repeat` starts, copies not overlapping."""
    out = []
    position = text.find(repeat)
    while position != -1:
        out.append(position)
        position = text.find(repeat, position + len(repeat))
    return out


_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]{2,40}\.(?:com|cn|net|cc|vip|top|org|info|xyz)(?:\.cn)?(?![A-Za-z0-9])")
_TOP_LEVEL = re.compile(r"\.(?:com|cn|net|cc|vip|top|org|info|xyz)")  # what every _DOMAIN holds: a cheap first test


def _repeated_domains(text, start):
    """A site's name and address wedged into the sentences again and again
    (网赌被黑找补天轩www.butianxuan.com …): three copies or more, glued to the words
    around them, not a contact line repeated in a footer."""
    out, done = [], set()
    if not _TOP_LEVEL.search(text, start):
        return out
    for match in _DOMAIN.finditer(text, start):
        domain = match.group()
        if domain in done:
            continue
        done.add(domain)
        count = text.count(domain)
        if count < MIN_DOMAIN_REPEATS:
            continue
        repeat = _grow(text, match.start(), match.end(), count)
        if len(_CJK.findall(repeat)) < 2:
            continue  # an address without a name
        copies = _copies(text, repeat)
        glued = sum(1 for at in copies if _glued(text, at, at + len(repeat)))
        if glued >= MIN_DOMAIN_REPEATS:
            out += [(at, at + len(repeat), f"repeated site {_text.short_excerpt(repeat, 30)}") for at in copies]
    return out


def _glued(text, begin, end):
    before = text[begin - 1:begin]
    after = text[end:end + 1]
    return (before.isalnum() or after.isalnum()) and not (before in "（(：: \n" and after in "）)，。 \n")


def _grow(text, begin, end, count):
    """The seed widened over CJK and Latin characters while `count` copies still match."""
    while begin > 0 and text[begin - 1].isalnum() and text.count(text[begin - 1:end]) >= count:
        begin -= 1
    while end < len(text) and text[end].isalnum() and text.count(text[begin:end + 1]) >= count:
        end += 1
    return text[begin:end]


def _ads(text, start, found):
    """A gambling word with an ad cue (or a URL) close by, on one line."""
    lines = _text.lines(text, start)
    cues = [(begin, end) for section, begin, end, _ in found if section == "cue"]
    out = []
    for section, begin, end, words in found:
        if section == "cue":
            continue
        line_start, line_end = lines[_text.line_of(lines, begin)]
        near = [c for c in cues if line_start <= c[0] < line_end and -CUE_DISTANCE <= c[0] - end <= CUE_DISTANCE
                or line_start <= c[0] < line_end and 0 <= begin - c[1] <= CUE_DISTANCE]
        url = _URL.search(text, max(line_start, begin - CUE_DISTANCE), min(line_end, end + CUE_DISTANCE))
        if not near and url is None:
            continue
        if _text.visible_length(text, line_start, line_end) <= SHORT_LINE:
            span = (line_start, line_end)
        else:
            first = min([begin] + [c[0] for c in near] + ([url.start()] if url else []))
            last = max([end] + [c[1] for c in near] + ([url.end()] if url else []))
            span = (max(first - 30, _text.clause_start(text, first, line_start)),
                    min(last + 30, _text.clause_end(text, last, line_end)))
        if _REPORTED.search(text, *span) or _quoted(text, begin, line_start):
            continue  # 网上博彩网站以返水利诱…, a report quoting “注册即送…”: news about the ads
        cue = text[near[0][0]:near[0][1]] if near else url.group()
        out.append((*span, f"gambling or black-market word {words} with ad cue {cue}"))
    return out


RULE = Rule("BP012", "spam-injection", Category.BOILERPLATE, Severity.WARNING, check=check)
