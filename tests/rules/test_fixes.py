"""The fixes rules attach to their hits: what applying them gives, whether each is safe, and
(Hypothesis) that applying a rule's fixes never fails, stays inside its hits and makes progress.

Rules: ENC006 pinyin-annotation, ENC011 clashing-punctuation, ENC012 ascii-punctuation-in-cjk,
ENC013 control-character, ENC014 invisible-character, BP001 html-residue; and the rules of lost
characters (ENC003, ENC007, ENC008), which offer none and say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_qa.fixing import overlap
from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules, family_options

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIXING = ("ENC006", "ENC011", "ENC012", "ENC013", "ENC014", "BP001")
NO_REPAIR = "no automatic repair: the characters are lost"


def _context(code: str) -> RuleContext:
    family = "boilerplate" if code.startswith("BP") else "encoding"
    return RuleContext({key: option.default for key, option in family_options()[family].items()})


def hits(code: str, text: str) -> list:
    return list(all_rules()[code].check(Document("doc.txt", text), _context(code)))


def applied(text: str, edits) -> str:
    """The text with the edits (which must not overlap) applied back to front."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def fixed(code: str, text: str) -> tuple[str, list[str | None]]:
    """(the text with every fix of the rule's hits applied, each hit's applicability)."""
    found = hits(code, text)
    edits = [edit for hit in found if hit.fix for edit in hit.fix.edits]
    return applied(text, edits), [None if hit.fix is None else "safe" if hit.fix.safe else "unsafe" for hit in found]


def case(code, text, repaired, applicability, id):
    return pytest.param(code, text, repaired, applicability, id=f"{code}-{id}")


