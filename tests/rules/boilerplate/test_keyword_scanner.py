"""The keyword scanner (lean patterns, on a cleaned copy where the text is damaged) finds
exactly what the tolerant pattern finds, classified as a per-section fullmatch would."""

import re
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_qa.rules.boilerplate import _keywords
from corpus_qa.rules.boilerplate._cleaned import cleaned
from corpus_qa.text.boilerplate_terms import PHRASE_LISTS, phrases_pattern, sections, traditional_forms

PROMO = "boilerplate_promo.txt"
CREDIT = "boilerplate_credit_labels.txt"
COMMENT = "boilerplate_comment_widget.txt"


@lru_cache(maxsize=None)
def _section_patterns(data_file):
    return [(name, re.compile(phrases_pattern(values)[0])) for name, values in sections(data_file).items() if values]


def reference(data_file, text, start=0, end=None):
    """(section, start, end) as the tolerant pattern and per-section fullmatch find them."""
    end = len(text) if end is None else end
    found = []
    for begin, finish, _ in _keywords._scanner(data_file, tolerant=True).spans(text, start, end):
        words = text[begin:finish]
        name = next(name for name, pattern in _section_patterns(data_file) if pattern.fullmatch(words))
        found.append((name, begin, finish))
    return found


def scanned(data_file, text, start=0, end=None):
    spans = _keywords._phrase_spans(data_file, text, start, len(text) if end is None else end)
    return [(_keywords._section(data_file, phrase, text[b:e]), b, e) for b, e, phrase in spans]


CASES = [
    pytest.param(COMMENT, "昵稱 驗(yàn)證碼 請(qǐng)輸入正確驗(yàn)證碼",
                 [("line", 0, 2), ("line", 3, 11), ("anywhere", 12, 31)], id="annotations"),
    pytest.param(CREDIT, "责 任 编 辑：王蒙", [("strong", 0, 7)], id="spaces"),
    pytest.param(CREDIT, "责任编\u3000\u3000辑", [("strong", 0, 6)], id="ideographic-spaces"),
    pytest.param(CREDIT, "编    辑", [("editor", 0, 1)], id="four-spaces-break-a-phrase"),
    pytest.param(PROMO, "请下载 新京报 客户端", [("anywhere", 0, 11)], id="spaces-in-a-gap"),
    pytest.param(PROMO, "下载 客(kè)户(hù)端(duān)的客户端", [("tail", 0, 14), ("line", 21, 24)], id="annotations-bridged"),
    # the copy's gap (二维码) fits in 12 characters, the original's (with annotations) does not
    pytest.param(PROMO, "下载二(èr)维(wéi)码(mǎ)客户端", [("line", 2, 14), ("line", 18, 21)], id="gap-too-long-with-damage"),
    # the tolerant pattern reads `(app)` as a gap and APP; the copy, which cuts it, hands over
    pytest.param(PROMO, "下载(app)", [("tail", 0, 6)], id="phrase-spelled-in-an-annotation"),
]


@pytest.mark.parametrize("data_file, text, spans", CASES)
def test_damaged_text(data_file, text, spans):
    assert reference(data_file, text) == spans
    assert scanned(data_file, text) == spans


def test_clean_text_needs_no_copy():
    assert cleaned("海量资讯、精准解读，尽在新浪财经APP。") is None


def test_copy_maps_offsets_back():
    text = "驗(yàn)證碼  編 輯"
    copy = cleaned(text)
    assert copy.text == "驗證碼  編輯"
    assert [copy.to_original(i) for i in range(len(copy.text))] == [0, 6, 7, 8, 9, 10, 12]
    assert [copy.to_copy(i) for i in range(len(text) + 1)] == [0, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7]


def _damaged_phrases():
    words = sorted({form for name in PHRASE_LISTS for values in sections(name).values()
                    for phrase in values for form in traditional_forms(phrase)})
    return st.sampled_from(words).map(lambda w: w.replace("…", "新京报"))


DAMAGE = st.sampled_from([
    "(yàn)", "（zhèng）", "(app)", "（qq）", " ", "  ", "   ", "    ", "\t", "\u3000", "\xa0", "(ab)(cd)",
    " (ma) ", "\n", "。", "，", "：", "(", "新京报人民网", "APP", "…", "的", "x" * 12,
])


@st.composite
def damaged_texts(draw):
    parts = []
    for word in draw(st.lists(st.one_of(_damaged_phrases(), DAMAGE), min_size=1, max_size=10)):
        parts.extend(char + (draw(DAMAGE) if draw(st.booleans()) and draw(st.booleans()) else "") for char in word)
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(damaged_texts(), st.sampled_from(PHRASE_LISTS), st.data())
def test_same_matches_as_the_tolerant_pattern(text, data_file, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert scanned(data_file, text, start, end) == reference(data_file, text, start, end)
