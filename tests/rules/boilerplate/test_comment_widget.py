"""BP003 comment-widget: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import SEEDS, expected, fixture, hits, messages

END = "未来，人工智能将在制造业中发挥更加重要的作用。\n"

FIRE = [
    pytest.param(END + "昵称 验证码 请输入正确验证码\n所有评论仅代表网友意见,与本站立场无关",
                 ["昵称 验证码 请输入正确验证码\n所有评论仅代表网友意见,与本站立场无关"], id="simplified-widget"),
    pytest.param(END + "昵稱 驗(yàn)證碼 請(qǐng)輸入正確驗(yàn)證碼\n所有評(píng)論僅代表網(wǎng)友意見,與本站立場無關(guān)",
                 ["昵稱 驗(yàn)證碼 請(qǐng)輸入正確驗(yàn)證碼\n所有評(píng)論僅代表網(wǎng)友意見,與本站立場無關(guān)"], id="traditional-with-pinyin"),
    pytest.param(END + "发表评论\n", ["发表评论"], id="form-label-line"),
    pytest.param(END + "我要评论0\n字号：", ["我要评论0"], id="counter"),
    pytest.param(END + "网友评论仅供其表达个人看法，并不表明本站同意其观点或证实其描述", ["网友评论仅供其表达个人看法，并不表明本站同意其观点或证实其描述"], id="notice"),
    pytest.param(END + "文明上网，理性发言", ["文明上网，理性发言"], id="etiquette"),
]

SILENT = [
    pytest.param("民警登录微信，钱被转往一个昵称叫做“制*鹿”的微信去了。但是，该微信只有昵称，不见身份等有效信息。", id="nickname-in-news"),
    pytest.param("骗子以退款为由，骗取了受害人支付宝账号、密码及短信验证码，分三次转走账户内6001元。", id="captcha-in-news"),
    pytest.param("该视频引发热议，不少网友在评论区留言称，希望有关部门尽快调查处理。", id="comments-in-news"),
    pytest.param("他在微博上发表评论称，此事影响恶劣。\n网友评论纷纷表示支持，评论数量超过一万条，引发了广泛的讨论和关注。", id="comment-words-in-sentences"),
    pytest.param("媒体\n评论\n新京报：“烧散煤被拘”事件，执法需要尺度。", id="lone-subheading"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP003", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP003", text) == []


def test_seed_004_widget_is_one_block():
    text = (SEEDS / "004_43b50e2d64754976.txt").read_text(encoding="utf-8")
    (start, end, excerpt), = hits("BP003", text)
    assert excerpt.startswith("昵稱") and excerpt.endswith("無關(guān)")
    assert "請輸入正確驗證碼" in messages("BP003", text)[0]


def test_real_page_comment_box():
    text = fixture("thepaper_2_tail.txt")
    assert [e for _, _, e in hits("BP003", text)] == ["我要跟帖\n已输入0字"]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP003", fixture(name)) == []
