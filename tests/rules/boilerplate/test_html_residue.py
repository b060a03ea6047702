"""BP001 html-residue: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import SEEDS, expected, hits

FIRE = [
    pytest.param("正文结束。<!-- 正文下iframe -->", ["<!-- 正文下iframe -->"], id="comment"),
    pytest.param("正文&nbsp;结束", ["&nbsp;"], id="entity"),
    pytest.param("<style>.a&#123;color:red&#125;</style>\n<div class=\"x\">", ["<style>.a&#123;color:red&#125;</style>\n<div class=\"x\">"], id="style-and-tag-block"),
    pytest.param('视频如下：<iframe src="https://v.qq.com/iframe/player.html?vid=x" frameborder="0" allowfullscreen></iframe>\n正文',
                 ['<iframe src="https://v.qq.com/iframe/player.html?vid=x" frameborder="0" allowfullscreen></iframe>'], id="iframe-player"),
    pytest.param('视频<embed src="http://player.youku.com/player.php/sid/XMz/v.swf" quality="high" type="application/x-shockwave-flash"></embed>',
                 ['<embed src="http://player.youku.com/player.php/sid/XMz/v.swf" quality="high" type="application/x-shockwave-flash"></embed>'], id="embed-player"),
    pytest.param('片段<video controls src="a.mp4"></video>结束', ['<video controls src="a.mp4"></video>'], id="video"),
    pytest.param("图片 https://img.alicdn.com/a/b.jpg?x-oss-process=image/resize,w_640 正文",
                 ["https://img.alicdn.com/a/b.jpg?x-oss-process=image/resize,w_640"], id="oss-image-url"),
    pytest.param("见 http://pic.example.com/x/y?imageView2/2/w/640 完", ["http://pic.example.com/x/y?imageView2/2/w/640"], id="qiniu-image-url"),
    pytest.param("图 https://p.example.cn/u/1.png!/fw/640 后", ["https://p.example.cn/u/1.png!/fw/640"], id="upyun-image-url"),
    # iNews dev-00517 (齐鲁壹点): a tag whose `<img` was cut off
    pytest.param('数公里。齐鲁晚报记者 翟恒水" src="https://wscdn.ql1d.com/0756.jpg?imagemogr2/auto-orient/thumbnail/680x410>" />5月1日',
                 ['" src="https://wscdn.ql1d.com/0756.jpg?imagemogr2/auto-orient/thumbnail/680x410>" />'], id="cut-img-tag"),
    # iNews dev-00128 / train-03692: a forum attachment row
    pytest.param("女子对其拳打脚踢。\\n微信截图_20181208224223.png (250.27 kb， 下载次数: 0)\\n下载附件\\n保存到相册\\n昨天",
                 ["微信截图_20181208224223.png (250.27 kb， 下载次数: 0)\\n下载附件\\n保存到相册"], id="attachment-row"),
    pytest.param("一小时前 上传20171117_154110_1510895984566.jpg (704.84 kb， 下载次数: 0)下载附件保存到相册",
                 ["上传20171117_154110_1510895984566.jpg (704.84 kb， 下载次数: 0)下载附件保存到相册"], id="attachment-uploaded"),
]

SILENT = [
    pytest.param("若a<b且b>c，则不能确定a与c的大小。", id="formula"),
    pytest.param("他写了<<书名>>一书。", id="double-angle"),
    pytest.param("详情请访问 https://www.gov.cn/zhengce 了解政策全文。", id="page-url-not-an-image"),
    pytest.param("文件名为 photo.jpg 的照片已经上传。", id="file-name-in-sentence"),
    pytest.param("他说 src 很重要，width=3 也可以。", id="attribute-words-in-prose"),
    pytest.param("常强不仅场外有岗哨，场内也有数名望风人员。", id="prose-before-nothing"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP001", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP001", text) == []


def test_markup_crumbs_join_a_block_prose_splits_it():
    # the crumbs of mangled markup between two tags are part of the residue; prose is not
    assert [e for _, _, e in hits("BP001", '正文<p style="line-height: 1.5em;">ght: 1.5em;</p>结束')] == [
        '<p style="line-height: 1.5em;">ght: 1.5em;</p>']
    assert [e for _, _, e in hits("BP001", "正文<p>第一段</p>结束")] == ["<p>", "</p>"]


def test_seed_002_has_no_residue():
    text = (SEEDS / "002_dd55ba61cb0b9a80.txt").read_text(encoding="utf-8")
    assert hits("BP001", text) == []
