"""Hyperlinks a CMS laid over ordinary words: hot-word, keyword and stock-quote anchors.

What it flags:
    Anchors that a publishing system injects into running text to push traffic to quote
    pages or keyword pages, kept as markup in the extracted text:
    `<a class="trsHotWords" … href="…stockcode=NEEQ838275" …>驱动力</a>` (STCN), Sina's
    `<span id="stock_sh603883"><a … class="keyword">老百姓</a></span><span id="quote_…"></span>`,
    and the same in Markdown (`[驱动力](https://…stockcode=…)`). The finding covers the whole
    element (wrapper spans included); the message names the linked word and the evidence
    (a hot-word/keyword/stock class, a stock-quote or keyword URL, or — for a link with no
    such mark — a short word linked in the middle of a Chinese sentence).

    Other leftover links are BP001's (HTML residue). In Markdown documents a link whose
    URL and position are ordinary is left alone. Of a web page only the visible text of
    the article and its vicinity is read (corpus_qa.page): its own links are markup.

Why it matters:
    The linked word is often unrelated to the target (驱动力 → a stock quote page), the
    markup splits words for tokenisers, and the same anchor is stamped across a site's
    whole archive.

Example:
    bad:  作为新一轮产业变革核心<a class="trsHotWords" href="https://info.stcn.com/dc/stock/?stockcode=NEEQ838275">驱动力</a>的人工智能
    good: 作为新一轮产业变革核心驱动力的人工智能

Fix:
    Replace the element by its text (the linked word) when extracting; do not drop the
    word itself, it belongs to the sentence. `corpus-qa fix` does so (safe: the sentence
    reads as it did, without the markup). Of a web page no fix is offered: the text read
    stands for the page's markup.
"""

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._links import injected_links


def check(doc, ctx):
    if not _text.checks(doc):
        return
    for start, end, word, evidence in injected_links(doc.text, markdown=doc.format in ("markdown", "text")):
        if start < _text.body_start(doc):
            continue
        message = f"injected link on 「{word}」 ({', '.join(evidence)})"
        fix = None if doc.placement is not None else Fix((Edit(start, end, word),), True, "replace the link by its word")
        yield Hit(start, end, message, {"evidence": list(evidence), "word": word}, fix)


RULE = Rule("BP006", "injected-link", Category.BOILERPLATE, Severity.WARNING, check=check, explains=("BP001",))
