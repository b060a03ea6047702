"""BP005 editor-credit: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import SEEDS, expected, fixture, hits, inews, messages

END = "该案还在进一步审理中。"

FIRE = [
    pytest.param(END + "\n责任编辑：王蒙 \n", ["责任编辑：王蒙"], id="editor"),
    pytest.param(END + "（责任编辑：黄颖乐_sz101）", ["（责任编辑：黄颖乐_sz101）"], id="bracketed-with-code"),
    pytest.param(END + "编辑：赵书艺审核：杨雪终审：李向文欢迎转载，请注明出处。", ["编辑：赵书艺审核：杨雪终审：李向文"], id="glued-cluster"),
    pytest.param(END + "\\n编 辑：刘世云\\n校 对：汪礼胜\\n审 核：马 艳 返回搜狐，查看更多 责任编辑：",
                 ["编 辑：刘世云\\n校 对：汪礼胜\\n审 核：马 艳", "责任编辑："], id="spaced-labels-and-empty-field"),
    pytest.param(END + "\n本文来源：现代快报  责任编辑：程航_yc11", ["本文来源：现代快报  责任编辑：程航_yc11"], id="source-and-editor"),
    pytest.param(END + "\n新聞來源：TAIPEI TIMES\n", ["新聞來源：TAIPEI TIMES"], id="traditional-source"),
    pytest.param(END + "\n【编辑 甄曦】", ["【编辑 甄曦】"], id="bracket-space-separator"),
    pytest.param(END + "\n（責編:木勝玉、朱紅霞）", ["（責編:木勝玉、朱紅霞）"], id="traditional-two-names"),
    pytest.param(END + "\n记者：刘曲 郭妍捷编辑：姚盼", ["记者：刘曲 郭妍捷编辑：姚盼"], id="byline-beside-editor"),
    pytest.param(END + "\n责任编辑：\n焦鹏\n", ["责任编辑：\n焦鹏"], id="name-on-next-line"),
]

SILENT = [
    pytest.param("『亲爱的编辑：人民日报网络版使像我这样远离祖国的学子感到亲切。』", id="dear-editor"),
    pytest.param("项目总投资5亿元，资金来源：企业自筹和银行贷款，建设期两年。", id="funding-source"),
    pytest.param("中新网上海4月28日电 (记者 缪璐)2024第三届长三角智能制造高峰论坛28日在上海举行。", id="dateline-byline"),
    pytest.param("〔記者吳亮儀／台北報導〕第21輪武漢肺炎疫苗預約明天起開始預約。", id="taiwan-byline"),
    pytest.param("記者：您怎麼看這次的政策？\n部長：我們會持續關注。", id="interview"),
    pytest.param("他曾在人民美术出版社当编辑。我知道他是学版画的，并已发表了少量画作。", id="editor-as-a-word"),
    pytest.param("秘魯上週收緊部分防疫措施，以降低新一波疫情高峰帶來的衝擊。（編輯：陳惠珍）1110109", id="wire-sign-off"),
    pytest.param("本版新闻热线寻呼：０１０—６４３６５５６６\n责任编辑：周泓洋\n" + "听听游子心里话。故乡，有如母亲的怀抱，让人难以忘怀。" * 20, id="newspaper-page-credit-between-stories"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP005", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP005", text) == []


def test_message_names_labels():
    message = messages("BP005", END + "编辑：赵书艺审核：杨雪")[0]
    assert "keyword 编辑" in message and "keyword 审核" in message


def test_seed_001_editor():
    text = (SEEDS / "001_aa32bcfdfa2ccc6a.txt").read_text(encoding="utf-8")
    assert [e for _, _, e in hits("BP005", text)] == ["责任编辑：王蒙"]


@pytest.mark.parametrize("name, excerpt", [
    ("thepaper_2_tail.txt", "编辑|禤志杰\n责编|陈梦莹\n校对|黄慧敏\n来源|广州参考、广州南沙发布、羊城晚报"),
    ("banyuetan_tail.txt", "责任编辑：孔德明"),
])
def test_real_pages(name, excerpt):
    text = fixture(name)
    assert hits("BP005", text) == expected(text, [excerpt])


def test_inews_sohu_tail():
    text = inews("dev-00002")
    assert [e for _, _, e in hits("BP005", text)] == ["编 辑：刘世云\\n校 对：汪礼胜\\n审 核：马 艳", "责任编辑："]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP005", fixture(name)) == []
