"""BP011 navigation-trail: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits

FIRE = [
    # iNews dev-00032
    pytest.param("返回搜狐，查看更多\\n当前位置：网站首页 > 社会民生\\n 责任编辑：", ["当前位置：网站首页 > 社会民生"], id="labelled"),
    pytest.param("當前位置：網站首頁 > 社會民生\n男子酒駕被查。", ["當前位置：網站首頁 > 社會民生"], id="labelled-traditional"),
    # iNews train-03599: the trail runs into the headline; only short crumbs are taken
    pytest.param("您的位置:首页>欧邦资讯>家居课堂>家里做了防水还漏水?很有可能是你家的管道施工没做到位",
                 ["您的位置:首页>欧邦资讯>家居课堂>家里做了防水还漏水"], id="your-location"),
    # iNews train-00029
    pytest.param("当前位置: \u3000\u3000水利频道> 市州水闻> 正文\n近日，全市水利工作会议召开。", ["当前位置: \u3000\u3000水利频道> 市州水闻> 正文"], id="channel-trail"),
    # iNews train-00923
    pytest.param("有效期为一年。\u3000\u3000返回文章首页 首页>新闻>新闻-频道-各地>客户端陕西收藏\u3000分享到:腾讯微博",
                 ["首页>新闻>新闻-频道-各地>客户端陕西收藏"], id="home-crumb-in-tool-row"),
    pytest.param("首页 > 百科 > 生活常识\n冬天怎样保暖？", ["首页 > 百科 > 生活常识"], id="home-line"),
    pytest.param("首頁 » 新聞 » 國際\n美國宣布新措施。", ["首頁 » 新聞 » 國際"], id="home-traditional"),
    # iNews train-01680
    pytest.param("首页 / 点播 / 电台 / 新闻广播 / 耳畔嘉兴\n发布时间:2018-05-01", ["首页 / 点播 / 电台 / 新闻广播 / 耳畔嘉兴"], id="slash-trail"),
    # previous/next links under the article; iNews dev-00022 (glued to the text before)
    pytest.param("审核通过上一篇：要买车的梅州人再等一个月 新政策实行百万豪车能省十万！下一篇：梅州人快收藏 全市",
                 ["上一篇：要买车的梅州人再等一个月 新政策实行百万豪车能省十万！", "下一篇：梅州人快收藏 全市"], id="previous-next"),
    # iNews train-01213 (the second title shortened)
    pytest.param("2018年12月25日\n上一篇:中纪委反腐倡廉特别关注\n下一篇:在天津的日子",
                 ["上一篇:中纪委反腐倡廉特别关注", "下一篇:在天津的日子"], id="previous-next-lines"),
    # iNews train-03397: empty links; the next article's text after the spaces is no title
    pytest.param("编辑：xnnews7上一篇： 下一篇：   2018敦煌双遗国际马拉松赛开跑", ["上一篇：", "下一篇："], id="empty-links"),
    # written for this test: the traditional labels
    pytest.param("上一條：台北市長記者會\n下一條：新北市加強防疫", ["上一條：台北市長記者會", "下一條：新北市加強防疫"],
                 id="previous-next-traditional"),
]

SILENT = [
    pytest.param("点开网站首页就能看到最新的通知，市民可以在线办理。", id="home-page-in-sentence"),
    pytest.param("位置：北京市朝阳区建国路88号\n电话：010-12345678", id="address-field"),
    pytest.param("在首页 > 设置中可以找到这个选项，他说。", id="home-after-preposition"),
    pytest.param("当前位置：我们正处于转型的关键时期。", id="label-without-trail"),
    pytest.param("收入增长2/3，支出减少1/4。", id="fractions"),
    pytest.param("我没有您的位置，也不知道该怎么走。", id="your-position-in-prose"),
    # iNews test-00886: a blog post pointing back at its earlier part
    pytest.param("而上一篇文章介绍了通过针对时序数据的压缩方法，降低存储成本。", id="previous-article-in-prose"),
    pytest.param("小说分为上篇和下篇，上篇写童年。", id="first-part-in-prose"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP011", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP011", text) == []


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt", "udn_teasers.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP011", fixture(name)) == []
