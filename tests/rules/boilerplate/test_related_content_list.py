"""BP002 related-content-list: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits, inews, messages

ARTICLE = "论坛上，多个智能制造领域行业专家围绕数字化转型、新型工业化创新等方面，分别从产业赛道、数字化检验检测、数实融合等角度发表演讲。(完)\n"
HEADLINES = [
    "36人电信网络诈骗案西安宣判 主犯获刑十年又六个月",
    "第十届“春苗行动”剧目展演开幕 22部精彩大戏为孩子绽放",
    "“短剧游北京”征集优秀文旅题材微短剧",
    "专家:乙肝的防控关键在于主动筛查",
    "挪威两家知名连锁便利店将逐步停售香烟",
    "我国在建最北端高铁首座站房完成主体结构封顶",
]
BULLETED = "\n".join(f"- {h}" for h in HEADLINES)

FIRE = [
    pytest.param(ARTICLE + "- 热门推荐\n-\n" + BULLETED + "\n", ["- 热门推荐\n-\n" + BULLETED], id="heading-bulleted"),
    pytest.param(ARTICLE + "相关阅读：\n" + "\n".join(HEADLINES[:2]) + "\n", ["相关阅读：\n" + "\n".join(HEADLINES[:2])], id="heading-colon-two-items"),
    pytest.param(ARTICLE + "【延伸閱讀】\n" + "\n".join(HEADLINES[:3]) + "\n", ["【延伸閱讀】\n" + "\n".join(HEADLINES[:3])], id="traditional-heading"),
    pytest.param(ARTICLE + "- 最近发表\n-\n- 随机阅读\n-\n" + BULLETED, ["- 最近发表\n-\n- 随机阅读\n-\n" + BULLETED], id="empty-heading-joins-next"),
    pytest.param(ARTICLE + BULLETED + "\n", [BULLETED], id="no-heading-bulleted-after-article"),
    pytest.param(ARTICLE + "\n".join(f"{h}  2019-01-0{i}" for i, h in enumerate(HEADLINES, 1)),
                 ["\n".join(f"{h}  2019-01-0{i}" for i, h in enumerate(HEADLINES, 1))], id="no-heading-dated"),
    pytest.param(ARTICLE + "大家都在看\n", ["大家都在看"], id="lone-heading-at-end"),
    pytest.param("正文到此结束。\n猜你喜欢", ["猜你喜欢"], id="two-lines-no-trailing-newline"),
    pytest.param("文章正文第一段在这里结束了。\\n相关新闻：\\n" + "\\n".join(HEADLINES[:2]),
                 ["相关新闻：\\n" + "\\n".join(HEADLINES[:2])], id="escaped-newlines"),
    # iNews train-00227 / train-01123: a link to an unrelated service after 更多精彩:
    pytest.param("（尹安学 通讯员杨 晨）\\n更多精彩:\\nodoo https://cdn.openerp.hk\n", ["更多精彩:\\nodoo https://cdn.openerp.hk"], id="link-after-more"),
    pytest.param("记者将继续关注此事件。\\n更多精彩:\\n北京保健按摩 http://libill.cn/\n", ["更多精彩:\\n北京保健按摩 http://libill.cn/"], id="service-link-after-more"),
]

SILENT = [
    pytest.param("今天我们为大家推荐阅读《平凡的世界》，这本书讲述了普通人的奋斗。\n这是第二段，继续讲述故事的内容。", id="mentions-heading-in-sentence"),
    pytest.param(ARTICLE + "一、施打时程：2月7日至2月13日\n二、符合资格对象：18岁以上民众\n三、预约分流时程\n（一）65岁以上民众先行预约\n（二）50岁到64岁民众其次\n", id="numbered-points"),
    pytest.param("据报道。\n冬季天干物燥\n进入冬季火险指数升高\n一定要注意电、火等设施的使用\n要做到人离电断\n切不可大意马虎\n而造成不必要的损失！\n", id="wechat-broken-sentences"),
    pytest.param("相关阅读\n这是一段正文，讲述事件的经过和结果，内容很长很长很长很长很长很长很长。后续还有更多的内容。\n第二段。", id="heading-followed-by-prose"),
    pytest.param(ARTICLE + "郑重道歉\n香港媒体于6月份曝光梁振英大宅的首批违建部分后，引发诚信危机。\n", id="subheading-then-prose"),
    pytest.param(BULLETED, id="list-without-article"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP002", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP002", text) == []


def test_message_names_heading_and_structure():
    text = ARTICLE + "- 热门推荐\n-\n" + BULLETED
    assert "heading 热门推荐" in messages("BP002", text)[0]
    assert "6 headline-like lines" in messages("BP002", text)[0]
    assert "structure" in messages("BP002", ARTICLE + BULLETED)[0]


def test_seed_003_has_two_lists_of_twenty():
    from bp_helpers import SEEDS

    text = (SEEDS / "003_3b0a149c3847753f.txt").read_text(encoding="utf-8")
    found = hits("BP002", text)
    assert [excerpt.splitlines()[0] for _, _, excerpt in found] == ["- 最近发表", "- 热门推荐"]
    assert all("20 headline-like lines" in m for m in messages("BP002", text))
    assert found[-1][1] == len(text.rstrip())


@pytest.mark.parametrize("name, first_line, must_contain", [
    ("thepaper_2_tail.txt", "热门推荐", "中华人民共和国国家勋章和国家荣誉称号颁授仪式将隆重举行"),
    ("banyuetan_tail.txt", "热门推荐", "理论应该怎么讲？看看这些年轻人……"),
    ("udn_teasers.txt", "▪【疫情專題】", "花蓮縣衛生局今天針對確診個案18521召開記者會說明"),
])
def test_real_pages(name, first_line, must_contain):
    text = fixture(name)
    (start, end, excerpt), = hits("BP002", text)
    assert excerpt.startswith(first_line) and must_contain in excerpt


def test_inews_bulleted_related_reading():
    text = inews("train-00745")
    (start, end, excerpt), = hits("BP002", text)
    assert excerpt.startswith("相关阅读") and "古代人近视了怎么办" in excerpt


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP002", fixture(name)) == []

