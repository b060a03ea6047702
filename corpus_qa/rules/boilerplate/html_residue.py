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
    Automatic, piece by piece; the text between the pieces of a block (crumbs of mangled
    markup, or a table cell's content) is left as it is. Safe: an entity is unescaped
    (`&nbsp;` -> U+00A0, `&lt;` -> `<`; unsafe where it stands for a control character, or
    for nothing: `&#0;`); a tag is deleted, and a block tag (`<p>`, `</div>`, `<br>`, `<li>`,
    ...) leaves a line break where no line break (or `\\n` written out) is beside it
    already (a table cell's tag: a space); a comment on one line is deleted. Unsafe, because
    they delete text or may change what it says: a `<style>`/`<script>` block and a comment
    over several lines (their non-greedy match may have run over prose to a later closing
    tag), an image URL, an attachment row, a broken tag's attributes, and the tags that
    carry meaning (`<sup>`, `<sub>`, `<del>`, `<s>`, `<q>`, ruby). Residue in the
    frontmatter is not fixed (a line break or an unescaped quote would break its YAML). Or
    extract the text with an HTML parser in the cleaning step that produced the document.
"""

import html
import html.entities
import re
from functools import lru_cache

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
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
    pieces: list[tuple[int, int, str]] = []  # (start, end, kind) of the block being read
    body = _text.body_start(doc)
    for match in _pattern(*present).finditer(text):
        start, end = match.span()
        if start < body and match.lastgroup in ("image", "attachment", "fragment"):
            continue  # headimg: 'https://….png' in frontmatter is metadata
        if links and any(link_start <= start and end <= link_end for link_start, link_end, _, _ in links):
            continue  # BP006's finding
        if pieces and _BLOCK_GAP.fullmatch(text, pieces[-1][1], start) is None:
            yield _hit(text, pieces, body)
            pieces = []
        pieces.append((start, end, match.lastgroup if match.lastgroup != "blocktag" else "block"))
    if pieces:
        yield _hit(text, pieces, body)


_KIND_WORDS = {"block": "style/script block", "comment": "comment", "tag": "tag", "entity": "entity",
               "image": "image URL", "attachment": "attachment row", "fragment": "broken tag"}


def _hit(text, pieces, body):
    start, end = pieces[0][0], pieces[-1][1]
    kinds: dict[str, int] = {}
    for _, _, kind in pieces:
        kinds[kind] = kinds.get(kind, 0) + 1
    parts = ", ".join(f"{count} {_KIND_WORDS[kind]}{'s' if count > 1 else ''}" for kind, count in kinds.items())
    first = text[start : min(end, start + 40)].replace("\n", " ")
    return Hit(start, end, f"HTML residue ({parts}): {first}{'…' if end - start > 40 else ''}", {"evidence": kinds},
               _removal(text, [piece for piece in pieces if piece[0] >= body]))


# elements that break a line where they stand, and the table cells that separate words
_BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body br caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html li main menu nav noframes ol p pre "
    "section summary table tbody tfoot thead title tr ul".split()
)
_CELL_ELEMENTS = frozenset({"td", "th"})
# elements whose tags carry meaning the text loses without them: 10<sup>3</sup>, struck-out text, readings
_MEANING_ELEMENTS = frozenset("sup sub del s strike q ruby rt rp".split())
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
# a line break, or one written out as `\n` (scraped text that escaped its line breaks: ENC017);
# what separates table cells already
_LINE_BREAK = re.compile(r"\r|\n|\\n")
_CELL_BREAK = re.compile(r"[ \t\r\n\u3000]|\\n")
# what an entity must not stand for to be unescaped safely: a control character, or U+FFFD (`&#0;`)
_CONTROL_OR_LOSS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def _removal(text, pieces):
    """The fix: each piece's edit (see Fix above), safe when every piece's is."""
    if not pieces:
        return None
    edits, safe = [], True
    before = text[max(0, pieces[0][0] - 2) : pieces[0][0]]  # the output's last two characters ("": none)
    for index, (start, end, kind) in enumerate(pieces):
        if index and start > pieces[index - 1][1]:
            before = text[max(0, start - 2) : start]
        if kind == "entity":
            replacement = html.unescape(text[start:end])
            safe &= not _CONTROL_OR_LOSS.search(replacement)
        elif kind == "tag":
            name = _TAG_NAME.match(text, start).group(1).lower()
            replacement = _separator(text, pieces, index, before, name)
            safe &= name not in _MEANING_ELEMENTS
        else:
            replacement = ""
            safe &= kind == "comment" and not _LINE_BREAK.search(text, start, end)
            if start > 0 and text[start - 1 : start + 1] == "\\n":
                start += 1  # the piece took the `n` of a `\n` written out as its first letter: keep it
        edits.append(Edit(start, end, replacement))
        before = (before + replacement)[-2:]
    return Fix(tuple(edits), safe=safe, summary="remove the HTML markup, unescape its entities")


def _separator(text, pieces, index, before, name):
    """What a tag leaves: a line break for a block element, a space for a table cell, where the
    text on neither side of it breaks there already (every `<br>` breaks a line of its own);
    nothing for the others."""
    if name in _BLOCK_ELEMENTS:
        separator, breaks = "\n", _LINE_BREAK
    elif name in _CELL_ELEMENTS:
        separator, breaks = " ", _CELL_BREAK
    else:
        return ""
    if before == "" or (name != "br" and _ends_with(before, breaks)):
        return ""
    return "" if _next_breaks(text, pieces, index, breaks, skip_tags=name != "br") else separator


def _ends_with(before, breaks):
    return before.endswith("\\n") or breaks.fullmatch(before[-1]) is not None


def _next_breaks(text, pieces, index, breaks, skip_tags):
    """The text after the tag, past spaces (and the tags and comments right after it), starts
    with a line break or ends."""
    pos = pieces[index][1]
    following = index + 1
    while True:
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        adjacent = following < len(pieces) and pieces[following][0] == pos
        if skip_tags and adjacent and pieces[following][2] in ("tag", "comment"):
            pos = pieces[following][1]
            following += 1
            continue
        return pos >= len(text) or breaks.match(text, pos) is not None


# inside markup, `?` in URLs, ASCII punctuation, entities and escapes are the markup's own
RULE = Rule(
    "BP001", "html-residue", Category.BOILERPLATE, Severity.WARNING,
    check=check, explains=("ENC008", "ENC009", "ENC011", "ENC012", "ENC014", "ENC017"),
)
