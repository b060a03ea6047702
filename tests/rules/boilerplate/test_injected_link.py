"""BP006 injected-link (and BP001 leaving those anchors to it)."""

import pytest
from bp_helpers import SEEDS, expected, hits, messages

STCN = ('<a class="trsHotWords" style="color: #2f67d1;text-decoration: none;" target="_blank" '
        'href="https://info.stcn.com/dc/stock/?stockcode=NEEQ838275" code="838275">驱动力</a>')
SINA = ('<span id="stock_sh603883"><a href="https://finance.sina.com.cn/realstock/company/sh603883/nc.shtml" '
        'class="keyword" target="_blank" data-sudaclick="content_marketkeywords_p">老百姓</a></span>'
        '<span id="quote_sh603883"></span>')

FIRE = [
    pytest.param(f"作为新一轮产业变革核心{STCN}的人工智能与制造业深度融合", [STCN], "text", id="stcn-hot-word"),
    pytest.param(f"大逞官威，向{SINA}“耍横”、在群众面前", [SINA], "text", id="sina-stock-span"),
    pytest.param("推动[智慧农业](https://info.stcn.com/dc/stock/?stockcode=SZ000816)发展论坛", ["[智慧农业](https://info.stcn.com/dc/stock/?stockcode=SZ000816)"], "markdown", id="markdown-stock-link"),
    pytest.param('他是<a href="https://example.com/people/12">张三</a>的朋友', ['<a href="https://example.com/people/12">张三</a>'], "text", id="word-linked-inside-sentence"),
]

SILENT = [
    pytest.param('详情请见<a href="https://example.com/notice.html">市政府关于进一步加强安全生产的通知全文</a>', "text", id="ordinary-link-is-residue"),
    pytest.param("详见[通知全文](https://example.com/notice.html)。", "markdown", id="ordinary-markdown-link"),
]


@pytest.mark.parametrize("text, excerpts, fmt", FIRE)
def test_fires(text, excerpts, fmt):
    assert hits("BP006", text, fmt) == expected(text, excerpts)


@pytest.mark.parametrize("text, fmt", SILENT)
def test_silent(text, fmt):
    assert hits("BP006", text, fmt) == []


def test_message_names_word_and_evidence():
    message = messages("BP006", f"核心{STCN}的人工智能")[0]
    assert "驱动力" in message and "trsHotWords" in message and "stock link" in message


def test_html_residue_leaves_injected_anchor_to_bp006():
    text = f"<p>核心{STCN}的人工智能</p>"
    residue = [e for _, _, e in hits("BP001", text)]
    assert residue == ["<p>", "</p>"]


def test_seed_000_four_anchors():
    text = (SEEDS / "000_abaab0bee8685aec.txt").read_text(encoding="utf-8")
    words = [e.rsplit(">", 2)[1].split("<")[0] for _, _, e in hits("BP006", text)]
    assert words == ["驱动力", "智慧农业", "驱动力", "智慧农业"]
    assert not any("trsHotWords" in e for _, _, e in hits("BP001", text))
