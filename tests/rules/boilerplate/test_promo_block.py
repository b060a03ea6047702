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
]

SILENT = [
    pytest.param("例如现在大大小小的支付平台都在提供自己的二维码等付款功能，所以商家要准备多个扫码枪。", id="qr-in-sentence"),
    pytest.param("只要掏出手机轻轻一扫二维码就可以轻松付款，这给我们的日常生活带来了极大的便利。", id="scan-in-sentence"),
    pytest.param("据说是关注一个公众号，就能帮助破解。唉，现在只能全凭信任了，玩之前约法三章。", id="account-in-sentence"),
    pytest.param("12月18日，大河报·大河客户端以《男童右眼突失明》为题(\n)，报道了新乡市延津县的事件。", id="client-in-broken-sentence"),
    pytest.param("市民可以下载“i厦门”APP，在线办理社保、公积金等多项业务，省去跑腿的麻烦。\n此后，市民还能在窗口办理。这一举措深受好评，记者在多个窗口看到排队的人明显减少，工作人员的压力也小了很多。" * 2, id="app-mid-article"),
    pytest.param("appendQr_wrap happy application", id="latin-words"),
    pytest.param("半小时前  上传 \n  下载附件   (184.71 KB)", id="forum-attachment"),
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
