"""BP012 spam-injection: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits, messages

# iNews train-02924: a gambling site's name wedged into an essay, over and over
INJECTED = ("很大的原因是父母华尔街娱乐城在线博彩能做的事情转嫁到孩子身上，用他们所谓的人生经验，"
            "是非观套入华尔街娱乐城在线博彩孩子身上。世上或许真的有好父母坏父母之分，我华尔街娱乐城在线博彩确定。"
            "但我确定的是，世上，大概华尔街娱乐城在线博彩存在，从来，丝毫华尔街娱乐城在线博彩怀爱意的父母吧。")
INJECTED_TRAD = ("很大的原因是父母華爾街娛樂城在線博彩能做的事情轉嫁到孩子身上，是非觀套入華爾街娛樂城在線博彩孩子身上。"
                 "我華爾街娛樂城在線博彩確定。大概華爾街娛樂城在線博彩存在，絲毫華爾街娛樂城在線博彩懷愛意的父母吧。")


def test_repeated_brand_every_copy():
    found = hits("BP012", INJECTED)
    assert [e for _, _, e in found] == ["华尔街娱乐城在线博彩"] * 5
    assert all(INJECTED[start:end] == "华尔街娱乐城在线博彩" for start, end, _ in found)


def test_repeated_brand_traditional():
    assert [e for _, _, e in hits("BP012", INJECTED_TRAD)] == ["華爾街娛樂城在線博彩"] * 5


FIRE = [
    # iNews train-00219
    pytest.param("2018-12-28波兰一栋居民楼发生瓦斯爆炸致至少4人遇...  免费北京pk10 时时彩 快三计划加（ 微信：sjd83772 ）。后约谈压实了各级党组织..\n",
                 ["2018-12-28波兰一栋居民楼发生瓦斯爆炸致至少4人遇...  免费北京pk10 时时彩 快三计划加（ 微信：sjd83772 ）。后约谈压实了各级党组织.."],
                 id="lottery-plan-ad-line"),
    # iNews train-00106 (after 更多精彩:)
    pytest.param("责任编辑：郭晓磊\\n更多精彩:\\n青岛代孕 http://www.qingdaodaiyun22.com\n", ["青岛代孕 http://www.qingdaodaiyun22.com"], id="service-link"),
    # iNews train-02573: a scraper's watermark inside the text
    pytest.param("可以不爱，但别伤害我真防抓取，突袭网提供内容，请查看原文。“黑恶势力为逃避打击，不惜使用一切手段。”",
                 ["防抓取，突袭网提供内容，请查看原文。"], id="watermark"),
    pytest.param("寫意理想莫名其妙地防抓取，學路網提供內容。角落裡，老舊的冰箱在辛勤地吐著冷氣。",
                 ["防抓取，學路網提供內容。"], id="watermark-traditional"),
    # iNews train-02985: a site's name and address wedged in three times
    pytest.param("网赌被黑找补天轩www.butianxuan.com网赌被黑找补天轩www.butianxuan.com网赌被黑找补天轩www.butianxuan.comppp因其有利于发挥市场作用。",
                 ["网赌被黑找补天轩www.butianxuan.com网赌被黑找补天轩www.butianxuan.com网赌被黑找补天轩www.butianxuan.com"], id="repeated-site"),
    pytest.param("澳門威尼斯人官網www.4886.com 註冊送彩金\n", ["澳門威尼斯人官網www.4886.com 註冊送彩金"], id="casino-ad-traditional"),
    # iNews train-04079's fake sick notes, with the contact spelt as V信 (the record spells it 威:,
    # which is no cue: 权威：)
    pytest.param("赣州市假病历怎么开╄《V信: csd 168 998》哪 里 办\n", ["赣州市假病历怎么开╄《V信: csd 168 998》哪 里 办"],
                 id="fake-documents-ad"),
]

SILENT = [
    # iNews train-02250: a judgement about running a gambling den
    pytest.param("三、被告人张健犯开设赌场罪，判处拘役三个月。被告人代秀斌犯开设赌场罪，判处拘役四个月。"
                 "被告人杨其凤犯开设赌场罪，判处拘役三个月。被告人刘发光犯开设赌场罪。被告人武杰犯开设赌场罪。", id="gambling-den-judgement"),
    # iNews train-04494: a report on Macau's casinos
    pytest.param("1999年回归后，澳门成为了中国境内唯一一个可以公开合法经营博彩业的地区。图为澳门半岛上的地标性建筑新葡京赌场。"
                 "图为澳门银河星际赌场，一群内地赌客聚在百家乐赌桌前。", id="macau-casino-report"),
    # iNews train-04419: a report quoting gambling ads
    pytest.param("网上博彩网站以返水或抽成利诱，广招代理“拉人”，从而建立起类传销的金字塔模式。", id="report-on-gambling-ads"),
    pytest.param("一市民向记者反映，搜索结果中写着：“澳门最热门博彩公司推荐，注册即送高额奖金。”", id="quoted-ad-in-report"),
    pytest.param("有一天，陌生人将他拉入群后，发现赌场对新人有奖励，免费领了200分参赌。", id="online-gambling-story"),
    # written for this test: the service words in reports and in a hospital's routine
    pytest.param("警方查获一个制售假病历的团伙，缴获病危通知书等空白文书三百余份。", id="fake-documents-report"),
    pytest.param("医院下达了病危通知书，家属连夜赶到。权威：专家会诊后病情稳定。", id="critical-notice-in-prose"),
    pytest.param("据澎湃新闻（www.thepaper.cn）报道，12月10日傍晚，石家庄公安交通管理局通报了事故情况。", id="outlet-domain-once"),
    pytest.param("市民可登录www.gov.cn查询，也可拨打热线。详情见www.gov.cn的公告。此外，www.gov.cn还提供下载。", id="official-site-repeated-as-prose"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP012", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP012", text) == []


def test_message_names_the_evidence():
    assert "repeated brand 华尔街娱乐城在线博彩" in messages("BP012", INJECTED)[0]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt", "udn_teasers.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP012", fixture(name)) == []
