"""Copyright notices, disclaimers and reprint conditions appended to the text.

What it flags:
    Notices that belong to the publishing site, not to the story: 版权声明 / 免责声明
    headings with their statement, 转载请注明出处, 未经授权不得转载, 版权归原作者所有，
    如有侵权请联系删除, 本文仅代表作者本人观点，不代表本站立场, "不构成投资建议" disclaimers
    and `Copyright ©` lines, in simplified or traditional script. A heading takes its
    statement with it (the rest of its line, or the next line when the heading stands
    alone); other phrases take their sentence; neighbouring notices join into one finding.
    The message names the phrases that fired (evidence: heading or keyword).

    A heading counts only as a heading: first on its line or in brackets, or followed by
    a colon (该公司发布版权声明称… is news about a notice and is left alone). English
    wording (Copyright, All Rights Reserved) counts only in a Chinese document, so a
    licence file shipped beside a corpus is not a page footer. Of a web page only the
    article and its vicinity are read (corpus_qa.page): the site's footer is BP014's.

Why it matters:
    The same notice is stamped on every article of a site or a WeChat account, so it
    is pure repetition for a language model and noise for search and deduplication.

Example:
    bad:  …预防呼吸道感染等疾病。\n免责声明：文章内容来源于网络，如有侵权请联系删除。
    good: …预防呼吸道感染等疾病。

Fix:
    Strip the site's notice in the cleaning step; keep licensing information as
    document metadata if you need it.
    `corpus-qa fix --unsafe-fixes` deletes the notice with the line breaks before it
    (part of a line: with the space before it). Unsafe: it deletes text.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.text.script import fold_to_simplified

DATA = "boilerplate_copyright.txt"
_AFTER_HEADING = re.compile(r"[ \t\u3000\xa0]*(?:[：:】\]）)>]|\\n|\n|$)")
_STATEMENT_MAX = 400
_CJK = re.compile(r"[\u3400-\u9fff]")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the copyright notice")


def _hits(doc, ctx):
    scan = _blocks.find(doc, DATA)
    if scan is None:
        return
    context, found = scan
    text = doc.text
    spans = []
    for item in found:
        line_start, line_end = context.line_at(item.start)
        if item.section == "heading":
            span = _heading_span(context, item, line_start, line_end)
            if span is None:
                continue
            spans.append((*span, {"kind": "heading", "text": item.words}))
        else:
            if item.words.isascii() and not _chinese(text):
                continue  # an English licence file, not a Chinese page's footer
            start = _blocks.left_edge(text, item, line_start, limit=30)
            end = _text.clause_end(text, item.end, min(line_end, item.end + 200))
            closing = _closing_bracket(text, item, line_start, end)
            if closing is not None:  # （图片来源于网络）三是，…: the notice ends with its bracket
                start, end = closing
            spans.append((start, end, {"kind": "keyword", "text": item.words}))
    yield from _blocks.report(context, spans, _message)


_PAIRS = {"（": "）", "(": ")", "【": "】", "[": "]"}


def _closing_bracket(text, item, line_start, end):
    """(open, close + 1) of the bracket the phrase sits in, when it closes before `end`."""
    opening = max(text.rfind(o, max(line_start, item.start - 20), item.start) for o in _PAIRS)
    if opening == -1 or any(c in text[opening + 1:item.start] for c in _PAIRS.values()):
        return None
    close = text.find(_PAIRS[text[opening]], item.end, end)
    return (opening, close + 1) if close != -1 else None


def _chinese(text):
    return len(_CJK.findall(text, 0, 5000)) >= 20


def _heading_span(context, item, line_start, line_end):
    text = context.text
    after = _AFTER_HEADING.match(text, item.end)
    before = text[line_start:item.start].strip("【[（(「 \t\u3000\xa0")
    bare = fold_to_simplified(item.words) == "声明"
    first_on_line = not before or len(before) <= 8 and not bare
    if after is None and not (first_on_line and item.end == line_end):
        return None
    if bare and item.start > line_start and text[item.start - 1].isalnum():
        return None  # 他在声明：… / 联合声明：
    start = item.start - 1 if item.start > line_start and text[item.start - 1] in "【[（(「" else item.start
    rest = text[after.end() if after else item.end:line_end].strip()
    if rest:
        end = line_end if line_end - item.end <= _STATEMENT_MAX else _text.clause_end(text, item.end, line_end)
        return start, end
    # the heading stands alone: its statement is the next line
    following = [span for span in context.line_spans if span[0] >= line_end]
    if following and following[0][1] - following[0][0] <= _STATEMENT_MAX:
        return start, following[0][1]
    return start, line_end


def _message(excerpt, evidence):
    return f"copyright notice or disclaimer ({_text.describe(evidence)}): {excerpt}"


RULE = Rule("BP007", "copyright-notice", Category.BOILERPLATE, Severity.WARNING, check=check)
