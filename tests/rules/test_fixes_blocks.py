"""The fixes of the BP block rules: BP006 replaces an injected link by its word (safe); the
other block rules delete the block with the line breaks around it, so no blank hole is left
(unsafe: they delete text). Clean simplified and traditional texts are offered no fix."""

from __future__ import annotations

from array import array

import pytest

from corpus_qa.model import Document, Placement
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.boilerplate._blocks import removal
from corpus_qa.rules.registry import all_rules, family_options

BLOCK_RULES = ("BP002", "BP003", "BP004", "BP005", "BP007", "BP008", "BP010", "BP011", "BP012")


def hits(code: str, text: str, name: str = "doc.txt") -> list:
    context = RuleContext({key: option.default for key, option in family_options()["boilerplate"].items()})
    return list(all_rules()[code].check(Document(name, text, format="markdown" if name.endswith(".md") else "text"),
                                        context))


def fixed(code: str, text: str, name: str = "doc.txt") -> tuple[str, list[str | None]]:
    """(the text with every fix of the rule's hits applied, each hit's applicability)."""
    found = hits(code, text, name)
    edits = sorted((edit for hit in found if hit.fix for edit in hit.fix.edits), key=lambda e: e.start, reverse=True)
    for edit in edits:
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text, [None if hit.fix is None else "safe" if hit.fix.safe else "unsafe" for hit in found]


def case(code, text, repaired, applicability, id, name="doc.txt"):
    return pytest.param(code, text, repaired, applicability, name, id=f"{code}-{id}")


STCN = '<a class="trsHotWords" href="https://info.stcn.com/dc/stock/?stockcode=NEEQ838275">驱动力</a>'
CASES = [
    # BP006: the anchor gives way to its word
    case("BP006", f"作为新一轮产业变革核心{STCN}的人工智能", "作为新一轮产业变革核心驱动力的人工智能", ["safe"], "hot-word-anchor"),
    case("BP006", '有<span id="stock_sh603883"><a href="https://finance.sina.com.cn/realstock/sh603883.html" class="keyword">'
         '老百姓</a></span><span id="quote_sh603883"></span>大药房', "有老百姓大药房", ["safe"], "sina-stock-wrapper"),
    case("BP006", "核心[驱动力](https://info.stcn.com/dc/stock/?stockcode=NEEQ838275)的人工智能",
         "核心驱动力的人工智能", ["safe"], "markdown-link", "doc.md"),
    case("BP006", "產業變革核心<a class=\"keyword\" href=\"https://s.example.tw/tags/ai\">人工智慧</a>的發展",
         "產業變革核心人工智慧的發展", ["safe"], "traditional"),
    # BP005: a credit line goes with the line break before it; a sign-off with its brackets
    case("BP005", "…带动性强的应用场景。\n编辑：郭夏杰；责编：郭夏杰", "…带动性强的应用场景。", ["unsafe"], "last-line"),
    case("BP005", "…应用场景。\n\n编辑：郭夏杰；责编：郭夏杰\n", "…应用场景。\n", ["unsafe"], "last-line-keeps-final-break"),
    case("BP005", "来源：光明网\n\n　　政府今天发布新的措施。", "　　政府今天发布新的措施。", ["unsafe"], "first-line-keeps-indentation"),
    case("BP005", "政府今天发布新的措施。 （责任编辑：黄颖乐_sz101）", "政府今天发布新的措施。", ["unsafe"], "sign-off-and-its-space"),
    case("BP005", "各部門將加強管理。（編輯：陳惠珍）1101218\n", "各部門將加強管理。\n", ["unsafe"], "traditional-wire-sign-off"),
    case("BP005", "发布新的措施。\\n责任编辑：王蒙\\n", "发布新的措施。\\n", ["unsafe"], "escaped-line-breaks"),
    case("BP005", "---\ntitle: 标题\n---\n来源：光明网\n政府发布新的措施。", "---\ntitle: 标题\n---\n政府发布新的措施。",
         ["unsafe"], "frontmatter-kept"),
    # the other block rules
    case("BP002", "政府今天发布新的措施，相关部门表示将加强管理。\n相关阅读：\n人工智能产业加快发展\n北京发布新措施\n",
         "政府今天发布新的措施，相关部门表示将加强管理。\n", ["unsafe"], "related-list"),
    case("BP003", "政府今天发布新的措施。\n发表评论\n0条评论\n", "政府今天发布新的措施。\n", ["unsafe"], "comment-widget"),
    case("BP004", "政府今天发布新的措施。\n扫描二维码，关注我们的微信公众号\n", "政府今天发布新的措施。\n", ["unsafe"], "promo"),
    case("BP007", "政府今天发布新的措施。\n版权所有 © 2020 新华网 未经授权禁止转载\n", "政府今天发布新的措施。\n", ["unsafe"],
         "copyright"),
    case("BP008", "…被依法予以行政拘留，合并执行20日。\n分享到：\n0", "…被依法予以行政拘留，合并执行20日。", ["unsafe"], "share-bar"),
    case("BP010", "原标题：人工智能产业加快发展\n　　政府今天发布新的措施。", "　　政府今天发布新的措施。", ["unsafe"], "original-title"),
    case("BP011", "当前位置：首页 > 新闻 > 正文\n　　政府今天发布新的措施。", "　　政府今天发布新的措施。", ["unsafe"], "trail"),
    case("BP011", "政府今天发布新的措施。\n\n当前位置：首页 > 新闻 > 正文\n\n政府表示。", "政府今天发布新的措施。\n\n政府表示。", ["unsafe"],
         "between-paragraphs"),
    case("BP012", "到孩子身上。防抓取，突袭网提供内容，请查看原文。很大的原因", "到孩子身上。很大的原因", ["unsafe"], "watermark-inside-a-line"),
]


