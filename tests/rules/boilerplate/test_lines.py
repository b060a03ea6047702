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
])
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", [
    "",
    "市民可以扫描二维码查询社保缴纳情况，十分方便。",
    "他在微博上发表评论称，此事影响恶劣。",
    "１９９８年１月１日，江泽民主席发表新年讲话。",
])
def test_article_lines(line):
    assert not is_boilerplate_line(line)
