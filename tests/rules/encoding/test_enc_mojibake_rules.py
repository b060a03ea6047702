"""ENC004 cjk-mojibake, ENC005 latin-mojibake, ENC007 mojibake-marker: tables of cases."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file


import pytest

from enc_helpers import excerpts, hits

CLEAN_SIMPLIFIED = "新华社北京1月5日电 国家统计局今天发布数据，去年全国粮食总产量比上年增长百分之二。专家表示，粮食生产连续多年保持稳定。"
CLEAN_TRADITIONAL = "中央社台北5日電 行政院今天召開記者會，說明明年度預算編列情形，其中教育與社會福利支出均較今年增加。"

# (text, the excerpt flagged, the repair offered or None)
CJK_FIRE = [
    ("今天天气很好" + "我们都很高兴".encode("utf-8").decode("gbk") + "明天见", "鎴戜滑閮藉緢楂樺叴", "我们都很高兴"),
    ("3、步行约340米，到达省妇幼鐧惧害鍦板浘", "鐧惧害鍦板浘", "百度地图"),  # iNews train-01337
    ("* [浠g爜澶у叏](http://book.douban.com/subject/1477390/)", "浠g爜澶у叏", "代码大全"),  # full-width g folded
    ("聽取相關行業(yè)領域?qū)<摇⑵髽I(yè)家的意見", "⑵髽I", "企業"),  # seed 002
    ("報導：" + "隨機部落格之線上演算法".encode("big5").decode("gbk", "replace") + "。", None, None),
    ("新聞：" + "中华人民共和国成立了，我们都很高兴".encode("gbk").decode("big5", "replace"), None, None),
    ("1. # " + "自定义键盘功能".encode("gbk").decode("utf-8", "replace") + " 功能", None, None),
    ("闂傚倸鍊搁崐鎼佸磹閹间礁纾归柣鎴eГ閸ゅ嫰鏌ら崫銉︽毄濞寸姵姘ㄧ槐", "闂傚倸鍊搁崐鎼佸磹閹间礁纾归柣鎴eГ閸ゅ嫰鏌ら崫銉︽毄濞寸姵姘ㄧ槐", None),
]


@pytest.mark.parametrize("text, flagged, repair", CJK_FIRE)
def test_cjk_mojibake_fires(text, flagged, repair):
    found = hits("ENC004", text)
    assert found, text
    if flagged is not None:
        assert text[found[0].start : found[0].end] == flagged
    if repair is not None:
        assert found[0].data["repair"] == repair


def test_gbk_read_as_latin1_is_cjk_mojibake_with_its_repair():
    text = "ÓÑÇéÌáʾ£ºÈç¹û±¾ÍøÒ³´ò¿ªÌ«Âý"  # dss3.net: 友情提示：如果本网页打开太慢
    found = hits("ENC004", text)
    assert len(found) == 1 and found[0].data["flavour"] == "gbk-as-latin1"
    assert "如果本网页打开太慢" in found[0].data["repair"]


CJK_SILENT = [
    CLEAN_SIMPLIFIED,
    CLEAN_TRADITIONAL,
    "事发前癫痫病发作，驾驶员自称有癫痫病史。",  # rare but real words
    "溪水汩汩流淌，他是同龄人中的佼佼者，风嗖嗖地吹。",  # reduplicated rare characters
    "日本語のテキストです。バカやろう！",
    "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές",
    "├┤a┼┐a┼┐a┼┐a┼┐a",
    "流断面ⅰ-ⅲ类水质，②包车③",
    "食藥局(FDA)顧問兼兒科醫師奥菲特(Paul Offit)表示",
    "锟斤拷锟斤拷",  # ENC007's
]


@pytest.mark.parametrize("text", CJK_SILENT)
def test_cjk_mojibake_silent(text):
    assert hits("ENC004", text) == []


LATIN_FIRE = [
    ("ç®€ä½“ä¸\u00adæ–‡", "简体中文"),
    ("æ\u00ad£é«”ä¸\u00adæ–‡", "正體中文"),
    ("æ—¥æœ¬èªž", "日本語"),
    ("Ningboï¼ŒChina", "，"),
    ("他说â€œä½\xa0å¥½â€\x9d", "“你好”"),
]


@pytest.mark.parametrize("text, repair", LATIN_FIRE)
def test_latin_mojibake_fires_with_repair(text, repair):
    found = hits("ENC005", text)
    assert len(found) == 1 and found[0].data["repair"] == repair


def test_latin_mojibake_without_c1_bytes_is_flagged_unrepaired():
    text = '显示为"GNU Readlineåºå½æ°çåºç¨ç¤ºä¾"。'
    found = hits("ENC005", text)
    assert [text[h.start : h.end] for h in found] == ["åºå½æ°çåºç¨ç¤ºä¾"]
    assert found[0].data is None


LATIN_SILENT = [
    "Bremer/Mccoy – DrÃ¥ber",  # European mojibake: not ours
    "HÃ´tel de Police",
    "约翰·史密斯说：“好。”——新华社",
    "温度为25°C，误差±0.5，面积5×3米。",
    "Café crème, naïve façade",
    "MÄ£ÄM ÌÑÌ Q £ÄGÌ GÄLÄW ÑÍCH SÖÄ£ ÑÝÄ $ÚÄMÌ",
    "价格：··········  ××××",
]


@pytest.mark.parametrize("text", LATIN_SILENT)
def test_latin_mojibake_silent(text):
    assert hits("ENC005", text) == [] and hits("ENC004", text) == []


MARKERS = [
    ("下载地址：锟斤拷锟斤拷，请重试", "锟斤拷锟斤拷"),
    ("錕斤拷", "錕斤拷"),
    ("嚙踝蕭嚙踝蕭", "嚙踝蕭嚙踝蕭"),
    ("缓冲区：烫烫烫烫烫烫", "烫烫烫烫烫烫"),
    ("屯屯屯屯", "屯屯屯屯"),
    ("ÌÌÌÌÌÌ", "ÌÌÌÌÌÌ"),
]


@pytest.mark.parametrize("text, flagged", MARKERS)
def test_markers_fire(text, flagged):
    assert excerpts("ENC007", text) == [flagged]


@pytest.mark.parametrize("text", ["这杯水烫烫的", "屯兵屯田", "斤斤计较", CLEAN_SIMPLIFIED])
def test_markers_silent(text):
    assert hits("ENC007", text) == []
