"""Web pages: rules read what a reader sees, findings point into the page as decoded.

Pages are built here, in simplified and traditional script, the way portals lay them out: a
header with menus (and a QR-code popup), the article, what the CMS appends to it (a credit, a
promo), a sidebar of headlines and a footer.
"""

from __future__ import annotations

import html
import json

from hypothesis import given, settings, strategies as st

from corpus_qa.page.article import find_article
from corpus_qa.page.parts import read_page
from corpus_qa.page.visible import visible_text
from corpus_qa.rules.registry import all_rules
from corpus_qa.sources.documents import document_from_bytes
from tests.conftest import check_json, write

SIMPLIFIED = [
    "新华社北京9月5日电 国家统计局今天发布数据，今年前八个月全国粮食总产量稳中有升，夏粮和早稻产量均创历史新高。",
    "专家表示，粮食生产连续多年保持稳定，农业基础设施不断完善，为经济社会发展大局提供了有力支撑。",
    "统计局有关负责人介绍，各地加大高标准农田建设力度，良种覆盖率持续提高，机械化水平明显提升。",
    "下一步，有关部门将继续落实各项支持政策，稳定种粮农民收益，确保国家粮食安全万无一失。",
]
TRADITIONAL = [
    "中央社台北5日電 行政院今天召開記者會，說明明年度預算編列情形，其中教育與社會福利支出均較今年增加。",
    "官員表示，政府將持續推動各項建設，並照顧弱勢族群，相關計畫已送交立法院審議，預計年底前完成。",
    "主計總處指出，明年經濟成長率預估可達百分之三，民間投資與出口動能可望維持穩健，物價則趨於平穩。",
    "行政院長強調，財政紀律仍是首要原則，各部會應撙節開支，把資源用在最需要的地方，嘉惠全體國人。",
]
MENU = ["首页", "新闻", "财经", "科技", "体育", "娱乐"]
SITE_LINKS = ["关于我们", "联系我们", "广告服务", "网站地图", "招聘信息", "法律声明", "隐私政策", "意见反馈", "友情链接",
              "网站导航", "订阅服务", "帮助中心", "合作伙伴", "违法举报", "营业执照"]
HEADLINES = ["国务院常务会议部署稳就业工作", "多地出台措施支持新能源汽车消费", "秋粮收获进度过半 各地抢抓农时",
             "央行开展逆回购操作 市场流动性合理充裕", "今年暑期档电影票房创新高"]


def page(paragraphs, *, after="", header_popup="", sidebar=True, footer="", script=True) -> str:
    """A portal's page around `paragraphs`; its chrome is written in the articles' script."""
    if paragraphs is TRADITIONAL:
        from opencc import OpenCC

        to_traditional = OpenCC("s2t").convert
        return _page(paragraphs, to_traditional, after=to_traditional(after), header_popup=to_traditional(header_popup),
                     sidebar=sidebar, footer=to_traditional(footer), script=script)
    return _page(paragraphs, str, after=after, header_popup=header_popup, sidebar=sidebar, footer=footer, script=script)


def _page(paragraphs, chrome, *, after, header_popup, sidebar, footer, script) -> str:
    menu = "".join(f'<li><a href="/{i}" data-ctrmap=":3{i},:3{i + 1}">{chrome(word)}</a></li>' for i, word in enumerate(MENU))
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    side = (f'<div class="side"><h3>{chrome("热门推荐")}</h3><ul>'
            + "".join(f'<li><a href="/n{i}">{chrome(h)}</a></li>' for i, h in enumerate(HEADLINES)) + "</ul></div>") if sidebar else ""
    links = "".join(f'<a href="/about/{i}">{chrome(word)}</a><br>' for i, word in enumerate(SITE_LINKS))
    code = ('<script>var s = "责任编辑：某某,,";\nif (a &lt; b) { go(",,"); }</script>\n'
            '<style>.a::after { content: "，,"; }</style>\n') if script else ""
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{chrome("粮食生产稳中有升_新闻中心")}</title>\n'
        f"{code}</head>\n<body>\n"
        f'<div class="header"><ul class="nav">{menu}</ul>{header_popup}'
        f'<a href="javascript:;" title="&quot;;,">{chrome("登录")}</a></div>\n'
        "<!-- 正文开始 ,, 责任编辑：注释 -->\n"
        f'<div class="main">{side}<div class="article"><h1>{chrome("粮食生产稳中有升")}</h1>\n{body}{after}</div></div>\n'
        f'<div class="footer">{links}<p>{footer}</p></div>\n</body></html>\n'
    )