@pytest.mark.parametrize("code, text, repaired, applicability, name", CASES)
def test_fix_repairs_the_text(code, text, repaired, applicability, name):
    assert fixed(code, text, name) == (repaired, applicability)


@pytest.mark.parametrize("text, span, repaired", [
    ("甲。\n乙\n丙。", (3, 4), "甲。\n丙。"),  # a middle line: with the line break before it
    ("甲。\n\n乙\n\n丙。", (4, 5), "甲。\n\n丙。"),  # a paragraph: the blank line after stays
    ("乙\n\n　　丙。", (0, 1), "　　丙。"),  # first: up to the next line's indentation
    ("甲。  \n乙\n", (5, 6), "甲。  \n"),  # the line before keeps its own trailing spaces
    ("甲。\r\n乙\r\n丙。", (4, 5), "甲。\r\n丙。"),
    ("甲。\\n乙\\n丙。", (4, 5), "甲。\\n丙。"),  # line breaks written out as `\n`
    ("甲。乙 丙。", (2, 3), "甲。 丙。"),  # opening no line: the space before it goes (none here)
    ("甲。 乙", (3, 4), "甲。"),
    ("乙 丙。", (0, 1), "丙。"),  # opening a line: with the space after it
    ("甲（乙）丙", (2, 3), "甲丙"),  # its own brackets go with it
    ("甲（乙丙）", (2, 3), "甲（丙）"),  # brackets it shares stay
    ("乙", (0, 1), ""),
])
def test_removal_leaves_no_hole(text, span, repaired):
    fix = removal(text, *span, 0, "remove")
    (edit,) = fix.edits
    assert not fix.safe and edit.replacement == ""
    assert text[: edit.start] + text[edit.end :] == repaired


def test_two_whole_line_blocks_in_a_row_take_touching_edits():
    text = "甲。\n乙\n丙\n丁。"
    first, second = removal(text, 3, 4, 0, "x").edits[0], removal(text, 5, 6, 0, "x").edits[0]
    assert first.end <= second.start
    assert text[: first.start] + text[first.end : second.start] + text[second.end :] == "甲。\n丁。"


def test_a_part_of_a_web_page_is_offered_no_fix():
    page = Document("p.html", "<p>正文。</p><p>责任编辑：王蒙</p>", format="html")
    part = Document("p.html", "正文。\n责任编辑：王蒙", placement=Placement(page, array("q"), array("q")))
    context = RuleContext({key: option.default for key, option in family_options()["boilerplate"].items()})
    found = list(all_rules()["BP005"].check(part, context))
    assert found and all(hit.fix is None for hit in found)


CLEAN = [
    # simplified: news that names editors, sources, links and lists in its own sentences
    "　　新华社北京8月18日电 国务院今天召开常务会议，部署加快人工智能产业发展。\n"
    "　　会议指出，要分享经验、加强合作，让群众分享到更多改革红利。相关部门负责人表示，"
    "资金来源：自筹与财政拨款各半。\n　　亲爱的编辑：我想谈谈对新政策的看法。",
    # traditional
    "　　中央社台北5日電 行政院今天召開記者會，說明各部門將加強管理，並分享推動經驗。\n"
    "　　經濟部表示，開設賭場罪的判決已經確定，澳門博彩業收入持續成長。\n"
    "　　記者吳亮儀報導，相關單位將持續關注後續發展。",
    # Markdown with an ordinary link
    "# 人工智能\n\n更多内容见[官方网站](https://www.gov.cn/zhengce/)。政府今天发布新的措施。\n",
]


@pytest.mark.parametrize("code", ("BP006", *BLOCK_RULES))
@pytest.mark.parametrize("index", range(len(CLEAN)))
def test_clean_text_is_offered_no_fix(code, index):
    assert hits(code, CLEAN[index], "doc.md" if CLEAN[index].startswith("#") else "doc.txt") == []
