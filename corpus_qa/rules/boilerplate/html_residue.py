"""HTML markup left in text: tags, comments, style/script blocks, character entities.

What it flags:
    Markup that survived text extraction — `<p>`, `<div class="...">`, `<!-- 正文下iframe -->`,
    a `<style>` block of CSS, `&nbsp;`, `&#123;`, embedded players (`<iframe … allowfullscreen>`,
    `<embed>`, `<video>`, `<object>`) — in plain-text, Markdown and JSONL documents; also
    what stands for an image: an image URL left as text (`https://…/a.jpg`,
    `?x-oss-process=image/resize,w_640`, `?imageView2/2/w/640`, `!/fw/640`) and a forum's
    attachment row (`20171117_154110.jpg (704.84 kb， 下载次数: 0) 下载附件 保存到相册`).
    Pieces separated only by white space or by the crumbs of mangled markup (`ght: 1.5em;`)
    form one block and one finding.
    Only real HTML element names count as tags, so `a<b>c` in a formula or `<<书名>>`
    is left alone. Of an `.html` page the BP rules read the visible text of the article
    and its vicinity (corpus_qa.page), so this rule reports markup a page shows as text
    (`&lt;p&gt;` escaped twice), never the page's own tags. Hot-word and stock-quote anchors are reported by
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
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._links import injected_links
from corpus_qa.text.data_files import words

# between two pieces of one residue block: white space, or the crumbs of mangled markup
# between them (`ght: 1.5em;`, `/script>divid='dddeee'`)
_BLOCK_GAP = re.compile(r"\s*|[\s;:\"'=0-9a-z%.#,()!/>_-]{1,160}")
# An image's address standing as text: a URL ending in an image file, or carrying a CDN's
# image-processing parameters (?x-oss-process=image/…, ?imageView2/…, ?imageMogr2/…, !/fw/…).
_URL_CHAR = r"[^\s\"'<>()（）\[\]，。、；！？]"
_IMAGE_URL = (
    rf"(?:https?:)?//{_URL_CHAR}+?(?:\.(?:jpe?g|png|gif|webp|bmp)\b(?:[?!]{_URL_CHAR}*)?"
    rf"|[?&!](?:x-oss-process=image|imageView2|imageMogr2|/fw/){_URL_CHAR}*)"
)
# What is left of a tag whose `<img` was cut off: `" alt="…" src="….jpg" />`
_ATTRIBUTE = r"(?:src|alt|title|style|width|height|href|class|onload|onclick|border|align|target|data-src)"
_FRAGMENT = (
    rf"[\"']?[ \t]*{_ATTRIBUTE}[ \t]*=[ \t]*(?:\"[^\"<\n]{{0,400}}\"|'[^'<\n]{{0,400}}')"
    rf"(?:[ \t]*{_ATTRIBUTE}[ \t]*=[ \t]*(?:\"[^\"<\n]{{0,400}}\"|'[^'<\n]{{0,400}}'|[^\s\"'<>]+))*[ \t]*/?>?"
)
# A forum's attachment row: 20171117_154110.jpg (704.84 kb， 下载次数: 0) 下载附件 保存到相册
_ATTACHMENT = (
    r"(?:上[传傳])?(?:微信(?:图片|截图|圖片)|图片|截图|圖片|截圖)?_?[A-Za-z0-9_-][A-Za-z0-9_.-]{3,80}\.(?:jpe?g|png|gif|webp|bmp)\s*\(\s*[\d.]+\s*[kKmM][bB]\s*[，,]\s*下[载載]次[数數]\s*[:：]\s*\d+\s*\)"
    r"(?:\s*(?:\\n)?\s*下[载載]附件)?(?:\s*(?:\\n)?\s*保存到相[册冊])?"
    r"(?:\s*(?:\\n)?\s*(?:\d{1,2}\s*(?:小时|小時|分钟|分鐘|秒)前|半小时前|半小時前|[昨前]天\s*\d{1,2}:\d{2}"
    r"|\d{4}-\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2})\s*上[传傳])?"  # its upload time: 1 小时前 上传
)


# What each kind of residue cannot do without, in the order of the pattern's branches: a text
# without it is not scanned for that kind (the big alternation has no literal first character
# to skip ahead by, so every branch left out makes the scan cheaper, with the same matches).
_QUOTED_VALUE = re.compile(r"=[ \t]*[\"']")  # every fragment has an attribute's quoted value
_DOWNLOADS = re.compile("下[载載]次[数數]")  # every attachment row has its download count


def _present(text: str) -> tuple[bool, bool, bool, bool, bool]:
    """(markup, entity, fragment, image, attachment): the kinds the text may hold."""
    return ("<" in text, "&" in text, _QUOTED_VALUE.search(text) is not None, "//" in text,
            _DOWNLOADS.search(text) is not None)


@lru_cache(maxsize=32)
def _pattern(markup: bool, entity: bool, fragment: bool, image: bool, attachment: bool) -> re.Pattern:
    elements = "|".join(sorted(words("html_elements.txt"), key=len, reverse=True))
    named = "|".join(sorted((e.rstrip(";") for e in html.entities.html5 if e.endswith(";")), key=len, reverse=True))
    branches = []
    if markup:
        branches += [
            r"(?P<block><(?P<blocktag>style|script)\b[^>]*>.*?</(?P=blocktag)\s*>)",
            r"(?P<comment><!--.*?-->)",
            rf"(?P<tag></?(?:{elements})(?:\s+[A-Za-z_:][A-Za-z0-9_:.-]*(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))?)*\s*/?>)",
        ]
    if entity:
        branches.append(rf"(?P<entity>&(?:#[0-9]{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|(?:{named}));)")
    if fragment:
        branches.append(rf"(?P<fragment>{_FRAGMENT})")
    if image:
        branches.append(rf"(?P<image>{_IMAGE_URL})")
    if attachment:
        branches.append(rf"(?P<attachment>{_ATTACHMENT})")
    return re.compile("|".join(branches), re.IGNORECASE | re.DOTALL)


def check(doc, ctx):
    text = doc.text
    present = _present(text)
    if not any(present):
        return
    links = injected_links(text, markdown=doc.format in ("markdown", "text"))
    block_start = block_end = None
    kinds: dict[str, int] = {}
    body = _text.body_start(doc)
    for match in _pattern(*present).finditer(text):
        start, end = match.span()
        if start < body and match.lastgroup in ("image", "attachment", "fragment"):
            continue  # headimg: 'https://….png' in frontmatter is metadata
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


_KIND_WORDS = {"block": "style/script block", "comment": "comment", "tag": "tag", "entity": "entity",
               "image": "image URL", "attachment": "attachment row", "fragment": "broken tag"}


def _hit(text, start, end, kinds):
    parts = ", ".join(f"{count} {_KIND_WORDS[kind]}{'s' if count > 1 else ''}" for kind, count in kinds.items())
    first = text[start : min(end, start + 40)].replace("\n", " ")
    return Hit(start, end, f"HTML residue ({parts}): {first}{'…' if end - start > 40 else ''}", {"evidence": kinds})


# inside markup, `?` in URLs, ASCII punctuation, entities and escapes are the markup's own
RULE = Rule(
    "BP001", "html-residue", Category.BOILERPLATE, Severity.WARNING,
    check=check, explains=("ENC008", "ENC009", "ENC011", "ENC012", "ENC014", "ENC017"),
)
