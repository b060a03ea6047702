"""Editor, source and byline credits appended to the text by the publishing system.

What it flags:
    Credit fields that a portal or CMS appends to (or prepends before) the article:
    责任编辑：王蒙, （责任编辑：黄颖乐_sz101）, 编辑：赵书艺 审核：杨雪 终审：李向文,
    来源：光明网, 本文来源：现代快报, 新聞來源：TAIPEI TIMES, and Sohu's empty field
    `责任编辑：`. Credits that touch each other form one block and one finding, brackets
    included. The message names the labels that fired (evidence: keyword).

    A CMS field name (责任编辑, 审核, 来源 ...) with a separator and a short name is enough.
    编辑 and 主编 are also common words (亲爱的编辑：…), and 作者/记者/通讯员 are how an
    article names its own authors (本报记者 …, （记者 缪璐）, 〔記者吳亮儀／台北報導〕): they
    count only next to an editor or source credit (编辑 also on a line of its own, 记者 and
    摄影 never alone). A bracketed sign-off that closes a paragraph counts too, with the
    wire service's date code after it: （编辑：张琛）, 中央社's （編輯：陳惠珍）1101218 and
    （譯者：李晉緯/核稿：陳亦偉）1110111 (the seven digits are a ROC date, year 110, 12-18).
    Compounds such as 资金来源：自筹 and a 记者： question in an interview are left alone.
    Credits are reported on the first line of the text or after the article, not between
    two stories of a newspaper page (a printed page's own 责任编辑 line followed by more
    prose). Of a web page only the article and its vicinity are read (corpus_qa.page;
    BP014 sums up the rest).

Why it matters:
    Editor codes and names repeat across a site's whole archive, are not part of the
    story, and leak personal names into training data.

Example:
    bad:  …带动性强的应用场景。\n编辑：郭夏杰；责编：郭夏杰
    good: …带动性强的应用场景。

Fix:
    Keep credits as metadata fields (author, editor, source) and remove them from the
    text in the cleaning step.
    `corpus-qa fix --unsafe-fixes` deletes the credit with the line breaks before it, or,
    closing a sentence, with its brackets and the space before it. Unsafe: it deletes
    text (a name the text may need).
    Of a web page no fix is offered: the text read stands for the page's markup.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _blocks, _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

DATA = "boilerplate_credit_labels.txt"
_SEPARATOR = re.compile(r"[ \t\u3000\xa0]*[：:|｜丨/／][ \t\u3000\xa0]*")
_BRACKET_SEPARATOR = re.compile(r"[ \t\u3000\xa0]+(?=\S)")  # 【编辑 甄曦】
_NAME_CHAR = r"[^\s，,。；;！？!?：:|｜丨/／<>()（）【】\[\]{}“”\"‘’《》\\●◆■▲▼►▶★☆▍]"
_VALUE = re.compile(rf"{_NAME_CHAR}{{1,21}}(?:[ \u3000\xa0、]{_NAME_CHAR}{{1,10}}){{0,3}}")
_STOP = re.compile(
    r"返回|欢迎|转载|轉載|版权|版權|声明|聲明|长按|長按|扫描|掃描|扫码|掃碼|关注|關注|点击|點擊|本文|更多|原标题|原標題"
    r"|未经|未經|如有|免责|免責|分享|投稿|微信|http|www\\.|推荐|推薦|阅读|閱讀|热文|熱文|往期|精彩|下载|下載|二维码|二維碼"
    r"|公众号|公眾號|客户端|客戶端"
)
_NEXT_LINE_NAME = re.compile(rf"[ \t\u3000\xa0]*(?:\r?\n|\\n)[ \t\u3000\xa0]*{_NAME_CHAR}{{1,12}}(?=[ \t\u3000\xa0]*(?:\r?\n|\\n|$))")
_BRACKETS = {"（": "）", "(": ")", "[": "]", "【": "】", "〔": "〕"}
_MAX_NAME = 14  # 王旭杰_no5107, 张恒星 SF142, 杨凡、杨婷婷
_MAX_SOURCE = 20  # 光明网-时评频道, 新华社新媒体专线
_SOURCE_WORDS = re.compile("来源|來源|转|轉|链接|鏈接|地址")
_OUTLET = re.compile(
    r"(?:微信|官方)?(?:公众号|公眾號|客户端|客戶端|微博|微信号|微信號|微信)(?:截图|截圖)?"
    r"(?=[ \t\u3000\xa0]|\r?\n|\\n|$|[|｜丨/／,，;；)）】]|记者|記者)"
)
_SIGN_OFF_END = re.compile(r"[ \t\u3000\xa0]*(?:\d{6,8})?[ \t\u3000\xa0]*(?=\r?\n|\\n|$)")
_GAP = re.compile(r"[\s\\n|｜丨/／,，、;；。·•◆●▍\-—?？]{0,8}")


def check(doc, ctx):
    return _blocks.removable(doc, _hits(doc, ctx), "remove the credit")


def _hits(doc, ctx):
    if not _text.checks(doc):
        return
    text = doc.text
    start = _text.body_start(doc)
    labels = [(s, m) for s, m in finditer(DATA, text, start) if _SEPARATOR.match(text, m.end()) or _bracketed(text, m)]
    candidates = []
    for index, (section, match) in enumerate(labels):
        next_label = labels[index + 1][1].start() if index + 1 < len(labels) else len(text)
        credit = _credit(text, section, match, next_label)
        if credit is not None:
            candidates.append(credit)
    if not candidates:
        return
    line_spans = _text.lines(text, start)
    accepted = [c for c in candidates if _accept(text, c, candidates, line_spans) or _sign_off(text, c, candidates)]
    first_line_end = line_spans[0][1] if line_spans else start
    for hit in _credit_blocks(text, accepted):
        if hit.start < first_line_end or not _text.article_continues(text, hit.end):
            yield hit


def _credit(text, section, match, next_label):
    label_start, label_end = match.span()
    separator = _SEPARATOR.match(text, label_end) or _bracketed(text, match)
    value_start = separator.end()
    value = _VALUE.match(text, value_start)
    value_end = value_start
    if value is not None:
        value_end = value.end()
        stop = _STOP.search(text, value_start + 1, value_end)
        cuts = [at for at in (next_label, stop.start() if stop else None) if at is not None and value_start <= at < value_end]
        cuts = [at for at in cuts if at > value_start or at == next_label]
        if cuts:  # 编辑：黄凤乾编审：刘娜, 图文来源：网络版权归原作者所有
            value_end = min(cuts)
            outlet = _OUTLET.match(text, value_end)
            if outlet and value_end > value_start and value_end != next_label:
                value_end = outlet.end()  # 来源：浙江新闻客户端, 来源：新闻坊微信公众号: the outlet's name
        elif value_end < len(text) and _is_word(text[value_end]):
            return None  # ran on past any name: a sentence, not a credit
        while value_end > value_start and text[value_end - 1] in _text.SPACE + "、":
            value_end -= 1
    if value_end == value_start:  # 责任编辑：⏎焦鹏 — the name went to the next line
        below = _NEXT_LINE_NAME.match(text, value_start)
        if below and next_label >= below.end():
            value_end = below.end()
    name = text[value_start:value_end].strip()
    label = clean(match.group())
    if len(name) > (_MAX_SOURCE if _SOURCE_WORDS.search(label) else _MAX_NAME):
        return None
    if not name and (section != "strong" or not _ends_field(text, value_end)):
        return None
    if section != "strong" and value_end < len(text) and text[value_end] in "。？！?!":
        return None  # 记者：您怎么看？ is an interview, not a byline
    return {"start": label_start, "end": value_end, "section": section, "label": label,
            "boundary": label_start == 0 or not _is_word(text[label_start - 1])
            or _text.after_escaped_break(text, label_start)}


def _bracketed(text, match):
    """【编辑 甄曦】: inside brackets a space separates label and name."""
    if match.start() > 0 and text[match.start() - 1] in _BRACKETS:
        return _BRACKET_SEPARATOR.match(text, match.end())
    return None


def _is_word(char):
    return char.isalnum() and char not in "\u3000"


def _ends_field(text, position):
    """Nothing but white space or another field follows an empty label."""
    rest = text[position:position + 12]
    return not rest.strip() or rest.lstrip().startswith(("\\n", "返回", "<")) or bool(re.match(r"\s", rest))


def _accept(text, credit, candidates, line_spans):
    section = credit["section"]
    if section == "strong":
        return credit["boundary"] or len(credit["label"]) >= 4 or _has_neighbour(credit, candidates)
    # a byline counts only beside an editor or source field; 图: and 文: never on their own
    neighbour = _has_neighbour(credit, candidates, ("strong", "editor") if section == "byline" else None)
    if neighbour:
        return True
    if section == "byline" or not credit["boundary"] or len(credit["label"]) < 2:
        return False
    return _stands_alone(text, credit, candidates, line_spans)


def _sign_off(text, credit, candidates):
    """（编辑：张琛） or （譯者：…/核稿：…）1110111 closing its line: the bracket holds only
    credits and nothing but a date code follows it."""
    if credit["section"] == "byline":
        return False
    opening = text.rfind("（", max(0, credit["start"] - 40), credit["start"] + 1)
    opening = max(opening, text.rfind("(", max(0, credit["start"] - 40), credit["start"] + 1))
    if opening == -1:
        return False
    closing = _BRACKETS[text[opening]]
    close = text.find(closing, credit["end"], credit["end"] + 40)
    if close == -1 or not _SIGN_OFF_END.match(text, close + 1):
        return False
    inside = sorted((c for c in candidates if opening < c["start"] and c["end"] <= close), key=lambda c: c["start"])
    position = opening + 1
    for other in inside:
        if not _GAP.fullmatch(text, position, other["start"]):
            return False
        position = other["end"]
    return bool(inside) and _GAP.fullmatch(text, position, close) is not None


def _has_neighbour(credit, candidates, sections=None):
    for other in candidates:
        if other is credit or (sections and other["section"] not in sections):
            continue
        if 0 <= credit["start"] - other["end"] <= 16 or 0 <= other["start"] - credit["end"] <= 16:
            return True
    return False


def _stands_alone(text, credit, candidates, line_spans):
    line_start, line_end = line_spans[_text.line_of(line_spans, credit["start"])]
    outside = text[line_start:line_end]
    for other in candidates:
        if other["start"] >= line_start and other["end"] <= line_end:
            outside = outside.replace(text[other["start"]:other["end"]], "", 1)
    return sum(1 for c in outside if _is_word(c)) <= 2


def _credit_blocks(text, accepted):
    accepted.sort(key=lambda c: c["start"])
    block = None
    for credit in accepted:
        if block and credit["start"] <= block["end"] + 16 and _GAP.fullmatch(text, block["end"], credit["start"]):
            block["end"] = max(block["end"], credit["end"])
            block["labels"].append(credit["label"])
            continue
        if block:
            yield _hit(text, block)
        block = {"start": credit["start"], "end": credit["end"], "labels": [credit["label"]]}
    if block:
        yield _hit(text, block)


def _hit(text, block):
    start, end = block["start"], block["end"]
    if start > 0 and text[start - 1] in _BRACKETS:
        closing = _BRACKETS[text[start - 1]]
        close = text.find(closing, end, end + 3)
        if close != -1 and not text[end:close].strip():
            start, end = start - 1, close + 1
            code = _SIGN_OFF_END.match(text, end)
            if code and text[end:code.end()].strip():  # the wire's date code: （編輯：陳惠珍）1101218
                end += len(text[end:code.end()].rstrip())
    labels = list(dict.fromkeys(block["labels"]))
    evidence = ", ".join(f"keyword {label}" for label in labels[:4])
    message = f"editor/source credit ({evidence}): {_text.short_excerpt(text[start:end])}"
    return Hit(start, end, message, {"evidence": [{"kind": "keyword", "text": label} for label in labels]})


RULE = Rule("BP005", "editor-credit", Category.BOILERPLATE, Severity.WARNING, check=check)
