"""ENC019 declared-charset-mismatch: pages (as bytes) whose declared charset must be flagged,
and pages whose declaration agrees with their bytes, or is no declaration at all."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules
from corpus_qa.sources.documents import document_from_bytes
from corpus_qa.text.charset_declaration import charset_declarations

RULE = all_rules()["ENC019"]

SIMPLIFIED = ("<p>新华社北京电 国务院总理今天主持召开国务院常务会议，部署进一步做好稳就业工作，"
              "确定支持小微企业发展的措施，推动经济持续健康发展。</p>")
TRADITIONAL = ("<p>中央流行疫情指揮中心今日表示，國內新增確定病例，衛生福利部將持續監測各縣市疫情發展，"
               "並呼籲民眾落實防疫措施，維持社交距離，勤洗手與配戴口罩。</p>")
ASCII_ONLY = "<p>Prices rose 5% in March, the bureau said on Tuesday.</p>"


def page(head: str, body: str = SIMPLIFIED, *, before: str = "") -> str:
    title = "新闻" if "国务院" in body else "新聞" if "衛生" in body else "News"
    return f"{before}<html><head>{head}<title>{title}</title></head><body>{body}</body></html>"


def check(raw: bytes, fmt: str = "html"):
    doc = document_from_bytes("page.html", raw, max_bytes=1 << 20, format=fmt)
    return doc, list(RULE.check(doc, RuleContext()))


# (page markup, its encoding, the declaration that must be flagged, the declared name as written
# in it, what the message must say)
FIRE = [
    pytest.param(page('<meta charset="gb2312">'), "utf-8", '<meta charset="gb2312">', "gb2312",
                 "declares charset gb2312, but the bytes are utf-8", id="utf8-declared-gb2312"),
    pytest.param(page('<meta charset="big5">', TRADITIONAL), "utf-8", '<meta charset="big5">', "big5",
                 "not valid big5 at byte offset", id="utf8-traditional-declared-big5"),
    pytest.param(page('<meta charset="utf-8">'), "gbk", '<meta charset="utf-8">', "utf-8",
                 "but the bytes are gb18030; not valid utf-8 at byte offset", id="gbk-declared-utf8"),
    pytest.param(page('<meta charset="utf-8">', TRADITIONAL), "big5", '<meta charset="utf-8">', "utf-8",
                 "but the bytes are big5hkscs", id="big5-declared-utf8"),
    # both decode without a lost byte: the text read is not the text written
    pytest.param(page('<meta charset="gb2312">', TRADITIONAL), "big5", '<meta charset="gb2312">', "gb2312",
                 '"新聞" reads as "穝籇"', id="big5-declared-gb2312"),
    pytest.param(page('<meta charset="big5">'), "gbk", '<meta charset="big5">', "big5",
                 "but the bytes are gb18030", id="gbk-declared-big5"),
    pytest.param(page('<meta charset="iso-8859-1">'), "utf-8", '<meta charset="iso-8859-1">', "iso-8859-1",
                 "(which browsers read as cp1252)", id="utf8-declared-latin1"),
    pytest.param(page("<meta charset=us-ascii>"), "utf-8", "<meta charset=us-ascii>", "us-ascii",
                 "a browser or extractor that trusts the declaration shows mojibake", id="utf8-declared-ascii"),
    pytest.param(page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), "utf-8",
                 '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312",
                 "<meta http-equiv> declares charset gb2312", id="http-equiv"),
    pytest.param(page("<meta content='text/html;charset=GB2312' HTTP-EQUIV='content-type'/>"), "utf-8",
                 "<meta content='text/html;charset=GB2312' HTTP-EQUIV='content-type'/>", "GB2312",
                 "declares charset GB2312", id="http-equiv-content-first-upper-case"),
    pytest.param(page('<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset = \'gbk\' ">'), "utf-8",
                 '<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset = \'gbk\' ">', "gbk",
                 "declares charset gbk", id="http-equiv-spaces-inner-quotes"),
    pytest.param(page('<meta\n  charset = " GBK "\n>'), "utf-8", '<meta\n  charset = " GBK "\n>', "GBK",
                 "declares charset GBK", id="meta-charset-spaced-over-lines"),
    pytest.param('<?xml version="1.0" encoding="gb2312"?>\n' + page(""), "utf-8",
                 '<?xml version="1.0" encoding="gb2312"?>', "gb2312",
                 "<?xml encoding?> declares charset gb2312", id="xhtml-xml-declaration"),
    pytest.param(page('<meta charset="x-foo">'), "utf-8", '<meta charset="x-foo">', "x-foo",
                 'declares unknown charset "x-foo"', id="unknown-charset"),
    pytest.param(page('<meta charset="rot13">'), "utf-8", '<meta charset="rot13">', "rot13",
                 "unknown charset", id="python-codec-that-is-no-charset"),
    # the HTML standard's prescan stops at 1024 bytes; saved pages put the declaration later
    pytest.param(page('<meta charset="gb2312">', before="<!-- " + "存档工具栏 " * 200 + "-->\n"), "utf-8",
                 '<meta charset="gb2312">', "gb2312", "but the bytes are utf-8", id="after-a-long-comment"),
]


@pytest.mark.parametrize("markup, encoding, declaration, label, said", FIRE)
def test_fires_on_the_declared_name(markup, encoding, declaration, label, said):
    doc, hits = check(markup.encode(encoding))
    start = doc.text.index(declaration) + declaration.index(label)
    assert [(h.start, h.end) for h in hits] == [(start, start + len(label))]
    assert doc.text[hits[0].start : hits[0].end] == label
    assert said in hits[0].message
    assert hits[0].data == {"declared": label, "detected": doc.encoding}


def test_of_two_declarations_the_one_the_bytes_contradict_is_flagged():
    markup = page('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<meta charset="gb2312">')
    doc, hits = check(markup.encode("utf-8"))
    assert [doc.text[h.start : h.end] for h in hits] == ["gb2312"]
    assert hits[0].message.startswith("<meta charset> declares charset gb2312")


def test_a_real_page_with_both_declarations_wrong_gets_two_findings():
    # gne-news-html qq/2.html: a Tencent page saved as UTF-8 that kept both GB2312 declarations
    markup = ('<html lang="zh-CN"><head>\n<meta content="text/html; charset=gb2312" http-equiv="Content-Type">\n'
              '<meta charset="gb2312">\n<title>棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等_财经_腾讯网</title>\n'
              "</head><body></body></html>")
    doc, hits = check(markup.encode("utf-8"))
    assert [(doc.position(h.start), doc.text[h.start : h.end]) for h in hits] == [((2, 35), "gb2312"), ((3, 16), "gb2312")]
    assert '"棱镜" reads as "妫遍暅"' in hits[0].message


SILENT = [
    pytest.param(page('<meta charset="gb2312">'), "gbk", id="gbk-declared-gb2312"),
    pytest.param(page('<meta charset="GBK">'), "gbk", id="gbk-declared-gbk"),
    pytest.param(page('<meta charset="gb18030">'), "gbk", id="gbk-declared-gb18030"),
    pytest.param(page('<meta charset="x-gbk">'), "gbk", id="gbk-declared-browser-label-x-gbk"),
    pytest.param(page('<meta charset="gb2312">', "<p>镕基与喆、堃、昇。</p>" + SIMPLIFIED), "gbk",
                 id="gbk-only-characters-declared-gb2312"),
    pytest.param(page('<meta charset="big5">', TRADITIONAL), "big5", id="big5-declared-big5"),
    pytest.param(page('<meta charset="Big5-HKSCS">', TRADITIONAL), "big5", id="big5-declared-big5-hkscs"),
    pytest.param(page('<meta http-equiv="Content-Type" content="text/html; charset=big5">', TRADITIONAL), "big5",
                 id="big5-http-equiv"),
    pytest.param(page('<meta charset="utf-8">'), "utf-8", id="utf8-simplified"),
    pytest.param(page('<meta charset="UTF8">', TRADITIONAL), "utf-8", id="utf8-traditional-label-utf8"),
    pytest.param(page('<meta http-equiv="content-type" content="text/html;charset=utf-8">', TRADITIONAL), "utf-8",
                 id="utf8-traditional-http-equiv"),
    pytest.param(page('<meta charset="utf-16">'), "utf-8", id="utf16-in-meta-means-utf8"),
    pytest.param(page('<meta charset="gb2312">', ASCII_ONLY), "ascii", id="ascii-declared-gb2312"),
    pytest.param(page('<meta charset="big5">', ASCII_ONLY), "ascii", id="ascii-declared-big5"),
    pytest.param(page('<meta charset="iso-8859-1">', ASCII_ONLY), "ascii", id="ascii-declared-latin1"),
    pytest.param(page('<meta charset="shift_jis">', ASCII_ONLY), "ascii", id="ascii-declared-shift-jis"),
    pytest.param(page('<meta charset="iso-8859-1">', "<p>He said \u201cno\u201d \u2014 caf\u00e9 owners\u2019 union.</p>" * 3),
                 "cp1252", id="windows-1252-declared-latin1"),
    pytest.param('<?xml version="1.0" encoding="big5"?>\n' + page("", TRADITIONAL), "big5", id="xhtml-big5"),
    # not declarations: comments, scripts, styles, titles, text, other tags' attributes, the body
    pytest.param(page('<meta charset="utf-8"><!-- <meta charset="gb2312"> -->'), "utf-8", id="in-a-comment"),
    pytest.param(page('<!--[if IE]><meta charset="gbk"><![endif]-->'), "utf-8", id="in-a-conditional-comment"),
    pytest.param(page('<script>document.write(\'<meta charset="gb2312">\');</script>'), "utf-8", id="in-a-script"),
    pytest.param(page('<style>/* <meta charset="gb2312"> */</style>'), "utf-8", id="in-a-style"),
    pytest.param(page('<script src="/js/top.js" charset="gb2312"></script><link charset="gbk" href="a.css">'),
                 "utf-8", id="charset-of-a-script-or-link"),
    pytest.param(page('<meta name="description" content="text/html; charset=gb2312">'), "utf-8",
                 id="content-without-http-equiv"),
    pytest.param(page("", '<p>请写 &lt;meta charset="gb2312"&gt; 于页首。</p>' + SIMPLIFIED), "utf-8", id="in-visible-text"),
    pytest.param(page("", '<div><meta charset="gb2312"></div>' + SIMPLIFIED), "utf-8", id="in-the-body"),
    pytest.param(' <?xml version="1.0" encoding="gb2312"?>' + page(""), "utf-8", id="xml-declaration-not-at-start"),
    pytest.param(page(""), "utf-8", id="no-declaration"),
]


@pytest.mark.parametrize("markup, encoding", SILENT)
def test_silent(markup, encoding):
    doc, hits = check(markup.encode(encoding))
    assert hits == []


def test_damaged_bytes_under_a_true_declaration_are_left_to_enc001():
    for encoding, label in (("utf-8", "utf-8"), ("gbk", "gbk")):
        encoded = page(f'<meta charset="{label}">').encode(encoding)
        cut = encoded.index("国务院".encode(encoding))
        doc, hits = check(encoded[:cut] + b"\xff" + encoded[cut:])
        assert doc.losses and hits == [], encoding


def test_a_byte_order_mark_overrides_the_declaration():
    # Browsers and lxml read a page with a UTF-8 BOM as UTF-8 whatever it declares: the
    # wrong `gbk` is harmless there, so it is not reported.
    doc, hits = check(b"\xef\xbb\xbf" + page('<meta charset="gbk">').encode("utf-8"))
    assert doc.bom and hits == []


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_only_html_documents_are_checked(fmt):
    doc, hits = check(page('<meta charset="gb2312">').encode("utf-8"), fmt)
    assert doc.format == fmt and hits == []


def test_a_record_without_bytes_is_not_checked():
    doc = Document("r", page('<meta charset="gb2312">'), None, format="html")
    assert list(RULE.check(doc, RuleContext())) == []


def test_only_the_markup_is_read_never_the_visible_text():
    # a declaration escaped in the page is prose: in its visible text it reads like a tag
    raw = page("", '<p>页首写 &lt;meta charset="x-foo"&gt;</p>').encode("utf-8")
    doc = document_from_bytes("page.html", raw, max_bytes=1 << 20, format="html")
    visible = doc.part("visible")
    assert '<meta charset="x-foo">' in visible.text
    assert RULE.reads == "markup" and list(RULE.check(visible, RuleContext())) == []
    assert check(raw)[1] == []  # and in the markup it is text, not a tag


PIECES = st.sampled_from(['<meta charset="gb2312">', "<meta ", "charset", "=", '"', "'", "<!--", "-->", "<script>",
                          "</script>", "<?xml encoding='x'?>", "<", ">", "/", " ", "\n", "http-equiv=content-type",
                          "content=", ";", "&amp;", "<body>", "中文", "gbk", "utf-8"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_declarations_lie_inside_the_text_and_quote_it(markup):
    for found in charset_declarations(markup):
        assert 0 <= found.start < found.end <= len(markup)
        if "&" not in markup[found.start : found.end]:
            assert markup[found.start : found.end] == found.label


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["gb2312", "utf-8", "big5", "x-foo", "utf-16", "rot13", "utf-32"]))
def test_any_bytes_under_any_declaration(tail, label):
    doc, hits = check(f'<html><head><meta charset="{label}">'.encode() + tail)
    for hit in hits:
        assert doc.text[hit.start : hit.end] == label
