"""ENC006 pinyin, ENC008 lost `?`, ENC009 mixed script, ENC011-ENC015: tables of cases."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file


import pytest

from enc_helpers import excerpts, hits, spans

PINYIN_FIRE = [
    ("人工智能產(chǎn)業(yè)變革", ["產(chǎn)業(yè)"], "產業"),
    ("市政協(xié)主席", ["協(xié)"], "協"),
    ("發(fa1)展", ["發(fa1)"], "發"),
    ("產（chǎn）業（yè）發（fā）展", ["產（chǎn）業（yè）發（fā）"], "產業發"),
    ("他(ta)們(men)說(shuo)", ["他(ta)們(men)說(shuo)"], "他們說"),  # toneless but the characters' readings
    ("制造業(yè)是人工智能技術(shù)產(chǎn)品", ["業(yè)", "術(shù)產(chǎn)"], None),
]


@pytest.mark.parametrize("text, flagged, repair", PINYIN_FIRE)
def test_pinyin_annotation_fires(text, flagged, repair):
    found = hits("ENC006", text)
    assert [text[h.start : h.end] for h in found] == flagged
    if repair:
        assert found[0].data["repair"] == repair


PINYIN_SILENT = [
    "選項(A)正確",
    "附注(注)",
    "《行動計劃(2025-2027年)》",
    "世界自然基金会(WWF)开启",
    "第(a)项规定",
    "苹果(apple)公司",
    "李(Li)先生",
    "碳(c)、硅(si)、锰(mn)",  # element symbols, not readings of 碳
    "中央流行疫情指揮中心今(25)日表示",
    "函数f(x)与g(y)",
    "他(ta)说",  # one toneless annotation on a character no converter changes: a writer's own
]


@pytest.mark.parametrize("text", PINYIN_SILENT)
def test_pinyin_annotation_silent(text):
    assert hits("ENC006", text) == []


LOST_FIRE = [
    ("國?院今天發布通知，要求各部門加強管理。", ["?"]),
    ("中??的?L??", ["??的?"]),
    ("?? ?????????????\n????:1??????????????:??????????", None),
]


@pytest.mark.parametrize("text, flagged", LOST_FIRE)
def test_question_mark_placeholder_fires(text, flagged):
    found = excerpts("ENC008", text)
    assert found
    if flagged is not None:
        assert found == flagged


LOST_SILENT = [
    "你今天去哪里了?我在家等你。",
    "这是真的吗?我不信。",
    "为什么会这样?大家都很困惑。",
    "What? Really??",
    "OK??:(   `¬´    ):",
    "MÄ£ÄM ÌÑÌ BÄDÄÑ....?????????,                     ......JÄDÍ...",
    "网址是 http://example.com/a?b=1 ，请访问。",
    "他问：“你来吗?”",
]


@pytest.mark.parametrize("text", LOST_SILENT)
def test_question_mark_placeholder_silent(text):
    assert hits("ENC008", text) == []


def test_mixed_script_fires_on_a_stray_traditional_character():
    text = "大力发展绿色食品产业是推动经济高质量发展的重要途径。绿色食品产业的健康發展。"
    assert excerpts("ENC009", text) == ["發"]


def test_mixed_script_fires_on_simplified_characters_in_traditional_text():
    text = "中央社台北5日電 行政院今天召開記者會，说明明年度預算編列情形，們这个国家的發展。"
    assert hits("ENC009", text)


@pytest.mark.parametrize("text", [
    "屏東縣群眾在床邊看峰會新聞，秘書說這是雇主的決定。",  # 群/床/峰/秘: also traditional
    "北港朝天宮董事長蔡咏锝說，朝天宮本來就不會舉辦遶境活動，民眾應該遵守防疫規定。",
    "日本大塚公司在东京发表声明，表示将继续扩大在中国的投资规模和业务范围。",  # PD: Japanese names
    "新华社北京1月5日电 国家统计局今天发布数据，去年全国粮食总产量比上年增长。",
])
def test_mixed_script_silent(text):
    assert hits("ENC009", text) == []


PUNCTUATION_FIRE = [
    ("2月21日,,市委", ",,"),
    ("多久，，知识产权", "，，"),
    ("學習AI,、擁抱AI", ",、"),
    ("制高點,。市委", ",。"),
    ("客运集团、、、5家", "、、、"),
    ("是什么？，大家", "？，"),
    ("实情：：上大学", "：："),
]


@pytest.mark.parametrize("text, flagged", PUNCTUATION_FIRE)
def test_clashing_punctuation_fires(text, flagged):
    assert excerpts("ENC011", text) == [flagged]


@pytest.mark.parametrize("text", [
    "他说。。。算了吧", "真的吗？？", "太好了！！！", "等等...", "std::vector 与 http://a.b", "１９９８年——新的一年。",
])
def test_clashing_punctuation_silent(text):
    assert hits("ENC011", text) == []


def test_ascii_punctuation_between_cjk_is_info_and_summarised():
    assert spans("ENC012", "效应,探索") == [(2, 3)]
    many = "甲,乙,丙,丁,戊,己"
    found = hits("ENC012", many)
    assert len(found) == 1 and found[0].data["count"] == 5


@pytest.mark.parametrize("text", ["效应，探索", "price: 5, total: 10", "版本1.2,共3个", "（记者 缪璐）"])
def test_ascii_punctuation_silent(text):
    assert hits("ENC012", text) == []


CONTROL_FIRE = [
    ("\x1b[1m重要通知\x1b[0m：明日停电", ["\x1b[1m", "\x1b[0m"]),
    ("文本\x07中\x08间", ["\x07", "\x08"]),
    ("旧文件\x1a", ["\x1a"]),
    ("第一行\r第二行", ["\r"]),
    ("å\x8f\x91", ["\x8f\x91"]),
]


@pytest.mark.parametrize("text, flagged", CONTROL_FIRE)
def test_control_character_fires(text, flagged):
    assert excerpts("ENC013", text) == flagged


@pytest.mark.parametrize("text", ["第一行\r\n第二行\n\t缩进", "普通文本 with tabs\tand\nnewlines"])
def test_control_character_silent(text):
    assert hits("ENC013", text) == []


INVISIBLE_FIRE = [
    ("人工\u200b智能", "\u200b"),
    ("来源：渝水公安\u200b\u200b\u200b\u200b", "\u200b\u200b\u200b\u200b"),
    ("第一篇\ufeff第二篇", "\ufeff"),
    ("\ufeff提醒：点上方蓝字", "\ufeff"),
    ("文字\u202e反向", "\u202e"),
    ("软\u00ad连字符", "\u00ad"),
]


@pytest.mark.parametrize("text, flagged", INVISIBLE_FIRE)
def test_invisible_character_fires(text, flagged):
    assert excerpts("ENC014", text) == [flagged]


@pytest.mark.parametrize("text", [
    "家庭 👨\u200d👩\u200d👧 合影", "全角空格\u3000缩进与\xa0不换行空格", "普通文本",
])
def test_invisible_character_silent(text):
    assert hits("ENC014", text) == []


BROKEN = (
    "2025年5月,國家數據局綜合司印發的《數字中國建設2025年行動方案》提出,深度挖掘人工智能應用場景。"
    "積極開展人工智能高質量數據集建設,著力發展智能網聯新\n能源汽車、人工智能手機和電腦、智能機器人等新一代智能終端。"
)


def test_broken_line_fires_inside_a_sentence():
    found = hits("ENC015", BROKEN)
    assert [BROKEN[h.start : h.end] for h in found] == ["新\n能"]
    assert found[0].data["repair"] == "新能"


@pytest.mark.parametrize("text", [
    "长三角智能制造产业链生态联合体在沪成立\n中新网上海4月28日电 (记者 缪璐)2024第三届长三角智能制造高峰论坛28日在上海举行。",
    "镜头之一：靠社会力量，办一流教育，这是一个很长很长很长很长的标题行没有句号\n秀丽的笔架山下，有一座学校。",
    "雪，以严冬为父\n雪，以暖春为母\n雪，以河为床",
    "第一段结束了。\n第二段开始，然后结束。",
    # readability-test-pages-zh/gmw/expected.html: a caption whose `?` is a lost `·`, not a sentence end
    "图注：巴兹?奥尔德林(Buzz Aldrin)可能是第二个在月球上行走的人，但他是第一个在月球上喝酒的人\n"
    "事实是，历史上酒与太空探险有一种复杂的关系。",
])
def test_broken_line_silent(text):
    assert hits("ENC015", text) == []