CASES = [
    # ENC006: the annotations go, the characters stay
    case("ENC006", "人工智能產(chǎn)業(yè)變革", "人工智能產業變革", ["safe"], "two-annotations"),
    case("ENC006", "產（chǎn）業（yè）發（fā）展", "產業發展", ["safe"], "full-width-brackets"),
    case("ENC006", "他(ta)們(men)說(shuo)", "他們說", ["safe"], "toneless-readings"),
    case("ENC006", "產(ch?n)業(yè)發(fā)展", "產業發展", ["safe"], "tone-letters-lost"),
    case("ENC006", "產(chǎn)業(yè)發(fā)展多元?jiǎng)?chuàng)新", "產業發展多元??新", ["safe", "unsafe"], "character-lost-keeps-its-?"),
    case("ENC006", "(f)W(xu)D(sh)^\nɽ|ƼW(xu)(j)У^(q)D", "(f)W(xu)D(sh)^\nɽ|ƼW(xu)(j)У^(q)D", [None, None], "orphans-no-fix"),
    # ENC011: one mark where one was meant
    case("ENC011", "2月21日,,市委", "2月21日,市委", ["safe"], "doubled-ascii-comma"),
    case("ENC011", "会议，，，会议", "会议，会议", ["safe"], "tripled-comma"),
    case("ENC011", "会议,，会议", "会议，会议", ["safe"], "one-comma-two-widths"),
    case("ENC011", "甲、、乙", "甲、乙", ["safe"], "doubled-enumeration-comma"),
    case("ENC011", "values 1,,2", "values 1,2", ["unsafe"], "empty-field-of-data"),
    case("ENC011", "召开会议,。", "召开会议。", ["unsafe"], "comma-full-stop"),
    case("ENC011", "北京，、上海", "北京、上海", ["unsafe"], "comma-enumeration-comma"),
    case("ENC011", "你好吗？，他说", "你好吗？他说", ["unsafe"], "question-comma"),
    case("ENC011", "工作，；要", "工作；要", ["unsafe"], "comma-semicolon"),
    case("ENC011", "说：；好", "说：好", ["unsafe"], "colon-semicolon-first-kept"),
    # ENC012: full width between ideographs (a style choice)
    case("ENC012", "效应,探索", "效应，探索", ["unsafe"], "comma"),
    case("ENC012", "甲,乙;丙:丁!戊", "甲，乙；丙：丁！戊", ["unsafe"], "summary-fixes-every-mark"),
    case("ENC012", "你去吗?我在家", "你去吗？我在家", ["unsafe"], "question-asked"),
    case("ENC012", "國?院發布", "國?院發布", [None], "lost-character-not-a-question"),
    # ENC013: controls deleted, line ends kept
    case("ENC013", "\x1b[1m重要通知\x1b[0m：明日停电", "重要通知：明日停电", ["safe", "safe"], "ansi-escapes"),
    case("ENC013", "第一行\r第二行", "第一行\n第二行", ["safe"], "lone-carriage-return"),
    case("ENC013", "第一行\r\r\n第二行", "第一行\r\n第二行", ["safe"], "carriage-return-doubled"),
    case("ENC013", "第一页\x0c第二页", "第一页\n第二页", ["safe"], "form-feed-breaks-a-line"),
    case("ENC013", "第一页\n\x0c\n第二页", "第一页\n\n第二页", ["safe"], "form-feed-between-lines"),
    case("ENC013", "中\x07文", "中文", ["safe"], "bell"),
    case("ENC013", "word\x1fword", "wordword", ["unsafe"], "between-latin-words"),
    case("ENC013", "价格\x85元", "价格元", ["unsafe"], "c1-control"),
    # ENC014: invisible characters deleted
    case("ENC014", "人工\u200b智能", "人工智能", ["safe"], "zero-width-space-in-chinese"),
    case("ENC014", "\ufeff正文", "正文", ["safe"], "bom-at-start"),
    case("ENC014", "Ge\u00adschichte 中文", "Geschichte 中文", ["safe"], "soft-hyphen"),
    case("ENC014", "word\u200bword 中文", "wordword 中文", ["unsafe"], "zero-width-space-between-latin"),
    case("ENC014", "ภาษา\u200bไทย", "ภาษาไทย", ["unsafe"], "thai-word-boundary"),
    case("ENC014", "עברית\u200fabc 中文", "עבריתabc 中文", ["unsafe"], "bidi-beside-hebrew"),
    case("ENC014", "🏴\U000e0067\U000e0062\U000e007f 中文", "🏴 中文", ["unsafe"], "subdivision-flag"),
    # BP001: markup removed, entities unescaped, line breaks kept
    case("BP001", "<p>　　原标题：……</p><!-- news_keyword_pub,stock, -->", "　　原标题：……", ["safe", "safe"], "paragraph"),
    case("BP001", "正文&nbsp;结束&lt;完&gt;", "正文\xa0结束<完>", ["safe", "safe", "safe"], "entities"),
    case("BP001", "&emsp;&emsp;正文", "\u2003\u2003正文", ["safe"], "indenting-entities"),
    case("BP001", "正文<p>第一段</p>结束", "正文\n第一段\n结束", ["safe", "safe"], "block-tags-break-lines"),
    case("BP001", "第一行<br><br>第二行", "第一行\n\n第二行", ["safe"], "each-br-a-line"),
    case("BP001", "第一行<br>\n第二行</p>\n", "第一行\n第二行\n", ["safe", "safe"], "no-break-beside-a-break"),
    case("BP001", "正文<p>第一段</p>\\n第二段", "正文\n第一段\\n第二段", ["safe", "safe"], "escaped-line-break-counts"),
    case("BP001", "<td>名称</td><td>数量</td>", "名称 数量", ["safe", "safe", "safe"], "table-cells"),
    case("BP001", "视频<span class=\"x\">正文</span>结束", "视频正文结束", ["safe", "safe"], "inline-tags"),
    case("BP001", "10<sup>3</sup>米", "103米", ["unsafe"], "sup-carries-meaning"),
    case("BP001", "<style>.a&#123;color:red&#125;</style>\n<div class=\"x\">正文", "\n正文", ["unsafe"], "style-block"),
    case("BP001", "正文<!-- 注释\n第二行 -->结束", "正文结束", ["unsafe"], "comment-over-lines"),
    case("BP001", "正文<!--\\n广告-->结束", "正文结束", ["unsafe"], "comment-over-escaped-lines"),
    case("BP001", "图片 https://img.alicdn.com/a/b.jpg?x-oss-process=image/resize,w_640 正文", "图片  正文", ["unsafe"], "image-url"),
    case("BP001", "食用。\\nb112ecfca6f1d88d441e4ee1f8da9e5c.jpg (469.69 kb， 下载次数: 0)\\n下载附件\\n保存到相册\\n据",
         "食用。\\n\\n据", ["unsafe"], "attachment-row-keeps-the-escaped-line-break-before-it"),
    case("BP001", "正文&#0;结束", "正文\ufffd结束", ["unsafe"], "entity-for-nothing"),
    case("BP001", "---\ntitle: 标题<br>更多\n---\n正文<br>第二行", "---\ntitle: 标题<br>更多\n---\n正文\n第二行", [None, "safe"],
         "frontmatter-left-alone"),
]


