"""Boilerplate in a web page's chrome: the menus, sidebars and footers away from its article.

What it flags:
    On an `.html` page (or an HTML record of a crawl archive) the other BP rules read the
    article and its vicinity, where sites inject credits, promos and related lists, and
    report each block there. The rest of the page is its chrome. This rule reads the chrome
    with the same rules and reports what they find there as one finding per page: how much
    of the visible text is chrome, and which blocks it holds (a QR-code promo in the
    header, a 热门推荐 sidebar, a copyright footer), each with its place in `data.parts`.
    The finding points at the first of them. A page whose chrome holds no such block, a
    page without an article (BP013 reports it), and any document that is not a page are
    left alone.

Why it matters:
    An extractor that keeps too much carries these blocks into the corpus. The summary
    says, per page, what a cleaning step must leave out without flooding the report with
    the same sidebar on every page of a site.

Example:
    bad:  a page whose header holds 扫描上方二维码关注微信公众号 and whose sidebar lists
          热门推荐 headlines (one finding: 2 blocks in 1,282 characters of chrome)
    good: the article extracted without them

Fix:
    Extract the article only (trafilatura, readability), or remove the site's sidebar and
    footer elements before extracting text.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.page.parts import MARKUP, VICINITY, chrome, piece
from corpus_qa.rules.base import MAX_HITS_PER_RULE, Rule


def check(doc, ctx):
    reading = doc.page
    if reading is None or reading.article is None:
        return
    blocks = []  # (page start, page end, rule code, message)
    chrome_chars = 0
    for start, end in chrome(reading):
        part = piece(doc, start, end)
        chrome_chars += len(part.text) - part.text.count("\n")
        blocks.extend(_blocks_in(part, ctx))
    if not blocks:
        return
    blocks.sort()
    counts: dict[str, int] = {}
    for _, _, code, _ in blocks:
        counts[code] = counts.get(code, 0) + 1
    visible_chars = len(reading.visible.text) - reading.visible.text.count("\n")
    share = round(100 * chrome_chars / visible_chars) if visible_chars else 0
    kinds = ", ".join(f"{code} ×{count}" for code, count in sorted(counts.items()))
    first_start, first_end, _, first_message = blocks[0]
    message = (f"page chrome: {chrome_chars} of {visible_chars} visible characters ({share}%) lie away from the "
               f"article; {len(blocks)} boilerplate block{'s' if len(blocks) > 1 else ''} there ({kinds}), "
               f"first: {first_message}")
    parts = [{"start": start, "end": end, "rule": code, "message": text}
             for start, end, code, text in blocks[:MAX_HITS_PER_RULE]]
    data = {"chrome_chars": chrome_chars, "visible_chars": visible_chars, "blocks": counts, "parts": parts}
    yield Hit(first_start, first_end, message, data)


def _blocks_in(part, ctx):
    """What the BP rules that read a page's vicinity find in this part, merged and explained
    as their findings would be, placed in the page."""
    from corpus_qa.engine.consolidate import consolidate  # the engine's own merging

    hits_by_rule = [(rule, hits) for rule in _vicinity_rules() if (hits := list(rule.check(part, ctx)))]
    for rule, hits in consolidate(part.text, hits_by_rule):
        for hit in hits:
            start, end = part.placement.span(hit.start, hit.end)
            yield start, end, rule.code, hit.message


def _vicinity_rules():
    from corpus_qa.rules.registry import all_rules  # the registry imports this module

    return [rule for rule in all_rules().values()
            if rule.category is Category.BOILERPLATE and rule.check is not None and rule.reads == VICINITY]


RULE = Rule("BP014", "page-chrome", Category.BOILERPLATE, Severity.INFO, check=check, reads=MARKUP)
