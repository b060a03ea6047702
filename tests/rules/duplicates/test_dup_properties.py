"""Properties: normalisation equals its plain definition, fingerprints never crash and locate
correctly, clustering never crashes and does not depend on the order of the documents."""

from __future__ import annotations

from dup_excerpts import DAILY_17, DAILY_18, INEWS_FULLWIDTH, PD_PARAGRAPHS, SINA_PLAIN, STCN_REPEATED
from hypothesis import HealthCheck, given, settings, strategies as st

from corpus_qa.corpus.dedup import analyse
from corpus_qa.corpus.fingerprint import fingerprint_document
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules, family_options
from corpus_qa.text.normalise import hash_form, hash_form_reference

CJK_AND_FRIENDS = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
        st.sampled_from([*"，。、“”「」（）！？：；…—\u3000 \n\r\tp發產後ﾞｶ카\u0301é", "\\n", "<p>", "</p>", "<br>"]),
        st.characters(),
    ),
    max_size=300,
).map("".join)
SETTINGS = DuplicateSettings()
DEFAULTS = RuleContext({key: option.default for key, option in family_options()["duplicates"].items()})


@given(st.text(max_size=200))
@settings(max_examples=400, deadline=None)
def test_hash_form_equals_its_definition(text):
    assert hash_form(text) == hash_form_reference(text)


@given(CJK_AND_FRIENDS)
@settings(max_examples=300, deadline=None)
def test_hash_form_equals_its_definition_on_chinese_like_text(text):
    assert hash_form(text) == hash_form_reference(text)


def _check_span(text, span):
    start, end, line, column, end_line, end_column, excerpt = span
    assert 0 <= start <= end <= len(text)
    assert excerpt == text[start:end]
    doc = Document(id="x", text=text)
    assert (line, column) == doc.position(start) and (end_line, end_column) == doc.position(end)


@given(CJK_AND_FRIENDS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fingerprints_never_crash_and_locate_correctly(text):
    settings_ = DuplicateSettings(near_min_chars=5, paragraph_min_chars=3)
    fingerprint = fingerprint_document(Document(id="x", text=text), settings_)
    _check_span(text, fingerprint.where)
    for index in range(len(fingerprint.paragraphs)):
        span, paragraph_end = fingerprint.paragraphs.opening(index)
        _check_span(text, span)
        assert span[1] <= paragraph_end <= len(text)
    assert (fingerprint.digest is None) == (fingerprint.chars == 0)


@given(CJK_AND_FRIENDS)
@settings(max_examples=200, deadline=None)
def test_repeated_paragraph_hits_stay_inside_the_text(text):
    doc = Document(id="x", text=text + "\n" + text)
    for hit in all_rules()["DUP003"].check(doc, DEFAULTS):
        assert 0 <= hit.start < hit.end <= len(doc.text)


POOL = [
    "\n".join(PD_PARAGRAPHS), "\n".join(PD_PARAGRAPHS[:3]), "\n".join(PD_PARAGRAPHS) + "\n责任编辑：王涵",
    DAILY_18, DAILY_17, INEWS_FULLWIDTH, SINA_PLAIN, STCN_REPEATED, PD_PARAGRAPHS[0], "短文", "",
]


def _edit(text: str, seed: int) -> str:
    if not text or seed % 3 == 0:
        return text
    position = seed % len(text)
    return text[:position] + "改" + text[position + 1 :]


def _summary(result):
    return ([g.members for g in result.exact],
            [(c.members, c.similarity, c.closest) for c in result.near],
            result.body_of)


@given(
    st.lists(st.tuples(st.sampled_from(range(len(POOL))), st.integers(0, 10_000)), max_size=14),
    st.randoms(use_true_random=False),
)
@settings(max_examples=60, deadline=None)
def test_clustering_never_crashes_and_ignores_input_order(choices, rng):
    texts = {f"doc{index:02d}-{seed}.txt": _edit(POOL[pool], seed) for index, (pool, seed) in enumerate(choices)}
    fingerprints = {key: fingerprint_document(Document(id=key, text=text), SETTINGS) for key, text in texts.items()}
    first = analyse(fingerprints, SETTINGS)
    keys = list(fingerprints)
    rng.shuffle(keys)
    second = analyse({key: fingerprints[key] for key in keys}, SETTINGS)
    assert _summary(first) == _summary(second)
    for cluster in first.near:
        assert cluster.representative == min(cluster.members)
        assert all(0.0 <= value <= 1.0 for value in cluster.similarity.values())
    for group in first.exact:
        assert len({texts[m] for m in group.members} - {""}) >= 1
