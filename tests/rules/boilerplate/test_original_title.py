"""BP010 original-title: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits, messages

FIRE = [
    # iNews test-00925
    pytest.param("原标题:女孩在韩12项整容无一成功跨国维权流落街头\\n近些年来，整形类真人秀节目在中国热播。",
                 ["原标题:女孩在韩12项整容无一成功跨国维权流落街头"], id="first-line"),
    pytest.param("原標題：女孩在韓12項整容無一成功跨國維權流落街頭\n近些年來，整形類真人秀節目熱播。",
                 ["原標題：女孩在韓12項整容無一成功跨國維權流落街頭"], id="traditional"),
    # iNews train-05015
    pytest.param("（原标题：比西方早一千七百年 张衡的地动仪是否真实存在？） 东汉时期，张衡发明了地动仪。",
                 ["（原标题：比西方早一千七百年 张衡的地动仪是否真实存在？）"], id="bracketed"),
    # iNews dev-00262: the headline went to the next line
    pytest.param("并处2万至60万不等罚金。  \\n\\n 原标题:\\n我市史上最大 走私“洋垃圾”案宣判\n",
                 ["原标题:\\n我市史上最大 走私“洋垃圾”案宣判"], id="title-on-next-line"),
    # iNews test-00102
    pytest.param("结果吓坏加油站员工!。【原标题】兄弟被群殴男子见状开车冲向围殴者\n",
                 ["【原标题】兄弟被群殴男子见状开车冲向围殴者"], id="closed-bracket-label"),
    # a bracket in the headline does not end it: the label's bracket closed at the label
    pytest.param("【原标题】：宝鸡男生聚餐时吵架【视频】\n同学聚餐，饭桌上起了争执。",
                 ["【原标题】：宝鸡男生聚餐时吵架【视频】"], id="closed-bracket-label-bracket-in-title"),
    pytest.param("【原标题】宝鸡【视频】男生聚餐时吵架\n同学聚餐。", ["【原标题】宝鸡【视频】男生聚餐时吵架"],
                 id="closed-bracket-label-bracket-mid-title"),
    # iNews test-00347
    pytest.param("被追责就是必然”。（原标题为《 扶沟县：精准扶贫工作不力4名科级干部被追责》）\n",
                 ["（原标题为《 扶沟县：精准扶贫工作不力4名科级干部被追责》）"], id="title-in-guillemets"),
    # iNews train-03290
    pytest.param("编辑：傅德慧 石慧\\n本文原标题：《男子银行卡未离身被盗刷20多万 1个举动让银行全赔》\n",
                 ["本文原标题：《男子银行卡未离身被盗刷20多万 1个举动让银行全赔》"], id="this-article"),
    # iNews train-03763: the body glued to the headline stops at its dateline
    pytest.param("原标题：武汉大学中南医院被刺医生已从深度昏迷中逐渐苏醒12月14日，记者从医院获悉，被刺医生病情稳定，已转入普通病房继续治疗观察。",
                 ["原标题：武汉大学中南医院被刺医生已从深度昏迷中逐渐苏醒"], id="glued-body-cut-at-dateline"),
    pytest.param("原标题：宝鸡男生聚餐时吵架 为出气直播平台召人打架\t同学聚餐，饭桌上起了争执，于是召人打架。",
                 ["原标题：宝鸡男生聚餐时吵架 为出气直播平台召人打架"], id="tab-ends-title"),
]

SILENT = [
    pytest.param("该文原标题：“我们的时代”，后来被编辑改掉了。", id="article-title-in-prose"),
    pytest.param("报道的原标题为《大国崛起》，发表后引起热议。", id="reported-title"),
    pytest.param("新华社的原标题是“春天来了”，转载时被改动。", id="title-is"),
    pytest.param("他说原标题不好，于是改了名字。", id="no-colon"),
    pytest.param("該報導原標題：「春天來了」，轉載時被改動。", id="traditional-prose"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP010", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP010", text) == []


def test_glued_long_body_is_cut_at_the_dateline():
    text = "原标题：武汉大学中南医院被刺医生已从深度昏迷中逐渐苏醒据了解" + "医院表示病人正在恢复中并将继续观察" * 4 + "。"
    [(start, end, excerpt)] = hits("BP010", text)
    assert start == 0 and excerpt == "原标题：武汉大学中南医院被刺医生已从深度昏迷中逐渐苏醒"


def test_message_quotes_the_headline():
    assert "宝鸡男生聚餐时吵架" in messages("BP010", "原标题：宝鸡男生聚餐时吵架\n正文")[0]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP010", fixture(name)) == []
