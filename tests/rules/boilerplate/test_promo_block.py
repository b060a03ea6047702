"""BP004 promo-block: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import SEEDS, expected, fixture, hits, inews, messages

END = "案件正在进一步审理中。"

FIRE = [
    pytest.param(END + "\n海量资讯、精准解读，尽在新浪财经APP\n", ["海量资讯、精准解读，尽在新浪财经APP"], id="sina-app"),
    pytest.param(END + "长按识别二维码，关注我们", ["长按识别二维码，关注我们"], id="qr-glued"),
    pytest.param(END + "\n扫描下方二维码下载环中马术app\n", ["扫描下方二维码下载环中马术app"], id="qr-download"),
    pytest.param(END + "欢迎关注河北承德中公教育微信公众号，获取更多考试资料。", ["欢迎关注河北承德中公教育微信公众号，获取更多考试资料。"], id="follow-account"),
    pytest.param("預約平台相關對象及期程說明如下。\n請繼續往下閱讀...\n一、施打時程：2月7日至2月13日。", ["請繼續往下閱讀..."], id="mid-article-traditional"),
    pytest.param(END + "\n    不用抽 不用搶 現在用APP看新聞 保證天天中獎\u3000\n    點我下載APP\u3000\n    按我看活動辦法\n",
                 ["不用抽 不用搶 現在用APP看新聞 保證天天中獎\u3000\n    點我下載APP\u3000\n    按我看活動辦法"], id="ltn-block"),
    pytest.param(END + "返回搜狐，查看更多", ["返回搜狐，查看更多"], id="sohu-read-more"),
    pytest.param("然后提醒大家注意安全，切勿酒后驾车，以免发生危险。" * 3 + "返回搜狐，查看更多 责任编辑：", ["返回搜狐，查看更多"], id="stops-before-credit"),
    pytest.param(END + "\n欢迎下载新京报客户端\n", ["欢迎下载新京报客户端"], id="download-client"),
    pytest.param(END + "\n二维码\n", ["二维码"], id="qr-caption-line"),
    pytest.param(END + "\n歡迎關注…公众號\n", ["歡迎關注…公众號"], id="mixed-script"),
    # iNews test-00382: the account asks to be starred after WeChat's feed change
    pytest.param(END + "\n微信又改版了快将金报君设为星标，比心~\n", ["微信又改版了快将金报君设为星标，比心~"], id="star-the-account"),
    pytest.param(END + "\n公众号改版了，记得把我们设为星标哦！\n", ["公众号改版了，记得把我们设为星标哦！"], id="account-redesign"),
    pytest.param(END + "\n公眾號改版了，記得把我們設為星標哦！\n", ["公眾號改版了，記得把我們設為星標哦！"], id="account-redesign-traditional"),
    pytest.param(END + "\n本文来自微信公众号：半月谈（ID:banyuetan）\n", ["本文来自微信公众号：半月谈（ID:banyuetan）"], id="from-wechat-account"),
    pytest.param(END + "\n本文來自微信公眾號：半月談\n", ["本文來自微信公眾號：半月談"], id="from-wechat-account-traditional"),
    pytest.param(END + "\n点击蓝字关注我们\n", ["点击蓝字关注我们"], id="blue-words"),
    pytest.param(END + "\n查看原文\n", ["查看原文"], id="view-original-line"),
    pytest.param(END + "\n在知乎上查看讨论\n", ["在知乎上查看讨论"], id="view-discussion"),
    # udn_covid_10.csv row 612: the bracketed "see the large picture" link, brackets included
    pytest.param("1月25日新增本土確診個案。 《點我看大圖》\n\n ▪【疫情專題】1月25日增13例本土", ["《點我看大圖》"], id="udn-large-picture"),
    # iNews train-01519: Sohu's button glued to a caption is the button alone
    pytest.param("有4～6级风。\\n图3 全国降水量预报图（2月14日08时-15日08时）返回搜狐，查看更多 责任编辑：\n", ["返回搜狐，查看更多"], id="sohu-button-glued-to-caption"),
    # iNews train-04795: the WeChat opener glued to the first sentence; the sentence is the article
    pytest.param("点击蓝字关注我们为纪念五四爱国运动99周年、马克思诞辰200周年，引导中福在线员工深入学习贯彻党的十九大精神，5月19日丹东中福在线举办活动。",
                 ["点击蓝字关注我们"], id="glued-opener"),
    pytest.param("點擊藍字關注我們為紀念五四愛國運動99周年、馬克思誕辰200周年，引導中福在線員工深入學習貫徹黨的十九大精神，5月19日丹東中福在線舉辦活動。",
                 ["點擊藍字關注我們"], id="glued-opener-traditional"),
]

SILENT = [
    pytest.param("例如现在大大小小的支付平台都在提供自己的二维码等付款功能，所以商家要准备多个扫码枪。", id="qr-in-sentence"),
    pytest.param("只要掏出手机轻轻一扫二维码就可以轻松付款，这给我们的日常生活带来了极大的便利。", id="scan-in-sentence"),
    pytest.param("据说是关注一个公众号，就能帮助破解。唉，现在只能全凭信任了，玩之前约法三章。", id="account-in-sentence"),
    pytest.param("12月18日，大河报·大河客户端以《男童右眼突失明》为题(\n)，报道了新乡市延津县的事件。", id="client-in-broken-sentence"),
    pytest.param("市民可以下载“i厦门”APP，在线办理社保、公积金等多项业务，省去跑腿的麻烦。\n此后，市民还能在窗口办理。这一举措深受好评，记者在多个窗口看到排队的人明显减少，工作人员的压力也小了很多。" * 2, id="app-mid-article"),
    pytest.param("appendQr_wrap happy application", id="latin-words"),
    pytest.param("半小时前  上传 \n  下载附件   (184.71 KB)", id="forum-attachment"),
    # iNews test-00707 / dev-00231: an outlet named 客户端 in a source line or byline is a credit (BP005)
    pytest.param("案件正在审理中。\n来源：大河客户端\n", id="source-line-names-client"),
    pytest.param("案件正在审理中。\n來源：大河客戶端\n", id="source-line-names-client-traditional"),
    pytest.param("□大河报·大河客户端记者李晓波通讯员委子叶韩文娟文图\n本报讯近段时间，新型卷烟悄然走红。", id="byline-names-client"),
    pytest.param("他在接受采访时说，这篇文章的原文可以在网站上查看原文件。", id="view-original-in-sentence"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP004", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP004", text) == []


def test_message_names_keywords():
    assert "keyword 长按识别" in messages("BP004", END + "长按识别二维码，关注我们")[0]


def test_seed_001_promo_not_inside_markup():
    text = (SEEDS / "001_aa32bcfdfa2ccc6a.txt").read_text(encoding="utf-8")
    assert [e for _, _, e in hits("BP004", text)] == ["海量资讯、精准解读，尽在新浪财经APP"]


def test_ltn_fixture_mid_and_end():
    found = [e for _, _, e in hits("BP004", fixture("ltn_promo.txt"))]
    assert found[0] == "請繼續往下閱讀..."
    assert found[1].startswith("不用抽 不用搶") and found[1].endswith("按我看活動辦法")


def test_inews_wechat_tail():
    text = inews("dev-00050")
    found = [e for _, _, e in hits("BP004", text)]
    assert any(e.startswith("长按识别二维码，关注我们") for e in found)


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP004", fixture(name)) == []


@pytest.mark.parametrize("record", ["train-03681", "train-01081", "train-04760", "train-05318", "test-00523"])
def test_inews_mentions_are_silent(record):
    assert hits("BP004", inews(record)) == []
