"""Properties of `corpus-qa fix` (issue 21): a clean document is never changed, fixing twice
equals fixing once, and an applied edit stays within its finding or the white space beside it."""

from __future__ import annotations

from functools import lru_cache

from hypothesis import given, settings, strategies as st

from corpus_qa.config import load_config
from corpus_qa.engine.checker import Checker
from corpus_qa.fixing import choose, repair
from corpus_qa.model import Document
from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, PEOPLES_DAILY_1998, UDN_2022

CLEAN = [line for text in (CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, PEOPLES_DAILY_1998, UDN_2022)
         for line in text.splitlines() if line.strip()]
DEFECTS = ["，，", "、、", "\u200b", "<p>", "</p>", "&nbsp;", "產(chǎn)業(yè)", "責任編輯：張三\n", "\n"]


@lru_cache(maxsize=1)
def checker() -> Checker:
    return Checker(load_config(None))


def findings(doc: Document):
    return checker().document_findings(doc)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=4, unique=True))  # a line twice is DUP003
def test_a_clean_document_is_never_changed(lines):
    text = "\n".join(lines) + "\n"
    for unsafe in (False, True):
        assert repair(Document("d", text), findings, unsafe).text == text


@st.composite
def damaged(draw):
    lines = draw(st.lists(st.sampled_from(CLEAN), min_size=1, max_size=3))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(DEFECTS)) + text[at:]
    return text + "\n"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(damaged(), st.booleans())
def test_fixing_twice_equals_fixing_once(text, unsafe):
    once = repair(Document("d", text), findings, unsafe).text
    assert repair(Document("d", once), findings, unsafe).text == once


@settings(max_examples=60, deadline=None, derandomize=True)
@given(damaged())
def test_a_safe_edit_stays_within_its_finding_or_the_white_space_beside_it(text):
    chosen, _ = choose(findings(Document("d", text)), unsafe=False)
    for finding in chosen:
        for edit in finding.fix.edits:
            assert not text[edit.start:finding.start].strip() or edit.start >= finding.start, (finding.rule, edit)
            assert not text[finding.end:edit.end].strip() or edit.end <= finding.end, (finding.rule, edit)
