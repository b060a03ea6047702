"""Links that a CMS wrapped around ordinary words (hot-word and stock-quote anchors).

Shared by BP006 (which reports them) and BP001 (which leaves their tags to BP006)."""

from __future__ import annotations

import re
from functools import lru_cache

_ANCHOR = re.compile(
    r"(?:<span\b[^<>]{0,200}>)?"  # Sina wraps the anchor in <span id="stock_sh603883">
    r"<a\b(?P<attributes>[^<>]{0,800})>(?P<word>[^<>]{1,40})</a\s*>"
    r"(?:</span\s*>(?:<span\b[^<>]{0,120}>\s*</span\s*>)?)?",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"\[(?P<word>[^\[\]\n]{1,40})\]\((?P<attributes>https?://[^()\s]{1,400})\)")
_EVIDENCE = (
    ("class", re.compile(r"class\s*=\s*[\"']?[^\"'>]*?([\w-]*(?:hotwords?|keyword|keylink|stock|tag-?link|innerlink|autolink)[\w-]*)", re.I)),
    ("stock link", re.compile(r"(stockcode=|/stock/|realstock|quote|/s[hz]\d{6}|[?&]code=)", re.I)),
    ("keyword link", re.compile(r"([?&](?:wd|q|kw|keyword|word|query)=|/tags?/|/keyword/|baike\.|/search)", re.I)),
)
_CJK = re.compile(r"[\u3400-\u9fff]")


def _evidence(attributes: str) -> list[str]:
    found = []
    for label, pattern in _EVIDENCE:
        match = pattern.search(attributes)
        if match:
            found.append(f"{label} {match.group(1)}")
    return found


def injected_links(text: str, markdown: bool = False) -> tuple[tuple[int, int, str, tuple[str, ...]], ...]:
    """(start, end, linked word, evidence) for every injected link, in text order."""
    if "<a" not in text and "<A" not in text and not (markdown and "](" in text):
        return ()
    return _find(text, markdown)


@lru_cache(maxsize=8)
def _find(text: str, markdown: bool) -> tuple[tuple[int, int, str, tuple[str, ...]], ...]:
    out = []
    patterns = (_ANCHOR, _MARKDOWN) if markdown else (_ANCHOR,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            word = match.group("word").strip()
            evidence = _evidence(match.group("attributes"))
            if not evidence and _inside_sentence(text, match.start(), match.end(), word):
                evidence = ["short word linked inside a sentence"]
            if evidence:
                out.append((match.start(), match.end(), word, tuple(evidence)))
    out.sort()
    return tuple(out)


def _inside_sentence(text: str, start: int, end: int, word: str) -> bool:
    """A word of at most six characters with Chinese text right before and after the link:
    the sentence reads on through it, so the link was laid over the text."""
    if len(word) > 6 or not _CJK.search(word):
        return False
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    return bool(_CJK.match(before)) and bool(_CJK.match(after))
