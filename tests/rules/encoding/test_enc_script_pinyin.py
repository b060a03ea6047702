"""ENC006 pinyin annotations, ENC009 mixed script, ENC010 script policy: what is a defect and
what is a writer's choice. Excerpts are real; each names its corpus file and record."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import check_of
from enc_helpers import OPTIONS, excerpts, hits
from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, PEOPLES_DAILY_1998, UDN_2022

SEEDS = Path(__file__).parents[3] / "seeds"

# web-snippets-real-corruption/pages-excerpts.jsonl, record 1 (hummerstrength.cn/1377.html)
HUMMER = ("在當(dāng)今的互聯(lián)網(wǎng)時(shí)代,網(wǎng)站已經(jīng)成為了企業(yè)、個(gè)人和組織展示自己、"
          "傳播信息的重要平臺(tái)。然而,在創(chuàng)建網(wǎng)站的過(guò)程中,我們可能會(huì)遇到一個(gè)問(wèn)題")
# the same record, record 3 (cmbags.cn/topic_196/7654): only some characters annotated
CMBAGS = ("歡迎進入中共西藏自治區(qū)委員會黨校!\n深入學習貫徹黨的十九屆六中全會精神\n"
          "著力創(chuàng)建高原經(jīng)濟高質量發(fā)展先行區(qū)初探")


def _tone_letters_replaced(text: str) -> str:
    """What saving the page as Big5 leaves: Big5 has no ǎ, so each tone letter becomes `?`."""
    return text.encode("big5", errors="replace").decode("big5")


def _tone_letters_dropped(text: str) -> str:
    """What a decode that loses every letter outside ASCII leaves inside the brackets."""
    return re.sub(r"\(([^)]*)\)", lambda m: "(" + "".join(c for c in m.group(1) if c.isascii()) + ")", text)


PINYIN_FIRE = [
    pytest.param(HUMMER, "當(dāng)", None, id="pages-excerpts#1 intact"),
    pytest.param(CMBAGS, "區(qū)", None, id="pages-excerpts#3 partial"),
    pytest.param(_tone_letters_replaced(HUMMER), "當(d?ng)", "tone letters lost", id="pages-excerpts#1 as Big5"),
    pytest.param(_tone_letters_dropped(HUMMER), "聯(lin)網(wng)時(sh)", "tone letters lost",
                 id="pages-excerpts#1 letters dropped"),
    pytest.param("市政協(xié)主席", "協(xié)", None, id="one exact toned reading in ASCII brackets"),
    pytest.param("他(ta)們(men)說(shuo)話", "他(ta)們(men)說(shuo)", None, id="toneless, several, converted"),
]


@pytest.mark.parametrize("text, flagged, damage", PINYIN_FIRE)
def test_pinyin_annotation_fires(text, flagged, damage):
    found = hits("ENC006", text)
    assert flagged in [text[h.start : h.end] for h in found]
    if damage:
        assert all(damage in h.message for h in found)


def test_seed_004_annotation_whose_character_was_lost_as_a_question_mark():
    text = (SEEDS / "004_43b50e2d64754976.txt").read_text("utf-8")
    found = excerpts("ENC006", text)
    assert "?jiǎng)?chuàng)" in found  # 多元?jiǎng)?chuàng)新: the characters and `(` went together
    assert len(found) > 200  # and every whole annotation of the seed, as before


PINYIN_SILENT = [
    # ccf-bdci2019-inews, train-01953: wordplay, the "readings" spell 很有才华
    pytest.param("同学们发挥丰富的想象力\n给出了光（hěn）怪（yǒu）陆（cái）离（huá）的答案\n其中", id="inews train-01953"),
    # train-02591: a pun on 圈 (juàn/quān), written on purpose
    pytest.param("就是对他们最好的回应。▼娱乐是个圈（juan）我们不吹不黑讲道理", id="inews train-02591"),
    # train-03598: 魅 is no `wei`; 力（li） alone is a writer's joke
    pytest.param("然而他没想到自己的魅（wei）力（li）远不止与此，这位落网都上热搜", id="inews train-03598"),
    # test-00466: one editor's pronunciation note in simplified news
    pytest.param("(5) 朝中社：金正(zhèng)恩致信感谢习近平，称大连会晤密切中朝战略合作；", id="inews test-00466"),
    pytest.param("把羊赶进圈（juàn）里，再去田里干活。", id="textbook-style note"),
    pytest.param("产(chǎn)业(yè)和发(fā)展这三个字常被读错，老师在黑板上写了拼音。", id="simplified article teaching readings"),
    # taiwan-news-covid-2022-trad, chinatimes_covid_10.csv rows 7 and 10
    pytest.param("破傷風(TTA)疫苗，2023年7月破傷風原液新廠完成；喀爾巴阡山脈（Carpathian Mountains）邊緣的"
                 "烏克蘭西部小鎮科索夫（Kosiv）", id="taiwan chinatimes_covid_10 rows 7, 10"),
    pytest.param(UDN_2022, id="taiwan udn"),
    pytest.param(PEOPLES_DAILY_1998, id="peoples daily"),
    pytest.param("发展和改(gai)革", id="one toneless annotation, no converted character"),
]


@pytest.mark.parametrize("text", PINYIN_SILENT)
def test_pinyin_annotation_silent(text):
    assert hits("ENC006", text) == []


MIXED_FIRE = [
    # ccf-bdci2019-inews, train-01553: traditional characters scattered through simplified text
    pytest.param("北京多所高校了解到，对于该毕业了还修不滿学分或有『挂科』的学生每所高校都存在，各 \n高校采用的"
                 "政策各不相同，但学校一般都会給学生一至兩年再补考的机会。由于高校普遍采 \n用弹性学年制，"
                 "四年毕不了业並不是一件新鲜事。", ["滿", "給学生一至兩", "並"], id="inews train-01553"),
    # train-05250: one sentence half converted
    pytest.param("融资数亿元，害得老百姓血本无归。如果深圳中华孝道园真是存心騙人，也无話好說，但千不該万不該利用"
                 "祖先留下來的孝道來行騙，且言而無信，不該用民族的尊嚴來愚弄善良的投资者。当初每天收益228元",
                 None, id="inews train-05250"),
    # dev-00725: 人力資源, 意見, 規定 in a simplified judgment (three sentences of it)
    pytest.param("并由重庆市巴南区人力資源和社会保障局对文某、夏某提出的夏某某工伤认定中请重新作出具体行政行为。"
                 "第二种意見认为，事故伤害发生之日包括事故及其伤害结果发生之日。"
                 "《中华人民共和国民法总则》第四十六規定：“自然人有下列情形之一的，利害关系人可以向人民法院申请",
                 ["資", "見", "規"], id="inews dev-00725"),
    # pages-excerpts.jsonl record 19 (m.fx361.cc): 健康發展
    pytest.param("大力发展绿色食品产业是推动经济高质量发展的重要途径。绿色食品产业结构和产业集聚的耦合协调将会"
                 "有效促进绿色食品产业的健康發展。", ["發"], id="pages-excerpts#19"),
    # dev-00617: 採 left four times, with merged forms (髮, 矇) beside it
    pytest.param("进行採样化验，採样结果一切符合规定，会导致脱髮并损害人体血液细胞组织。不过，屏县环保局长顏幸苑"
                 "表示不知情，似乎透露被矇在鼓里。", None, id="inews dev-00617"),
]


@pytest.mark.parametrize("text, flagged", MIXED_FIRE)
def test_mixed_script_fires(text, flagged):
    found = excerpts("ENC009", text)
    assert found
    if flagged is not None:
        assert found == flagged


EDN = "刚刚，在阿里2019云栖大会上，阿里巴巴集团首席技术官兼阿里云智能总裁张建锋发布了阿里的首款AI芯片“含光800”。\n"
MIXED_SILENT = [
    # shared/corpora/gne-news-html/zyyfy/1.html lines 99, 158: language-switch links
    pytest.param(EDN + '<li><a id="fanjian" href="#">转繁体版</a></li>\n<a href="#" id="StranLink">转繁體版</a>',
                 id="gne zyyfy 转繁體版"),
    # gne-news-html/shanxi/1.html line 91
    pytest.param(EDN + '<a href="javascript:StranBody()" title="點擊切換到繁體中文網站" id="StranLink">'
                 "切換到<em>繁體</em></a>", id="gne shanxi 切換到繁體"),
    pytest.param(EDN + "语言：简体中文 | 繁體中文 | English", id="language menu"),
    # gne-news-html/ednchina/1.html lines 1691-1693: sister publications' names
    pytest.param(EDN + "台湾地区\nEE Times Taiwan 電子工程專輯\nEDN Taiwan 電子技術設計\n其它亚洲地区", id="gne ednchina brands"),
    # ednchina/1.html line 1509: a product name with a merged form
    pytest.param(EDN + "华为发布全球最快AI训练集群Atlas900，昇腾910加持", id="gne ednchina 昇腾"),
    # ccf-bdci2019-inews dev-00649: 人蔘 and 蠍子 in a food list
    pytest.param("玉竹性微温:黄芪、何首乌、山茱萸性温:人蔘、党蔘、太子蔘、杜仲、五加皮、当归、冬虫夏草、红花、川芎、"
                 "白术、紫河车、蔘三七(田七)、肉苁蓉、锁阳、松花粉、五味子性凉:胖大海、西洋蔘、决明子、白芍、"
                 "昆虫类性平：蠍子(有毒)、蚂蚁性温：蚕蛹、蝗虫、玉米(包穀)、燕麦", id="inews dev-00649"),
    # inews train-01997: Japanese spam lines inside a simplified article
    pytest.param("十多名女性员工身穿工作服，两两互相面对面跪着，の新芽、お父さんは私に言った:\"これは麦芽、成長開花，"
                 "并且大力扇着对方耳光，视频中能清晰听到噼里啪啦的巴掌声。", id="inews train-01997 Japanese"),
    # inews train-00004: a commenter's name opening the next comment of a thread
    pytest.param("街樢:建议深圳交警查下这个司机有没有酒驾毕竟喝酒前我是深圳的，喝酒后深圳是我的你識條鐵:粤b牌名声已经"
                 "够臭了，这哥们真的是......这优越感从天而降", id="inews train-00004 user name"),
    pytest.param("我最近在读香港作家的新书《明報月刊》上连载的文章，觉得很有意思，推荐给大家阅读。", id="title in 《》"),
    pytest.param(UDN_2022, id="taiwan udn"),
    pytest.param(CLEAN_TRADITIONAL, id="clean traditional"),
    pytest.param(PEOPLES_DAILY_1998, id="peoples daily"),
    pytest.param(CLEAN_SIMPLIFIED, id="clean simplified"),
]


@pytest.mark.parametrize("text", MIXED_SILENT)
def test_mixed_script_silent(text):
    assert hits("ENC009", text) == []


def _script_findings(texts: dict[str, str], policy: str | None = None) -> set[str]:
    check = check_of("ENC010")
    ctx = OPTIONS if policy is None else RuleContext({**OPTIONS.options, "script": policy})
    features = {name: check.features(Document(name, text, None), ctx) for name, text in texts.items()}
    return {hit.document for hit in check(ctx).reduce(features)}


CORPUS = {"pd": PEOPLES_DAILY_1998, "simplified": CLEAN_SIMPLIFIED, "taiwan": UDN_2022}


def test_script_policy_default_reports_no_document():
    assert OPTIONS["script"] == "any"
    assert _script_findings(CORPUS) == set()


@pytest.mark.parametrize("policy, flagged", [
    ("simplified", {"taiwan"}),
    ("traditional", {"pd", "simplified"}),
    ("auto", {"taiwan"}),
    ("any", set()),
])
def test_script_policy_declared(policy, flagged):
    assert _script_findings(CORPUS, policy) == flagged


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="產業發展学(（)）?chǎnyèfāa1 \n", max_size=60))
def test_pinyin_annotation_spans_lie_inside_the_text(text):
    for hit in hits("ENC006", text):
        assert 0 <= hit.start < hit.end <= len(text)
