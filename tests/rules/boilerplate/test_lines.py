"""`is_boilerplate_line`, the helper other families (DUP) use to skip template lines."""

import pytest

from corpus_qa.rules.boilerplate._lines import is_boilerplate_line


@pytest.mark.parametrize("line", [
    "责任编辑：王蒙",
    "长按识别二维码，关注我们",
    "分享到：微信 微博",
    "相关阅读",
    "免责声明：本文来自网络，如有侵权请联系删除。",
    "海量资讯、精准解读，尽在新浪财经APP",
    "<!-- 正文下iframe -->",
    # every per-document BP rule counts (BP009 and DUP004 would report these lines twice)
    "原标题：宝鸡男生聚餐时吵架 为出气直播平台召人打架",
    "当前位置：网站首页 > 社会民生",
    "防抓取，突袭网提供内容，请查看原文。",
    "（編輯：陳惠珍）1101218",
    "https://img.alicdn.com/a/b.jpg?x-oss-process=image/resize,w_640",
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "",
    "市民可以扫描二维码查询社保缴纳情况，十分方便。",
    "他在微博上发表评论称，此事影响恶劣。",
    "１９９８年１月１日，江泽民主席发表新年讲话。",
    "该文原标题为《大国崛起》，发表后引起热议。",
    "1999年回归后，澳门成为了中国境内唯一一个可以公开合法经营博彩业的地区。",
])
def test_article_lines(line):
    assert not is_boilerplate_line(line)