def simplified(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("t2s").convert(text)


def findings_of(cli, folder, *args):
    code, data = check_json(cli, str(folder), *args)
    assert code in (0, 1)
    return data


def spans_on_visible_text(doc, finding) -> bool:
    visible = doc.page.visible
    return finding["start"] in set(visible.starts) and (finding["end"] == finding["start"] or finding["end"] in set(visible.ends))


# -- the visible text -------------------------------------------------------------------------

def test_visible_text_leaves_out_markup_scripts_styles_comments_and_hidden_elements():
    markup = page(SIMPLIFIED[:1], header_popup='<div style="display: none">扫码下载客户端</div><div hidden>隐藏</div>')
    text = visible_text(markup).text
    assert text.splitlines()[0] == "粮食生产稳中有升_新闻中心"  # the <title> first
    assert "首页\n新闻\n财经" in text and "登录" in text and SIMPLIFIED[0] in text
    for absent in ("javascript", "data-ctrmap", "&quot;", ",,", "责任编辑", "正文开始", "content", "扫码下载", "隐藏"):
        assert absent not in text


def test_each_visible_character_keeps_its_span_of_the_page():
    markup = ('<html><body><p>  甲&amp;乙&nbsp;丙\n   丁 <b>戊</b></p><pre>一  二\n三</pre>'
              '<p>A&#x4e2d;&#20013;&unknown;</p></body></html>')
    visible = visible_text(markup)
    assert visible.text == "甲&乙\xa0丙 丁 戊\n一  二\n三\nA中中&unknown;"
    for index, char in enumerate(visible.text):
        source = markup[visible.starts[index]:visible.ends[index]]
        if char == "\n" and not source:
            continue  # a line break made by a block element
        assert html.unescape(source) == char or (char == " " and source.isspace()), (index, char, source)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"'&;#!-abpx 中文\n")), max_size=80))
def test_any_markup_gives_spans_inside_the_page(markup):
    visible = visible_text(markup)
    assert len(visible.text) == len(visible.starts) == len(visible.ends) == len(visible.linked)
    assert all(0 <= start <= end <= len(markup) for start, end in zip(visible.starts, visible.ends))


# -- the article ------------------------------------------------------------------------------

def test_the_article_is_the_prose_between_menus_and_sidebars():
    for paragraphs in (SIMPLIFIED, TRADITIONAL):
        markup = page(paragraphs, footer="Copyright © 2019 版权所有")
        visible = visible_text(markup)
        article = find_article(markup, visible)
        text = visible.text[article.start:article.end]
        assert all(paragraph in text for paragraph in paragraphs) and text.endswith(paragraphs[-1])
        assert not any(word in text for word in ("首页", "热门推荐", "Copyright"))


def test_a_page_of_headlines_has_no_article():
    markup = page([], sidebar=True)
    assert find_article(markup, visible_text(markup)) is None


def test_the_vicinity_reaches_a_few_lines_past_the_article_and_no_further():
    after = "<p>责任编辑：张迪</p><p>扫描二维码关注官方微信公众号</p>"
    reading = read_page(page(SIMPLIFIED, after=after))
    vicinity = reading.visible.text[slice(*reading.vicinity)]
    assert "责任编辑：张迪" in vicinity and "扫描二维码" in vicinity
    assert "首页" not in vicinity


# -- findings on pages ------------------------------------------------------------------------

