"""Repetition inside one document below the long paragraph: DUP003 (short paragraphs printed
twice in a row), DUP007 repeated-phrase (a unit repeated in a row inside one line) and DUP008
repeated-sentence (a sentence printed again elsewhere). Real excerpts name their source."""

from __future__ import annotations

import pytest
from dup_excerpts import DAILY_18, PD_PARAGRAPHS
from dup_helpers import SEEDS, assert_excerpts_match, check, findings_for

from corpus_qa.text.script import traditional_variants

ARTICLE = "\n".join(PD_PARAGRAPHS) + "\n"

# taiwan-news-covid-2022-trad, udn_covid_10.csv record 9 (udn_covid_10-009): a photo-caption
# carousel flattened into the last line of a paragraph
UDN_CAROUSEL = (
    "許以霖表示，新化年貨大街明天也將停業一天，請在23日曾前往逛街者，一旦有症狀出現，要盡快篩檢。"
    "台南市政府今天前往新化年貨大街消毒。圖／市府提供台南市今天新增兩確診個案。圖／市府提供"
    "台南市政府今天前往新化年貨大街消毒。圖／市府提供台南市今天新增兩確診個案。圖／市府提供"
    "台南市今天新增兩確診個案。圖／市府提供"
)
CAROUSEL_PAIR = "台南市政府今天前往新化年貨大街消毒。圖／市府提供台南市今天新增兩確診個案。圖／市府提供"
CAROUSEL_ONE = "台南市今天新增兩確診個案。圖／市府提供"
# ccf-bdci2019-inews train-02707: the summary printed twice in a row after [摘要]
INEWS_SUMMARY = (
    "曾因抢劫、醉驾、寻衅滋事“四进宫”，出狱后不思悔改，拜狱友为“师”苦练行窃本领，两人雇来专职司机合伙作案40余起，"
    "在旬阳县再次打算作案时被警方“瓮中捉鳖”。日前，3名犯罪嫌疑人已被旬阳警方移送检察机关起诉。"
)
# ccf-bdci2019-inews train-00681: an unpunctuated sentence pasted twice
INEWS_UNPUNCTUATED = "经过呼气式酒精检测仪检测该驾驶人的酒精含量为45mg/100ml已经达到酒后驾驶的标准"
# taiwan-news-covid-2022-trad, ltn_covid_10.csv (news.ltn.com.tw …/3811447): the photo caption
LTN_CAPTION = "高雄新增8例足跡。（衛生局提供）"
# ltn …/3811494: the caption above the story is a sentence of the story
LTN_PAXLOVID = "輝瑞預期本季全球可以生產大約700萬個療程的「Paxlovid」，年底前生產1.2億個療程。"
# ccf-bdci2019-inews train-00025 (title of a related post) printed twice as the title
INEWS_TITLE = "石家庄通报“奥迪致2死5伤车祸”：初步认定驾驶员癫痫发作"

FIRES = [
    # (case, text, rule, excerpts of the findings)
    ("udn caption carousel (udn_covid_10-009): two repeats in a row, one finding",
     f"{PD_PARAGRAPHS[0]}\n{UDN_CAROUSEL}\n", "DUP007", [CAROUSEL_PAIR + CAROUSEL_ONE]),
    ("iNews summary twice in a row (train-02707)",
     f"[摘要]{INEWS_SUMMARY}{INEWS_SUMMARY}今年6月份，旬阳县城区连续发生3起入室盗窃案。\n", "DUP007", [INEWS_SUMMARY]),
    ("iNews sentence without punctuation twice (train-00681)",
     f"随后该车辆驾驶人被带到东营执法站进行询问{INEWS_UNPUNCTUATED}{INEWS_UNPUNCTUATED}最后在酒精检测结果面前驾驶人终于承认\n",
     "DUP007", [INEWS_UNPUNCTUATED]),
    ("a headline pasted twice with a space", f"{INEWS_TITLE} {INEWS_TITLE}\n{ARTICLE}", "DUP007", [INEWS_TITLE]),
    ("LTN caption printed twice in a row", f"{LTN_CAPTION}\n{LTN_CAPTION}\n{DAILY_18}", "DUP003", [LTN_CAPTION]),
    ("a title and byline printed twice", f"{INEWS_TITLE}\n记者 王佳\n{INEWS_TITLE}\n记者 王佳\n{ARTICLE}", "DUP003",
     [f"{INEWS_TITLE}\n记者 王佳"]),
    ("the same short line in two markups", f"<p>{LTN_CAPTION}</p>\n<p>　　{LTN_CAPTION}</p>\n{ARTICLE}", "DUP003",
     [LTN_CAPTION]),
    ("LTN caption sentence again in the story (…/3811494)",
     f"{LTN_PAXLOVID}（路透）\n〔編譯陳成良／綜合報導〕南韓14日開始採用輝瑞藥廠開發的口服藥。\n目前「Paxlovid」的供應仍然有限。{LTN_PAXLOVID}\n",
     "DUP008", [LTN_PAXLOVID]),
    ("a lead sentence again, once traditional", f"{PD_PARAGRAPHS[1]}\n{PD_PARAGRAPHS[2]}\n"
     f"{traditional_variants(PD_PARAGRAPHS[1].split('。')[0] + '。')[1]}\n", "DUP008",
     [traditional_variants(PD_PARAGRAPHS[1].split("。")[0] + "。")[1]]),
]

