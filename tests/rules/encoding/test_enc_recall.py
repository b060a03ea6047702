"""Recall of the encoding family: lost characters as `?` (ENC008), short UTF-8-as-GBK runs
(ENC004), converter over-conversion (ENC016), escaped line breaks (ENC017) and full stops
inside words (ENC018). Each table names its source; text mis-decoded on purpose is made
from a clean excerpt with the codec round trip the damage comes from."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file

from enc_helpers import codes_firing, excerpts, hits  # noqa: E402

SEEDS = Path(__file__).parents[3] / "seeds"

# Clean text that no rule of this file may flag.
# People's Daily 1998-01 (peoples-daily-199801-plain.txt, lines 7 and 19)
PD_7 = ("１９９７年，是中国发展历史上非常重要的很不平凡的一年。中国人民决心继承邓小平同志的遗志，继续把建设有中国特色社会主义"
        "事业推向前进。中国政府顺利恢复对香港行使主权，并按照“一国两制”、“港人治港”、高度自治的方针保持香港的繁荣稳定。")
PD_19 = ("顺利地恢复对香港行使主权，胜利地召开党的第十五次全国代表大会———两件大事办得圆满成功。国民经济稳中求进，"
         "国家经济实力进一步增强，人民生活继续改善。")
# iNews dev-00004 (its lone `?` before 在 is a lost character, kept out of this excerpt)
INEWS_CLEAN = ("爱心义卖由学校各学院的志愿中队和校团委志愿者工作部一起完成。人文学院团学联实践部负责本次人文学院义卖活动的开展。"
               "义卖的全部物品由人文学院的全体同学捐赠，义卖全部所得存入同济大学教育发展基金会的同济青年爱心基金专项基金中。")
# taiwan-news-covid-2022-trad chinatimes_covid_10.csv row 2 (CONTENT)
TAIWAN_CLEAN = ("白宮發言人莎琪（Jen Psaki）今天表示，白宮感激前總統川普（Donald Trump）施打COVID-19（2019冠狀病毒疾病）"
                "疫苗追加劑，還公開宣傳應該接種疫苗。\n\n路透社報導，共和黨籍的川普近期受訪時說，他已打過追加劑，還形容COVID-19"
                "疫苗是「人類最偉大的成就之一」。\n\n川普接受保守派評論員歐文斯（Candace Owens）訪問時說：「病重、去醫院的人，"
                "是那些沒打疫苗的人。如果你打了疫苗，就有保護力。」")
CLEAN = [PD_7, PD_19, INEWS_CLEAN, TAIWAN_CLEAN]
RECALL_CODES = {"ENC004", "ENC008", "ENC016", "ENC017", "ENC018"}


def utf8_read_as_gbk(text: str) -> str:
    """What a GBK reader that writes `?` for undecodable bytes makes of UTF-8."""
    return text.encode("utf-8").decode("gbk", errors="replace").replace("\ufffd", "?")


@pytest.mark.parametrize("text", CLEAN, ids=["pd-7", "pd-19", "inews-dev-00004", "taiwan-chinatimes-2"])
def test_clean_news_gets_none_of_these(text):
    assert codes_firing(text) & RECALL_CODES == set()


# --- ENC008: `?` where characters were lost -----------------------------------------------

SEED_004 = (SEEDS / "004_43b50e2d64754976.txt").read_text("utf-8")
LONG = PD_7 * 8  # a thousand ideographs: one lost run alone is below any density


@pytest.mark.parametrize("text, flagged", [
    # seeds/004 line 8 and line 16: `?` next to injected pinyin, and against a list mark
    (SEED_004, "?jiǎng)?chuàng)"),
    (SEED_004, "?;?"),
    # one run of lost characters in a long document (PD line 7 with 国两制 lost)
    (LONG + "推动???发展的方针。" + LONG, "???"),
    # traditional text decoded with the wrong GBK table, a short segment in a long text
    (LONG + "中??的?L??將" + LONG, "??的?L??"),
    # lost emoji and bullets after a clause mark (iNews train-00143, train-02281)
    (LONG + "不能同时吃的原理；?小三做完爆炒田螺" + LONG, "?"),
    (LONG + "转载来自法律读品公众号，?版权归原创作者所有" + LONG, "?"),
])
def test_lost_characters_found(text, flagged):
    assert flagged in excerpts("ENC008", text)


@pytest.mark.parametrize("text", [
    LONG + "这是真的吗?我不信。" + LONG,  # a real question, ASCII mark
    LONG + "Why? Because it works." + LONG,
    LONG + "你疯了??我都不知道" + LONG,  # emphatic `??` in chat
    LONG + "你怎么还不来??大家都在等" + LONG,
    LONG + "访问 http://example.com/list?page=2&id=5 查看" + LONG,
    LONG + "代码 x = a ? b : c; 即可" + LONG,
    LONG + "生于1650年(?)，卒于1702年" + LONG,
    LONG + "\n???\n" + LONG,  # a chat reaction standing alone
    "是吗?", "why?", "???",
    "他是誰(shéi)?", "他是誰(shéi)? 我不認識",  # a question after a pinyin annotation
    "?点击上方蓝字关注我们",  # a `?` opening the text has no clause mark before it
])
def test_question_marks_that_are_not_lost_characters(text):
    assert hits("ENC008", text) == []


# --- ENC004: UTF-8 read as GBK, short runs and lone `鈥?` ----------------------------------

@pytest.mark.parametrize("clean, flagged", [
    # PD line 19 `———` after 大会: the lone `鈥?` of a dash
    ("胜利地召开党的第十五次全国代表大会—两件大事办得圆满成功。", "鈥?"),
    # PD line 7 `“一国两制”`: a short quoted run
    ("并按照“一国两制”方针保持香港的繁荣稳定。", None),
    ("他说“我们要坚持”。", None),
])
def test_short_utf8_as_gbk_runs_found(clean, flagged):
    text = clean.split("“")[0] + utf8_read_as_gbk("“" + clean.split("“")[1]) if "“" in clean else clean
    if "—" in clean:
        head, tail = clean.split("—")
        text = head + utf8_read_as_gbk("—") + tail
    found = excerpts("ENC004", text)
    assert found, text
    if flagged is not None:
        assert found == [flagged]
    for piece in found:  # the clean words around it are not part of the span
        assert piece[0] in "鈥銆锛" or not piece[0] in clean


@pytest.mark.parametrize("text, flagged", [
    ("总书记强调鈥?要坚持改革开放，推动经济高质量发展。", "鈥?"),  # a dash whose last byte was lost
    ("鈥滄垜浠?瑕佸潥持改革", "鈥滄垜浠?瑕佸潥"),  # “我们要坚
    ("Let鈥檚 go", "鈥檚"),  # ’s
    ("3、步行约340米，到达省妇幼鐧惧害鍦板浘", "鐧惧害鍦板浘"),  # iNews train-01337: 百度地图
])
def test_utf8_as_gbk_excerpts(text, flagged):
    assert excerpts("ENC004", text) == [flagged]


@pytest.mark.parametrize("text", [
    "由阿里巴巴领投，灏峰集团、天合资本、蚂蚁金服跟投。",  # iNews test-00934: a real name of rare characters
    "下载地址：锟斤拷锟斤拷",  # ENC007's marker, not ENC004's
    "汩汩流水，佼佼者。",
])
def test_utf8_as_gbk_look_alikes_silent(text):
    assert hits("ENC004", text) == []


def test_gbk_read_as_latin1_still_found():
    # web-snippets-real-corruption/pages-excerpts.jsonl line 8 (dss3.net)
    assert hits("ENC004", "ÓÑÇéÌáʾ£ºÈç¹û±¾ÍøÒ³´ò¿ªÌ«Âý»òÏÔʾ²»ÍêÕû£¬Çë³¢ÊÔ")


# --- ENC016: over-conversion by a simplified-to-traditional converter ----------------------

@pytest.mark.parametrize("text, flagged", [
    # pages-excerpts.jsonl line 16 (hk.javashuo.com)
    ("計算機中提供多種翻譯方式,常見的有 ASCII、ISO-8859-一、GB23十二、GBK、UTF-八、UTF-16等。",
     ["ISO-8859-一", "GB23十二", "UTF-八"]),
    # line 17 (crsrw.com)
    ("但從嚴格的定義來看,產業的概念大於產業,壹個產業可以跨越(包括)幾個產業。", ["壹個"]),
    # line 18 (jmangel.gd.cn)
    ("『壹』 android 怎麼使用應用的包名通過logcat命令來過濾某個應用的日誌", ["壹"]),
    # iNews train-02112 / train-03754: 壹 for 一 in converted loan spam
    ("命令执行零等待的工作原则，壹切工作以服务客户为指导思想", ["壹切"]),
    ("违约责任:一、发生下列情况之壹即构成违约", ["之壹"]),
])
def test_over_conversion_fires(text, flagged):
    assert excerpts("ENC016", text) == flagged


@pytest.mark.parametrize("text", [
    "借款金额：壹佰元整", "人民币壹万元", "三、本协议壹式陆份，双方各执叁份",  # amounts (iNews train-01956)
    "9月20日，壹基金清水设计公益项目", "齐鲁晚报齐鲁壹点记者", "该火箭设计制造商零壹空间总裁",  # names
    "一个产业可以跨越几个产业。", "今年十二月，第八届大会召开。",
    "壹、前言\n貳、研究方法",  # a real outline numbered 壹 貳
    "涨9.5%vx：fa3993一、新股申购",  # iNews train-02414: a code run into a list number
    "证书编号：jlz2012410031三、评标结果公示期",  # iNews train-00629
    "房地产估价规范(gb/t50291一1999)",  # iNews train-00595: 一 for a dash, not a converted digit
    "使用 UTF-8 编码，ISO-8859-1 亦可。",
])
def test_over_conversion_silent(text):
    assert hits("ENC016", text) == []


# --- ENC017: line breaks written as `\n` -------------------------------------------------

@pytest.mark.parametrize("text, flagged", [
    (r"原标题：天气变化早知道\n镇坪县气象局 制作:李佳瑞", [r"\n"]),  # iNews dev-00002
    (r"上传视频条数:\n8.5万\n发布时间:\n2018-12-27", [r"\n", r"\n", r"\n"]),  # iNews dev-00006
    ("记者\u3000程凌润\u3000摄\\n\u3000\u3000商场入口处设置了金属围挡。", [r"\n"]),  # iNews dev-00013
    (r"事故原因还在进一步调查中。\r\n\r\n更多精彩:", [r"\r\n\r\n"]),
    (r"职位科员\n1\n69\n26\n西安市行政系统", [r"\n"] * 4),  # iNews train-00234: table cells
    (r"m/jishuzhibiao/\n今年两会期间", [r"\n"]),  # iNews train-05213: after a URL's slash
    (r"一会儿就到了……\n/ 著名景点游客太多", [r"\n"]),  # iNews test-00133
])
def test_escaped_line_break_fires(text, flagged):
    assert excerpts("ENC017", text) == flagged


@pytest.mark.parametrize("text", [
    r"文件保存在 C:\new\文档 里", r"路径 D:\资料\test", r'printf("%d\n", x);', r"公式 $\nabla f$ 与 \newline",
    r"写成 \\n 即可", r"a\nb", r"时间\times 速度",
    r'n.replace(/\n/g,"")', r'd="//# sourceURL="+s+"\n//@ sourceURL="+s;',  # script in gne-news-html wechat/1.html
    "var whitespace = '\\t\\r\\n \u3000';",  # readability-test-pages-zh qq/source.html
])
def test_escaped_line_break_silent(text):
    assert hits("ENC017", text) == []


# --- ENC018: full stops inside words -------------------------------------------------------

# iNews train-05219 (its `\\n` escapes left out)
STOPS_IN_WORDS = (
    "在存在着巨。大的行业风险的同时，政策风险也是众多投资商必须考。虑的。一。个问题。可能的政策变动让众多投资商在投资时显。得"
    "小心谨慎，而传闻中突然而来的数字电视融资政策的新变动。更是。让局势变得复杂起来。据了解，复星集团、激动。集团、浙江成功信"
    "息产业有限公司等。一批民营企业，还有。一些具有外资背。景的企业或者基金都曾经与各地数字电视运营商有过深层次的接触。，。但"
    "最终的都因为这个行业漫长的培育期和政策风险。而持币观望。面对可能的变动，各地。数字频道运营商们在这个问题上的态度也是各不"
    "相同。已经融资成功的广东电视。台数字频道的总监陈明东表示:“我们都是以。书面文件为准。的，在这之前，我们的引资政策不会发"
    "生大的。变动。”所以，如果有合适的投资合作方，他们仍旧愿意引入。但是更多的曾经。在融资道路上积极奔。走的数字电视频道开办"
    "单。位已经开始止步观望。据了解。，目前天津等地方广电的数字频道在引进外资之时。就已经开始谨慎起来，对资本。性质的考量就。"
    "更多了。对于政策的紧缩，也存。在另一种观点。陈明东说，数字电视的政策环境应该会越来越好，。只。是可能在数字电视行。业个别"
    "的领域可能会遭遇政策紧缩。文广互动的。总经理张大钟也认为:“所谓政策都是有弹性的，相对于免费。的公共电视，中央给数字。付"
    "费电视的政策应该是。相对宽松的。”北京一家专业从事数字电视投资的传媒投资公司的投资总经理。在接受采访时告诉记者:“在我们"
    "看来，在。内容方面政策可能会继续缩紧。，但在有线数字电视网络建设方面，留给非公有资本的空。间会越来越大。”面对政策“紧。"
    "箍咒”。，"
)


def test_full_stops_inside_words_fire():
    found = excerpts("ENC018", STOPS_IN_WORDS)
    assert {"巨。大", "考。虑", "显。得", "背。景"} <= set(found)
    assert "题。可" not in found  # the stop after 问题 ends a phrase: 题可 is no word


@pytest.mark.parametrize("text", [
    PD_7 * 3,
    "我们要加快发展。大家都很关心。他们去了。解放军战士也来了。会议结束。",  # one stop forms a word (了解): not enough
])
def test_full_stops_at_sentence_ends_silent(text):
    assert hits("ENC018", text) == []