def test_markup_never_fires_and_what_the_site_appended_is_reported_in_place(cli, isolated):
    after = "<p>责任编辑：张迪</p><p>更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信</p>"
    popup = '<div class="ewm"><p>证券时报官方微信公众号</p><p>扫描上方二维码关注微信公众号</p></div>'
    for name, paragraphs in (("simplified.html", SIMPLIFIED), ("traditional.html", TRADITIONAL)):
        write(isolated / "pages", name, page(paragraphs, after=after, header_popup=popup, footer="Copyright © 2019 版权所有"))
    data = findings_of(cli, isolated / "pages")
    for name in ("simplified.html", "traditional.html"):
        markup = (isolated / "pages" / name).read_text(encoding="utf-8")
        doc = document_from_bytes(name, markup.encode(), max_bytes=10**7, format="html")
        found = [f for f in data["findings"] if f["document"] == name]
        assert {f["rule"] for f in found} == {"BP004", "BP005", "BP014"}, found
        for finding in found:
            assert markup[finding["start"]:finding["end"]] == finding["excerpt"]
            assert spans_on_visible_text(doc, finding), finding
        credit = next(f for f in found if f["rule"] == "BP005")
        assert credit["excerpt"] in ("责任编辑：张迪", "責任編輯：張迪")
        assert credit["line"] == markup[:credit["start"]].count("\n") + 1
        chrome = next(f for f in found if f["rule"] == "BP014")
        parts = {(part["rule"], simplified(markup[part["start"]:part["end"]])) for part in chrome["data"]["parts"]}
        assert any(rule == "BP004" and "扫描上方二维码关注微信公众号" in text for rule, text in parts)
        assert any(rule == "BP002" and text.startswith("热门推荐") for rule, text in parts)
        assert any(rule == "BP007" and "Copyright" in text for rule, text in parts)


def test_a_clean_page_is_silent(cli, isolated):
    for name, paragraphs in (("simplified.html", SIMPLIFIED), ("traditional.html", TRADITIONAL)):
        write(isolated / "pages", name, page(paragraphs, sidebar=False))
    data = findings_of(cli, isolated / "pages")
    assert data["findings"] == []
    metrics = {d["id"]: d["metrics"] for d in data["documents"]}
    assert 0.5 < metrics["simplified.html"]["article_share"] < 1
    assert metrics["simplified.html"]["page_chars"] > metrics["simplified.html"]["chars"]


def test_a_page_without_an_article_is_one_finding(cli, isolated):
    write(isolated / "pages", "channel.html", page([], footer="Copyright © 2019 版权所有"))
    data = findings_of(cli, isolated / "pages")
    assert [f["rule"] for f in data["findings"]] == ["BP013"]
    assert data["findings"][0]["excerpt"] == "粮食生产稳中有升_新闻中心"


def test_the_same_article_saved_from_two_sites_is_a_duplicate(cli, isolated):
    write(isolated / "pages", "a.html", page(SIMPLIFIED))
    other = page(SIMPLIFIED, sidebar=False, footer="关于我们 | 联系我们").replace("新闻中心", "另一家网站")
    write(isolated / "pages", "b.html", other.replace('<ul class="nav">', '<ul class="nav"><li>地方</li><li>国际</li>'))
    write(isolated / "pages", "c.html", page(TRADITIONAL))  # same chrome, other article: no duplicate
    data = findings_of(cli, isolated / "pages")
    assert sorted(f["document"] for f in data["findings"] if f["rule"] == "DUP001") == ["a.html", "b.html"]
    assert not [f for f in data["findings"] if f["rule"].startswith("DUP") and f["document"] == "c.html"]


def test_a_record_holding_a_whole_page_is_read_as_a_page(cli, isolated):
    records = [{"id": "page", "text": page(SIMPLIFIED, after="<p>责任编辑：张迪</p>", sidebar=False)},
               {"id": "text", "text": "".join(TRADITIONAL)}]
    write(isolated, "crawl.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    data = findings_of(cli, "crawl.jsonl")
    assert [(f["document"], f["rule"], f["excerpt"]) for f in data["findings"]] == [("page", "BP005", "责任编辑：张迪")]


def test_every_rule_reads_a_part_of_a_page():
    reads = {rule.code: rule.reads for rule in all_rules().values()}
    assert {reads[code] for code in reads if code.startswith("DUP")} == {"article"}
    assert {reads[code] for code in reads if code.startswith("FM")} == {"markup"}
    assert {reads[code] for code in reads if code.startswith("BP")} == {"vicinity", "markup"}
    assert reads["ENC004"] == "visible" and reads["BP013"] == reads["BP014"] == "markup"