@pytest.mark.parametrize("code, text, repaired, applicability", CASES)
def test_fix_repairs_the_text(code, text, repaired, applicability):
    assert fixed(code, text) == (repaired, applicability)


def test_a_run_the_pattern_splits_is_repaired_over_two_rounds():
    # `？，` is one finding and the comma after it is not flagged; the next round takes it
    once, _ = fixed("ENC011", "你好吗？，，他说")
    assert once == "你好吗？，他说"
    assert fixed("ENC011", once) == ("你好吗？他说", ["unsafe"])


def test_double_escaped_entity_is_unescaped_round_by_round():
    once, _ = fixed("BP001", "正文&amp;lt;p&amp;gt;结束")
    assert once == "正文&lt;p&gt;结束"
    assert fixed("BP001", once)[0] == "正文<p>结束"


@pytest.mark.parametrize("code, text", [
    ("ENC003", "往曾厝\ufffd方向"),
    ("ENC007", "下载地址：锟斤拷锟斤拷"),
    ("ENC008", "國?院今天發布通知，要求各部門加強管理。"),
])
def test_lost_characters_have_no_fix_and_say_so(code, text):
    found = hits(code, text)
    assert found and all(hit.fix is None and NO_REPAIR in hit.message for hit in found)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_safe_fixes_leave_no_safe_fix_behind(name):
    """Rule by rule, round by round as `corpus-qa fix` does: the safe fixes run out, and the
    text only ever shrinks or changes where a fix said."""
    original = (SEEDS / name).read_text(encoding="utf-8")
    for code in FIXING:
        text = original
        for _ in range(5):
            edits = [edit for hit in hits(code, text) if hit.fix and hit.fix.safe for edit in hit.fix.edits]
            if not edits:
                break
            text = applied(text, edits)
        assert not [hit for hit in hits(code, text) if hit.fix and hit.fix.safe], (code, name)


# --- properties ------------------------------------------------------------------------------

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(pieces: list[str]):
    return st.lists(st.sampled_from(pieces), max_size=40).map("".join)


CJK = ["中", "文", "的", "是", "產", "業", "发", "展", "吗", "什么", "國", "院"]
LATIN = ["a", "word", "1", " ", "\n"]
TEXTS = {
    # a converter's layer (characters with their readings), damaged, doubled, and the brackets alone
    "ENC006": _texts(CJK + ["產(chǎn)", "業(yè)", "發(fā)", "們(men)", "產(ch?n)", "學(xu)", "?jiǎng)", "產(chǎn)(chǎn)",
                            "(chǎn)", "(", ")", "（yè）", "?", "，", "(j)", "ɽ", "Ƽ(xu)"]),
    "ENC011": _texts(CJK + LATIN + list(",，、;；:：。？！") + ["，，", "？，，", ",。"]),
    "ENC012": _texts(CJK + LATIN + list(",;:!?，") + ["中,文", "吗?我", "國?院", "甲;乙:丙!"]),
    "ENC013": _texts(CJK + LATIN + ["\x00", "\x07", "\x0b", "\x0c", "\r", "\r\n", "\x1b", "\x1b[31m", "\x85", "\x9b"]),
    "ENC014": _texts(CJK + LATIN + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200f", "\u202e",
                                    "\u3164", "\U000e0067", "🏴", "😀", "ש", "ไ", "\u0e48"]),
    "BP001": _texts(CJK + LATIN + ["<p>", "</p>", "<br>", "<br/>", "<div class=\"x\">", "</div>", "<td>", "</td>",
                                   "<sup>", "</sup>", "<span>", "<!-- c -->", "<!--", "-->", "&nbsp;", "&amp;",
                                   "&lt;", "&gt;", "&#0;", "&#13;", "<style>", "</style>", "<script>x</script>",
                                   "https://a.cn/b.jpg", " src=\"a.jpg\" />", "---\n", "title: x\n", "\t", "　"]),
}


def _progress(code: str, text: str):
    """Apply the rule's fixes once: check every edit lies inside the text and its hit (the
    summarising ENC012 finding: at a mark it counts), that no two overlap; return the new text."""
    found = hits(code, text)
    edits = []
    for hit in found:
        if hit.fix is None:
            continue
        assert hit.fix.edits and hit.fix.summary
        for edit in hit.fix.edits:
            assert 0 <= edit.start <= edit.end <= len(text)
            if code == "ENC012":
                assert text[edit.start : edit.end] in ",;:!?"
            else:
                assert hit.start <= edit.start and edit.end <= hit.end, (hit, edit)
        if any(overlap(edit, taken) for edit in hit.fix.edits for taken in edits):
            continue  # a rule's hits may overlap (ENC004: two kinds of mojibake meet): as the engine
            # merges them, the later one's edits wait for the next round
        edits.extend(hit.fix.edits)
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))
    return found, applied(text, edits) if edits else None


