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
    # CNA's wire sign-off with its ROC date code (chinatimes_covid_2.csv row 218, _5.csv row 330)
    pytest.param("秘魯上週收緊部分防疫措施，以降低新一波疫情高峰帶來的衝擊。（編輯：陳惠珍）1110109",
                 ["（編輯：陳惠珍）1110109"], id="wire-sign-off-date-code"),
    pytest.param("所有負責COVID-19患者的醫療及行政人員都暫停休假。（譯者：李晉緯/核稿：蔡佳敏）1110117\n\n下一則",
                 ["（譯者：李晉緯/核稿：蔡佳敏）1110117"], id="wire-translator-and-checker"),
    # iNews train-03493: a bracketed editor closing the paragraph
    pytest.param("该院反贪局将罚没财务暂扣凭证和缴纳案款凭证附卷后随案移送。（编辑：张琛）\n",
                 ["（编辑：张琛）"], id="bracketed-editor-sign-off"),
    # iNews test-00707 / train-02284: the outlet's app or account is part of the source's name
    pytest.param("案件正在进一步侦办中。\\n郑州市公安局南阳路分局\\n来源：大河客户端\n", ["来源：大河客户端"], id="source-client"),
    pytest.param("需要男女双方共同经营\\n来源：新闻坊微信公众号\\n成功的婚姻\n", ["来源：新闻坊微信公众号"], id="source-wechat-account"),
    pytest.param("案件正在進一步偵辦中。\n來源：大河客戶端\n", ["來源：大河客戶端"], id="source-client-traditional"),
]

SILENT = [
    pytest.param("『亲爱的编辑：人民日报网络版使像我这样远离祖国的学子感到亲切。』", id="dear-editor"),
    pytest.param("项目总投资5亿元，资金来源：企业自筹和银行贷款，建设期两年。", id="funding-source"),
    pytest.param("中新网上海4月28日电 (记者 缪璐)2024第三届长三角智能制造高峰论坛28日在上海举行。", id="dateline-byline"),
    pytest.param("〔記者吳亮儀／台北報導〕第21輪武漢肺炎疫苗預約明天起開始預約。", id="taiwan-byline"),
    pytest.param("記者：您怎麼看這次的政策？\n部長：我們會持續關注。", id="interview"),
    pytest.param("这本书（译者：李明）很好读，值得推荐。", id="translator-in-a-sentence"),
    pytest.param("他说，资金来源：公众号打赏和广告。", id="source-of-funds-account"),
    pytest.param("他说（编辑：张三认为这是错的）后来又改了。", id="bracket-in-a-sentence"),
    pytest.param("他曾在人民美术出版社当编辑。我知道他是学版画的，并已发表了少量画作。", id="editor-as-a-word"),
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


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP005", fixture(name)) == []


def test_cna_body_is_silent_but_its_sign_off():
    text = fixture("cna_signoff.txt")
    assert [e for _, _, e in hits("BP005", text)] == ["（編輯：陳惠珍）1101218"]
