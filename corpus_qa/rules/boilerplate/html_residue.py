"""HTML markup left in text: tags, comments, style/script blocks, character entities.

What it flags:
    Markup that survived text extraction — `<p>`, `<div class="...">`, `<!-- 正文下iframe -->`,
    a `<style>` block of CSS, `&nbsp;`, `&#123;` — in plain-text, Markdown and JSONL
    documents. Markup separated only by white space forms one block and one finding.
    Only real HTML element names count as tags, so `a<b>c` in a formula or `<<书名>>`
    is left alone; `.html` files are markup by nature and are not checked (nor by any
    BP rule: a page's navigation and sidebars are the extractor's business, BP checks
    the text that comes out of it). Hot-word and stock-quote anchors are reported by
    BP006 (injected-link) instead, so one element is not reported twice.

Why it matters:
    Residue is noise to every model and index, leaks site structure (CSS, tracking
    comments), and usually marks where a page template was not stripped.

Example:
    bad:  <p>　　原标题：……</p><!-- news_keyword_pub,stock, -->
    good: 原标题：……

Fix:
    Extract the text with an HTML parser (not a regular expression), or unescape
    entities and drop tags in the cleaning step that produced the document.
"""

import html.entities
import re
from functools import lru_cache

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate._links import injected_links
from corpus_qa.text.data_files import words

_BLOCK_GAP = re.compile(r"\s*")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    elements = "|".join(sorted(words("html_elements.txt"), key=len, reverse=True))
    named = "|".join(sorted((e.rstrip(";") for e in html.entities.html5 if e.endswith(";")), key=len, reverse=True))
    return re.compile(
        rf"(?P<block><(?P<blocktag>style|script)\b[^>]*>.*?</(?P=blocktag)\s*>)"
        rf"|(?P<comment><!--.*?-->)"
        rf"|(?P<tag></?(?:{elements})(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))*\s*/?>)"
        rf"|(?P<entity>&(?:#[0-9]{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|(?:{named}));)",
        re.IGNORECASE | re.DOTALL,
    )


def check(doc, ctx):
    if doc.format == "html" or ("<" not in doc.text and "&" not in doc.text):
        return
    text = doc.text
    links = injected_links(text, markdown=doc.format in ("markdown", "text"))
    block_start = block_end = None
    kinds: dict[str, int] = {}
    for match in _pattern().finditer(text):
        start, end = match.span()
        if links and any(link_start <= start and end <= link_end for link_start, link_end, _, _ in links):
            continue  # BP006's finding
        if block_end is not None and _BLOCK_GAP.fullmatch(text, block_end, start) is None:
            yield _hit(text, block_start, block_end, kinds)
            block_start, kinds = None, {}
        if block_start is None:
            block_start = start
        block_end = end
        kind = match.lastgroup if match.lastgroup != "blocktag" else "block"
        kinds[kind] = kinds.get(kind, 0) + 1
    if block_start is not None:
        yield _hit(text, block_start, block_end, kinds)


_KIND_WORDS = {"block": "style/script block", "comment": "comment", "tag": "tag", "entity": "entity"}


def _hit(text, start, end, kinds):
    parts = ", ".join(f"{count} {_KIND_WORDS[kind]}{'s' if count > 1 else ''}" for kind, count in kinds.items())
    first = text[start : min(end, start + 40)].replace("\n", " ")
    return Hit(start, end, f"HTML residue ({parts}): {first}{'…' if end - start > 40 else ''}", {"evidence": kinds})


RULE = Rule("BP001", "html-residue", Category.BOILERPLATE, Severity.WARNING, check=check)