def _flagged(found) -> int:
    """How many defects the hits stand for (ENC012's summarising hit: every mark it counts)."""
    return sum(hit.data.get("count", 1) if hit.data else 1 for hit in found)


@SETTINGS
@pytest.mark.parametrize("code", FIXING)
@given(data=st.data())
def test_fixes_make_progress_and_run_out(code, data):
    """Applying a rule's fixes never fails and makes progress at the places fixed (the rule
    flags fewer defects, or the text is shorter: `？，，` takes two rounds); repeated as
    `corpus-qa fix` does, the fixes run out within its ten rounds."""
    text = data.draw(st.one_of(TEXTS[code], st.text(max_size=120)))
    for _ in range(10):
        found, repaired = _progress(code, text)
        if repaired is None:
            return
        assert repaired != text
        assert _flagged(hits(code, repaired)) < _flagged(found) or len(repaired) < len(text), (text, repaired)
        text = repaired
    pytest.fail(f"{code}: fixes still offered after ten rounds: {text!r}")


# --- ENC004 cjk-mojibake, ENC005 latin-mojibake, ENC015 broken-line ----------------------------
# Mojibake is replaced by its re-decoding: safe only when exact both ways, in every variant of
# the codecs, reading as Chinese, and the span is all of the mojibake; a broken line is joined.

REDECODING_CASES = [
    # ENC004: UTF-8 read as GBK (self-checking: safe even glued to clean text)
    case("ENC004", "鐧惧害鍦板浘", "百度地图", ["safe"], "utf8-as-gbk"),
    case("ENC004", "鏃堕棿鐪嬬嫭瀹剁垎鏂欏拰娣卞害鎶ラ亾鍚楋紵", "时间看独家爆料和深度报道吗？", ["safe"], "utf8-as-gbk-with-marks"),
    case("ENC004", "TDSQL杩涘叆绗洓闃舵锛屾垜浠", "TDSQL杩涘叆绗洓闃舵锛屾垜浠", [None], "utf8-as-gbk-bytes-lost-no-fix"),
    # GBK read as Big5: a whole clause is safe; beside an ideograph the mojibake may go on
    case("ENC004", "标题：扂蠅踏毞悝炾。", "标题：我们今天学习。", ["safe"], "gbk-as-big5-whole-clause"),
    case("ENC004", "标题扂蠅踏毞悝炾。", "标题我们今天学习。", ["unsafe"], "gbk-as-big5-beside-an-ideograph"),
    # Big5 variants disagree on the kana rows: わ is C776 in Big5, C6F3 in Big5-HKSCS (企 in GBK)
    case("ENC004", "扂蠅腔蚳模迵わ珛腔磁釬竭疑", "我们的专家与莢业的合作竭疑", ["unsafe"], "gbk-as-big5-codec-variants-disagree"),
    # GBK bytes re-paired (a byte dropped): never exact
    case("ENC004", "?qū)<摇⑵髽I", "qū)<、企業", ["unsafe"], "gbk-misaligned"),
    # GBK read as Latin-1
    case("ENC004", "语言：¼òÌåÖÐÎÄ×ÊÁÏ", "语言：简体中文资料", ["safe"], "gbk-as-latin1"),
    # ENC005: UTF-8 read as cp1252
    case("ENC005", "语言: ç®€ä½“ä¸\xadæ–‡", "语言: 简体中文", ["safe"], "utf8-as-cp1252"),
    case("ENC005", "引文：â€œä¸\xadæ–‡â€\x9d", "引文：“中文”", ["safe"], "latin1-c1-control-kept-as-its-byte"),
    case("ENC005", "ã€€ã€€正文", "\u3000\u3000正文", ["safe"], "ideographic-spaces"),
    case("ENC005", "ä¸\xad æ–‡", "中文", ["unsafe"], "pieces-around-a-space-not-exact"),
    case("ENC005", "Îä¾¯²¿", "Î侯²¿", ["unsafe"], "piece-of-a-longer-latin-run"),
    case("ENC005", "åºå½æ°çåºç¨", "åºå½æ°çåºç¨", [None], "bytes-lost-no-fix"),
    # ENC015: the break deleted; unsafe after a sentence-final particle
    case("ENC015", "積極開展人工智能高質量數據集建設。著力發展智能網聯新能源汽車、人工智能手機和電腦，著力發展智能網聯新\n"
         "能源汽車和電腦。", "積極開展人工智能高質量數據集建設。著力發展智能網聯新能源汽車、人工智能手機和電腦，著力發展智能網聯新"
         "能源汽車和電腦。", ["safe"], "traditional"),
    case("ENC015", "积极开展人工智能高质量数据集建设。著力发展智能网联新能源汽车、人工智能手机和电脑，着力发展智能网联新\r\n"
         "能源汽车和电脑。", "积极开展人工智能高质量数据集建设。著力发展智能网联新能源汽车、人工智能手机和电脑，着力发展智能网联新"
         "能源汽车和电脑。", ["safe"], "simplified-crlf"),
    case("ENC015", "即使是绿色和平组织的成员，谁还会对杀猪宰羊、烤鸭烧鸡再说什么呢？鸿雁若从此不飞，与鸡鸭的下场岂不是一样的\n"
         "看京剧《沙家浜》，郭建光唱。", "即使是绿色和平组织的成员，谁还会对杀猪宰羊、烤鸭烧鸡再说什么呢？鸿雁若从此不飞，与鸡鸭的下场"
         "岂不是一样的看京剧《沙家浜》，郭建光唱。",
         ["unsafe"], "after-a-final-particle"),
]


