"""BP008 share-widget: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits, inews

END = "被依法予以行政拘留，合并执行20日。"

FIRE = [
    pytest.param(END + "\\n分享到：\n", ["分享到："], id="empty-share-bar"),
    pytest.param(END + "\n分享到：微信 微博 QQ空间\n", ["分享到：微信 微博 QQ空间"], id="platforms"),
    pytest.param(END + "\n分享到：\n0\n", ["分享到：\n0"], id="share-count-next-line"),
    pytest.param(END + "\n分享到:腾讯微博下一篇：大爷大妈高速路上把6吨重大巴往前推50米", ["分享到:腾讯微博"], id="platform-chain-stops"),
    pytest.param(END + "\n返回顶部\n", ["返回顶部"], id="back-to-top"),
    pytest.param(END + "如果你喜欢，请给我们点个好看或转发", ["如果你喜欢，请给我们点个好看或转发"], id="engagement"),
    pytest.param(END + "\n收藏 打印 关闭\n", ["收藏 打印 关闭"], id="tool-bar-line"),
    pytest.param(END + "\n分享到：微信 微博 QQ空間\n", ["分享到：微信 微博 QQ空間"], id="traditional"),
    pytest.param(END + "\n觉得好看，请点赞、在看、转发，一键三连！\n", ["觉得好看，请点赞、在看、转发，一键三连！"], id="three-in-a-row"),
    pytest.param(END + "\n覺得好看，請點贊、在看、轉發，一鍵三連！\n", ["覺得好看，請點贊、在看、轉發，一鍵三連！"], id="three-in-a-row-traditional"),
    # iNews train-01801: a share bar standing on its own line
    pytest.param(END + "\n分享到微信\n", ["分享到微信"], id="share-to-platform-line"),
]

SILENT = [
    pytest.param("他在会上分享了多年来的工作经验，受到与会者好评。", id="share-in-sentence"),
    pytest.param("星展集團資深經濟學家馬鐵英分享星展集團對2022年經濟前景看法。", id="share-traditional-sentence"),
    pytest.param("分享到：这是一个关于成长的故事，讲述了主人公如何克服困难，最终实现梦想的过程。", id="share-heading-then-sentence"),
    pytest.param("如果作为代寄，仅需把链接分享给朋友，让朋友填入相关信息即可。", id="share-to-friend-in-sentence"),
    # iNews train-03324: 分享到 as a verb, 更多 is not a platform here
    pytest.param("往期荐读●徐新荣：坚持问题导向强化法治思维 让群众分享到更多改革红利●中共延安市委", id="share-more-reform-dividends"),
    # iNews train-00713
    pytest.param("推动各领域的党员认真参加学习竞赛，并将答题成绩分享到微信群、朋友圈。同时，鼓励干部群众积极参加。", id="share-score-to-wechat-group"),
    pytest.param("並將答題成績分享到微信群、朋友圈。同時，鼓勵群眾積極參加。", id="share-score-traditional"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP008", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP008", text) == []


def test_real_page_error_report_button():
    text = fixture("xinhuanet_page.txt")
    assert [e for _, _, e in hits("BP008", text)] == ["【纠错】"]


def test_inews_share_bar():
    assert [e for _, _, e in hits("BP008", inews("train-03437"))] == ["分享到："]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP008", fixture(name)) == []