SILENT = [
    # (case, text)
    ("People's Daily paragraphs", ARTICLE),
    ("a clean traditional report (China Times, chinatimes_covid_10.csv)", DAILY_18),
    ("anadiplosis (People's Daily, 1998-01)", "不得危害地震监测设施和地震观测环境。地震观测环境应当按照国家有关规定划定保护范围。\n"),
    ("a table's header row (People's Daily, 1998-01)", "企业从业人员（人）总量平均每镇总量平均每镇\n全国５１２\n"),
    ("a quotation said twice (People's Daily, 1998-01)", "人们争着和我握手：‘孔书记的女儿，孔书记的女儿。’我一时说不出话来。\n"),
    ("a heading and a sentence that opens with it (iNews train-02753)",
     "3、日支婚姻宫坐伤官的女人 日支婚姻宫坐伤官的女人，不论喜忌，均主克夫。\n"),
    ("parallel structure", "一是加强组织领导，二是加强组织协调，三是加强督促检查，四是加强宣传引导。\n"),
    ("laughter and thanks", "哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈\n谢谢谢谢谢谢谢谢谢谢谢谢谢谢谢谢\n"),
    ("figures", "12.5 13.6 12.5 13.6 12.5 13.6 12.5 13.6\n2019\n2019\n"),
    ("separators, bullets and one-character lines",
     f"{PD_PARAGRAPHS[0]}\n----\n----\n***\n***\n•\n•\n好\n好\n{PD_PARAGRAPHS[1]}\n"),
    ("a two-character line twice (a poem's refrain, iNews train-00038)", "剩下的日子都是下雨\n下雨\n下雨\n别问我大冬天下雨是什么感觉\n"),
    ("a label over each of two replies (iNews train-02297)", "网友回复：\n网友回复：\n医学也是科学。\n"),
    ("code repeats lines", "```\nprint('hello world again')\nprint('hello world again')\n```\n"),
    ("a legal formula printed in every article (iNews train-05103)",
     "第七条 由银监会受理、审查并决定。银监会自受理之日起3个月内作出批准或不批准的书面决定。\n"
     "第八条 由银监局受理、审查并决定。银监会自受理之日起3个月内作出批准或不批准的书面决定。\n"
     "第九条 由银监分局受理。银监会自受理之日起3个月内作出批准或不批准的书面决定。\n"),
    ("CSS residue repeated in a row (iNews dev-00881)",
     'style="margin-bottom: 10px; white-space: normal; text-indent: 2em; line-height: 1.5em;"' * 3 + "正文。\n"),
    ("a heading repeated without closing punctuation", f"一、义务教育公办学校招生工作的主要安排\n{ARTICLE}一、义务教育公办学校招生工作的主要安排\n"),
]

RULES = ("DUP003", "DUP007", "DUP008")


def findings(tmp_path, text):
    return [f for f in findings_for(tmp_path, {"a.txt": text}, select="DUP") if f.rule in RULES]


@pytest.mark.parametrize("case, text, rule, excerpts", FIRES, ids=[c[0] for c in FIRES])
def test_repetition_fires(tmp_path, case, text, rule, excerpts):
    found = findings(tmp_path, text)
    assert [(f.rule, f.excerpt) for f in found] == [(rule, excerpt) for excerpt in excerpts]
    for finding in found:
        for part in finding.data.get("parts", [finding.data]):
            data = part.get("data", part)
            assert data["first_start"] < part.get("start", finding.start)
            assert text[data["first_start"] : data["first_end"]] and data["first_line"] >= 1
    assert_excerpts_match(found, {"a.txt": text})


@pytest.mark.parametrize("case, text", SILENT, ids=[c[0] for c in SILENT])
def test_repetition_stays_silent(tmp_path, case, text):
    assert findings(tmp_path, text) == []


def test_the_carousel_repeats_point_at_their_first_copies(tmp_path):
    text = f"{UDN_CAROUSEL}\n"
    (finding,) = findings(tmp_path, text)
    assert finding.data["count"] == 2
    pair, one = finding.data["parts"]
    assert text[pair["start"] : pair["end"]] == CAROUSEL_PAIR and text[one["start"] : one["end"]] == CAROUSEL_ONE
    assert text[pair["data"]["first_start"] : pair["data"]["first_end"]] == CAROUSEL_PAIR
    assert text[one["data"]["first_start"] : one["data"]["first_end"]] == CAROUSEL_ONE
    # the first part's message opens the finding's; parts repeat a message only where it differs
    assert pair["data"]["copies"] == 2 and "message" not in pair
    assert finding.message.startswith("phrase repeated in a row") and "printed once more right after line 1" in finding.message


def test_a_repeated_paragraph_explains_the_sentences_and_phrases_inside_it(tmp_path):
    # the rsshub 证券时报网 post prints one paragraph twice: DUP003 alone reports it
    text = f"{PD_PARAGRAPHS[0]}\n{PD_PARAGRAPHS[1]}\n{PD_PARAGRAPHS[1]}\n"
    assert [f.rule for f in findings(tmp_path, text)] == ["DUP003"]


def test_a_sentence_repeated_is_information_only(tmp_path):
    text = FIRES[7][1]
    (finding,) = findings(tmp_path, text)
    assert finding.severity.label == "info"


def test_the_seeds_repeat_nothing():
    assert [f for f in check(SEEDS, select="DUP") if f.rule in RULES] == []