@pytest.mark.parametrize("code, text, repaired, applicability", REDECODING_CASES)
def test_redecoding_and_line_join_fixes(code, text, repaired, applicability):
    assert fixed(code, text) == (repaired, applicability)


CLEAN = [
    "国务院新闻办公室今天举行新闻发布会，介绍人工智能产业发展情况。记者了解到，工信部将全力推进。\n"
    "该方案从国家高度对人工智能的应用做出规划，强调了数据和应用场景的重要性。",
    "國務院新聞辦公室今天舉行新聞發布會，介紹人工智能產業發展情況。記者了解到，工信部將全力推進。\n"
    "該方案從國家高度對人工智能的應用做出規劃，強調了數據和應用場景的重要性。",
    "汩汩流水，佼佼者；语言：中文（简体）。Café résumé naïve — “quoted” … 100€",
    "鸿雁若从此不飞，与鸡鸭的下场岂不是一样的。\n看京剧《沙家浜》。",
]


@pytest.mark.parametrize("code", ["ENC004", "ENC005", "ENC015"])
@pytest.mark.parametrize("text", CLEAN, ids=["simplified", "traditional", "rare-words-and-latin", "short-lines"])
def test_clean_text_offers_no_redecoding_or_join(code, text):
    assert fixed(code, text) == (text, [])


@pytest.mark.parametrize("code", ["ENC004", "ENC005", "ENC015"])
@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_redecoding_and_join_fixes_run_out(code, name):
    text = (SEEDS / name).read_text(encoding="utf-8")
    for _ in range(5):
        edits = [edit for hit in hits(code, text) if hit.fix and hit.fix.safe for edit in hit.fix.edits]
        if not edits:
            break
        text = applied(text, edits)
    assert not [hit for hit in hits(code, text) if hit.fix and hit.fix.safe], (code, name)


_MOJIBAKE_PIECES = CJK + LATIN + ["。", "：", "，", "鐧惧害", "鍦板浘", "扂蠅", "踏毞悝炾", "¼òÌå", "ÖÐÎÄ", "ç®€ä½“", "ä¸\xadæ–‡",
                                  "â€œ", "ã€€", "Îä¾¯²¿", "?", "⑵髽I", "涓", "\ufffd"]
REDECODING_TEXTS = {
    "ENC004": _texts(_MOJIBAKE_PIECES),
    "ENC005": _texts(_MOJIBAKE_PIECES),
    "ENC015": _texts(CJK + ["，", "。", "\n", "\r\n", "的", "积极开展人工智能高质量数据集建设。著力发展智能网联新能源汽车，着力发展智能"]),
}


@SETTINGS
@pytest.mark.parametrize("code", sorted(REDECODING_TEXTS))
@given(data=st.data())
def test_redecoding_and_join_fixes_stay_inside_and_run_out(code, data):
    text = data.draw(REDECODING_TEXTS[code])
    for _ in range(10):
        found, repaired = _progress(code, text)
        if repaired is None:
            return
        assert repaired != text
        text = repaired
    pytest.fail(f"{code}: fixes still offered after ten rounds: {text!r}")
