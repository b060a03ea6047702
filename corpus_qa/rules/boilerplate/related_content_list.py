"""Related-content lists: runs of headline links appended after (or inserted into) the article.

What it flags:
    A block of headline-like lines — short, no full stop, often bulleted or dated —
    that a site's template appends: "相关新闻", "最近发表 / 随机阅读", "热门推荐",
    "延伸閱讀", "猜你喜欢", "大家都在看", ranking lists, previous/next links, and teaser
    snippets cut off with "…". One finding per list, from its heading to its last item;
    headings with no items of their own (`- 最近发表` `-` `- 随机阅读`) join the list
    that follows. The message names the evidence: the heading that fired, or the
    structure (how many headline-like lines, after the end of the article).

    Detected by structure, with or without a heading:
    - a known heading on a line of its own (or with its items after a colon) followed by
      at least one headline-like line, or ending the text;
    - without a heading, at least five headline-like lines after the last paragraph of
      prose, with prose before them, most of them formatted as links (bullet, date,
      "…", 【tag】) — eight when they are not.
    A paragraph that mentions 推荐阅读 is not a heading (a heading is the whole line);
    lists inside an article — numbered points (一、… （二）…), items that end in 。 or ；,
    short subheadings followed by prose — are left alone. Simplified and traditional
    headings are matched alike. Of a web page only the article and its vicinity are read
    (corpus_qa.page; BP014 sums up the rest).

Why it matters:
    The list's headlines belong to other articles: they leak unrelated text into the
    document, repeat across the site, and make near-duplicate detection see false
    overlap.

Example:
    bad:  …分别从产业赛道、数字化检验检测等角度发表演讲。(完)
          - 热门推荐
          - 36人电信网络诈骗案西安宣判 主犯获刑十年又六个月
          - “短剧游北京”征集优秀文旅题材微短剧
    good: …分别从产业赛道、数字化检验检测等角度发表演讲。(完)

Fix:
    Cut the document at the list heading (or at the first headline line after the
    article's last paragraph) in the cleaning step, or extract with a tool that drops
    link-dense blocks.
    `corpus-qa fix --unsafe-fixes` deletes the list with the line breaks before it.
    Unsafe: it deletes text, and a list the article itself holds would go too.
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re
from functools import lru_cache

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.text.boilerplate_terms import phrase_forms, sections
from corpus_qa.text.script import fold_to_simplified

DATA = "boilerplate_list_headings.txt"
MIN_ITEMS_WITHOUT_HEADING = 5

_BULLET = re.compile(
    r"^(?:[-–—•·●○◆◇■□▪▫►▶▸>»*+※☆★√✓]+|\d{1,2}[.、)）]|[（(]\d{1,2}[)）]|\[\d{1,2}\]|\d{1,2}\s)[ \t\u3000\xa0]*"
)
_ONLY_BULLETS = re.compile(r"^[-–—•·●○◆◇■□▪▫►▶▸>»*+※☆★]+$")
_DATE_TAIL = re.compile(
    r"[ \t\u3000\xa0]*[(（\[【]?(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[)）\]】]?$"
)
_HEADING_DECOR = re.compile(r"^[【\[「『〖<《]*|[】\]」』〗>》]*[：:]?\s*(?:更多|more|MORE)?\s*[>»》]*$")
_INLINE_HEADING = re.compile(r"^(.{2,12}?)[：:】\]][ \t\u3000\xa0]*(\S.*)$")
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[章节条部分步]|\d{1,2}[、.．])"
)
# WeChat posts break their sentences into short lines; those lines end in particles and
# run 8-12 characters, where the headlines of a link list run 15-30.
_SPOKEN_END = re.compile(r"[的了吧呀啊呢哦嘛！!~～…]$")
MIN_MEAN_LENGTH = 14
MIN_UNMARKED_ITEMS = 8
# photo captions and their credits, as printed newspapers run them under a picture
_CAPTION = re.compile(r"（图片）|（附图片|摄）|^图[①-⑩\d]")
# a link as a list item: `北京美术培训 www.chuangdianhuashi.com`, `odoo https://cdn.openerp.hk`
_LINK_ITEM = re.compile(r"^[^\s。，,]{0,24}[ \t\u3000\xa0]*(?:https?://|www\.)[^\s<>]{3,200}$")
_TEASER_END = re.compile(r"(?:\.{3,}|…+)$")
_INLINE_BULLET = re.compile(r"[▪•●■◆]")
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _headings() -> frozenset[str]:
    forms: set[str] = set()
    for phrase in sections(DATA)[""]:
        forms |= phrase_forms(phrase)
    return frozenset(forms) | frozenset(fold_to_simplified(f) for f in forms)


def _heading(line: str) -> str | None:
    if len(line) > 40:
        return None
    core = _HEADING_DECOR.sub("", _BULLET.sub("", line)).strip()
    if core in _headings() or fold_to_simplified(core) in _headings():
        return core
    return None


def _item_text(line: str) -> str:
    line = _BULLET.sub("", " ".join(line.split()))
    if line and line[-1] in "0123456789)）]】日":
        line = _DATE_TAIL.sub("", line)
    return line.strip()


def _marked(line: str) -> bool:
    """Link-list formatting on an item: a bullet, a trailing date, an ellipsis, a 【tag】."""
    flat = " ".join(line.split())
    return bool(_BULLET.match(flat) or _DATE_TAIL.search(flat) or _TEASER_END.search(flat) or flat.startswith("【"))


def _headline(line: str) -> bool:
    """Short, title-like: no full stop, not ending mid-sentence, mostly words."""
    if len(line) > 300:
        return False
    item = _item_text(line)
    length = len(item)
    if _CAPTION.search(item):
        return False
    if not 6 <= length <= 48 or "。" in item or item[-1] in "，,、：:；;（(《“" or item[0] == "@":
        return False
    if item.count("，") + item.count(",") > 1 or item.count("、") > 2:
        return False  # a sentence, a reader's comment, an enumeration
    words = len(_WORD.findall(item))
    return len(_CJK.findall(item)) >= 4 and words >= 0.7 * len(item.replace(" ", ""))


def _teaser(line: str) -> bool:
    """A snippet of another article cut off with an ellipsis."""
    if len(line) > 300:
        return False
    item = _item_text(line)
    return 16 <= len(item) <= 160 and bool(_TEASER_END.search(item)) and len(_CJK.findall(item)) >= 10


def _prose(line: str) -> bool:
    if len(line) > 200:
        return "。" in line or line.count("，") >= 2
    sentence = ("。" in line and len(line) >= 12) or (len(line) >= 40 and line.count("，") >= 2)
    return sentence and not _teaser(line)


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the related-content list")


def _hits(doc, ctx):
    if not _text.checks(doc):
        return
    text = doc.text
    start = _text.body_start(doc)
    if "\n" not in text[start:].strip() and "\\n" not in text and "<" not in text:
        return  # a single line holds no list (escaped newlines, `\\n`, count as breaks)
    spans = _text.lines(text, start)
    if len(spans) < 2:
        return
    kinds = [_classify(text[s:e]) for s, e in spans]
    prose_lines = [i for i, kind in enumerate(kinds) if kind[0] == "prose"]
    last_prose = prose_lines[-1] if prose_lines else -1
    index = 0
    while index < len(spans):
        block = _block_at(kinds, index)
        if block is None:
            index += 1
            continue
        first, last, headings, items = block
        after_article = last > last_prose
        if headings and (items or after_article):
            names = [_heading_name(text[spans[i][0]:spans[i][1]]) for i in headings]
            yield _hit(text, spans, first, last, "heading " + ", ".join(dict.fromkeys(names)), items)
        elif not headings and items >= MIN_ITEMS_WITHOUT_HEADING and after_article and 0 <= last_prose < first:
            if _looks_like_links(text, spans, first, last):
                yield _hit(text, spans, first, last, "structure, after the last paragraph", items)
        index = last + 1


def _classify(line: str) -> tuple[str, int]:
    """(kind, items): heading, heading+items, bullet, item, prose or other."""
    if len(line) > 200:  # too long for a heading, a headline or a teaser
        return ("prose" if _prose(line) else "other", 0)
    if _ONLY_BULLETS.match(line):
        return ("bullet", 0)
    if _heading(line):
        return ("heading", 0)
    inline = _INLINE_HEADING.match(_BULLET.sub("", line))
    if inline and _heading(inline.group(1)) and (_headline(inline.group(2)) or _teaser(inline.group(2))):
        return ("heading+item", 1)
    if len(_INLINE_BULLET.findall(line)) >= 2:
        parts = [p for p in _INLINE_BULLET.split(line) if p.strip()]
        if len(parts) >= 2 and all(_headline(p) or _teaser(p) for p in parts):
            return ("item", len(parts))
    if _headline(line) or _teaser(line) or _LINK_ITEM.match(line):
        return ("item", 1)
    if _prose(line):
        return ("prose", 0)
    if len(line) <= 16 and "。" not in line:
        return ("subheading", 0)
    return ("other", 0)


def _block_at(kinds, index):
    """The list starting at line `index`: headings (with empty bullet lines between them)
    then items. None when no list starts here."""
    first = index
    headings: list[str] = []
    items = 0
    position = index
    while position < len(kinds) and kinds[position][0] in ("heading", "heading+item", "bullet"):
        if kinds[position][0] != "bullet":
            headings.append(position)
            items += kinds[position][1]
        position += 1
    while position < len(kinds):
        kind = kinds[position][0]
        if kind == "subheading" and (headings or items) and _more_items(kinds, position + 1):
            position += 1  # 要闻top10 inside a 热门推荐 box, tag lines between link rows
            continue
        if kind not in ("item", "bullet", "heading+item"):
            break
        items += kinds[position][1]
        if kind == "heading+item":
            headings.append(position)
        position += 1
    last = position - 1
    while last >= first and kinds[last][0] == "bullet":
        last -= 1
    if last < first or not (headings or items):
        return None
    return first, last, headings, items


def _more_items(kinds, position):
    """Items come next, after at most two more short lines."""
    for kind, _ in kinds[position:position + 3]:
        if kind in ("item", "heading+item"):
            return True
        if kind not in ("subheading", "bullet"):
            return False
    return False


def _looks_like_links(text, spans, first, last):
    """Headlines of other articles rather than the article's own points (一、… （二）… 3、…)
    or a WeChat post's sentence broken over short lines."""
    raw = [text[s:e] for s, e in spans[first:last + 1]]
    raw = [line for line in raw if not _ONLY_BULLETS.match(line)]
    if sum(1 for line in raw if _ORDINAL.match(line)) * 2 >= len(raw):
        return False
    if sum(1 for line in raw if _marked(line)) * 2 < len(raw) and len(raw) < MIN_UNMARKED_ITEMS:
        return False
    items = [_item_text(line) for line in raw]
    if sum(len(item) for item in items) / len(items) < MIN_MEAN_LENGTH:
        return False
    return sum(1 for item in items if _SPOKEN_END.search(item)) * 10 <= 3 * len(items)


def _hit(text, spans, first, last, evidence, items):
    start, end = spans[first][0], spans[last][1]
    message = f"related-content list ({evidence}; {items} headline-like line{'s' if items != 1 else ''}): {_text.short_excerpt(text[start:end])}"
    return Hit(start, end, message, {"evidence": evidence, "items": items})


def _heading_name(line):
    name = _heading(line)
    if name:
        return name
    inline = _INLINE_HEADING.match(_BULLET.sub("", line))
    return _heading(inline.group(1)) if inline else None


RULE = Rule("BP002", "related-content-list", Category.BOILERPLATE, Severity.WARNING, check=check)
