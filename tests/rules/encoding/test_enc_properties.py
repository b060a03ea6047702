"""Hypothesis properties of the ENC family: no crash on any text or bytes, spans inside the
text, and clean text converted with OpenCC stays clean."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file


from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_qa.model import Document
from corpus_qa.sources.decode import decode
from enc_helpers import OPTIONS, TEXT_RULES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Chinese-looking text with the pieces the rules look for: punctuation, `?`, controls,
# markers, Latin-1 mojibake letters, kana, pinyin annotations.
CJKISH = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("，。、；：？！“”（）《》?,.;:()!\n \u200b\ufeff\x1b\x07锟斤拷烫屯ÃÂ©ç®€ä½“⑵\ufffd")),
        st.sampled_from(["(chǎn)", "(yè)", "(xu)", "\x1b[31m", "\r\n"]),
        st.characters(min_codepoint=0x20, max_codepoint=0x2FF),
        st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),
    ),
    max_size=120,
).map("".join)


def _all_hits(text):
    doc = Document("doc.txt", text, None)
    return [(code, hit) for code, rule in TEXT_RULES.items() for hit in rule.check(doc, OPTIONS)]


@SETTINGS
@given(st.one_of(st.text(max_size=300), CJKISH))
def test_any_text_gives_spans_inside_the_text(text):
    for code, hit in _all_hits(text):
        assert 0 <= hit.start <= hit.end <= len(text), (code, hit)
        assert isinstance(hit.message, str) and hit.message


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_decode_and_check_without_crashing(raw):
    decoded = decode(raw)
    doc = Document("doc.txt", decoded.text, raw, encoding=decoded.encoding, losses=decoded.losses)
    for code, rule in TEXT_RULES.items():
        for hit in rule.check(doc, OPTIONS):
            assert 0 <= hit.start <= hit.end <= len(doc.text)


CLEAN_SENTENCES = [
    "新华社北京1月5日电，国家统计局今天发布数据，去年全国粮食总产量达到六千五百亿公斤。",
    "专家表示，粮食生产连续多年保持稳定，为经济社会发展提供了有力支撑。",
    "在１９９８年来临之际，我十分高兴地通过中央人民广播电台向全国各族人民致以新年的祝贺。",
    "会议要求，各地要加快推进人工智能与实体经济深度融合，培育发展新质生产力。",
    "他说：“我们一定要把这项工作做好。”——这是记者在现场听到的话。",
    "中央流行疫情指挥中心今(25)日表示，因应国内本土疫情升温，提供民众预约接种疫苗追加剂。",
]


@lru_cache(maxsize=None)
def _converter(name):
    from opencc import OpenCC

    return OpenCC(name)


@SETTINGS
@given(st.lists(st.sampled_from(CLEAN_SENTENCES), min_size=1, max_size=6), st.sampled_from(["s2t", "s2tw", "s2hk", "s2twp"]))
def test_clean_text_converted_with_opencc_stays_clean(sentences, conversion):
    text = "".join(sentences)
    for version in (text, _converter(conversion).convert(text)):
        assert _all_hits(version) == [], version
