"""DUP003 repeated-paragraph (inside one document) and DUP004 shared-paragraph (across documents)."""

from __future__ import annotations

import pytest
from dup_excerpts import PD_PARAGRAPHS, SINA_PLAIN, STCN_REPEATED, STCN_REPEATED_PARAGRAPH
from dup_helpers import SEEDS, assert_excerpts_match, by_rule, check, findings_for

from corpus_qa.text.script import traditional_variants

P0, P1, P2, P3 = PD_PARAGRAPHS
# rsshub-page-posts (Sina post, see dup_excerpts): a paragraph long enough to be shared
SHARED = "上访当事人谢先生解释：“（王丽）当时只是站在那里没说话，他们看我们录着像，他们就走了，根本就没有诚意。”谢先生表示，他信访反映的问题至今没有解决。"
CSS = ".appendQr_wrap{border:1px solid #E6E6E6;padding:8px;} .appendQr_normal{float:left;}"


def repeated(text: str, fmt_name: str = "a.txt"):
    findings = findings_for_text(text, fmt_name)
    return [(f.excerpt, f.message) for f in findings if f.rule == "DUP003"], findings


_TMP = {}


@pytest.fixture(autouse=True)
def _remember_tmp(tmp_path):
    _TMP["path"] = tmp_path


def findings_for_text(text: str, name: str = "a.txt"):
    return findings_for(_TMP["path"], {name: text}, select="DUP003")


REPEAT_FIRES = [
    # (case, text, excerpt of the finding, words in the message)
    ("the rsshub post: one <p> line, the paragraph twice in a row", STCN_REPEATED, STCN_REPEATED_PARAGRAPH,
     "already at line 1, column"),
    ("a paragraph again further down", f"{P0}\n{P1}\n{P2}\n{P1}\n", P1, "already at line 2"),
    ("a block of two paragraphs pasted twice", f"{P0}\n{P1}\n{P2}\n{P1}\n{P2}\n", f"{P1}\n{P2}",
     "2 paragraphs repeated"),
    ("a block pasted twice, other short lines between its paragraphs (iNews test-00879)",
     f"{P0}\n2016年3月。\n{P1}\n{P0}\n2017年4月。\n{P1}\n", f"{P0}\n2017年4月。\n{P1}", "2 paragraphs repeated"),
    ("a caption printed twice in a row (LTN, ltn_covid_10.csv …/3811447)",
     f"{P0}\n高雄新增8例足跡。（衛生局提供）\n高雄新增8例足跡。（衛生局提供）\n{P1}\n", "高雄新增8例足跡。（衛生局提供）",
     "already at line 2"),
    ("once simplified, once traditional", f"{P0}\n{P1}\n{traditional_variants(P0)[1]}\n",
     traditional_variants(P0)[1], "already at line 1"),
    ("scraped text with escaped line breaks", f"{P0}\\n{P1}\\n{P0}", P0, "already at line 1, column 1"),
    ("indents and markup differ", f"<p>　　{P3}</p>\n<p>{P2}</p>\n<div>  {P3} </div>\n", P3, "already at line 1"),
]

REPEAT_SILENT = [
    ("a clean article", "\n".join(PD_PARAGRAPHS)),
    ("short lines repeated, but not in a row", f"（完）\n{P0}\n（完）\n点击查看更多\n{P1}\n点击查看更多\n"),
    ("a short line twice in a row with too little text", f"{P0}\n（完）\n（完）\n2019\n2019\n{P1}\n"),
    ("CSS residue repeated", f"{CSS}\n{P0}\n{CSS}\n"),
    ("the title repeated in the body is frontmatter, not a paragraph",
     f"---\ntitle: '{P0[:40]}'\n---\n{P0[:40]}\n{P1}\n"),
]


@pytest.mark.parametrize("case, text, excerpt, words", REPEAT_FIRES, ids=[c[0] for c in REPEAT_FIRES])
def test_repeated_paragraph_fires(case, text, excerpt, words):
    found, findings = repeated(text)
    assert len(found) == 1, found
    assert found[0][0] == excerpt
    assert words in found[0][1]
    assert_excerpts_match(findings, {"a.txt": text})
    assert findings[0].data["first_line"] >= 1 and findings[0].data["first_start"] < findings[0].start


@pytest.mark.parametrize("case, text", REPEAT_SILENT, ids=[c[0] for c in REPEAT_SILENT])
def test_repeated_paragraph_stays_silent(case, text):
    assert repeated(text)[0] == []


def test_seeds_have_no_repeated_paragraph():
    assert check(SEEDS, select="DUP003") == []


def test_paragraph_min_chars_is_an_option(tmp_path):
    text = "短短的一句话重复了。\n正文。\n短短的一句话重复了。\n"
    assert not findings_for(tmp_path / "a", {"a.txt": text}, select="DUP003")
    found = findings_for(tmp_path / "b", {"a.txt": text}, select="DUP003", options={"paragraph-min-chars": 8})
    assert [f.excerpt for f in found] == ["短短的一句话重复了。"]


def test_shared_paragraph_gets_a_span_in_both_documents(tmp_path):
    files = {"a.txt": f"{P0}\n{SHARED}\n{P1}\n", "b.md": f"<p>{P2}</p>\n<p>　　{SHARED}</p>\n<p>{P3}</p>\n"}
    findings = findings_for(tmp_path, files)
    shared = by_rule(findings, "DUP004")
    assert set(shared) == {"a.txt", "b.md"}
    for doc_id, finding in shared.items():
        assert SHARED.startswith(finding.excerpt) and len(finding.excerpt) == 40
        other = "b.md" if doc_id == "a.txt" else "a.txt"
        assert other in finding.message
        assert finding.data["documents"] == ["a.txt", "b.md"] and finding.data["count"] == 2
        assert files[doc_id][finding.start : finding.data["paragraph_end"]] == SHARED
    assert not by_rule(findings, "DUP002") and not by_rule(findings, "DUP001")
    assert_excerpts_match(findings, files)


def test_shared_paragraph_leaves_copies_of_one_article_to_the_cluster_rules(tmp_path):
    article = f"{P0}\n{SHARED}\n{P1}\n{P2}\n"
    files = {"a.txt": article, "b.txt": article + "责任编辑：王涵\n", "c.txt": article}
    findings = findings_for(tmp_path, files)
    assert not by_rule(findings, "DUP004")
    assert set(by_rule(findings, "DUP002")) == {"a.txt", "b.txt", "c.txt"}


def test_shared_paragraph_in_a_copy_and_a_different_article(tmp_path):
    files = {"a.txt": f"{P0}\n{SHARED}\n{P1}\n{P2}\n", "b.txt": f"{P0}\n{SHARED}\n{P1}\n{P2}\n责任编辑：王涵\n",
             "c.txt": f"{P3}\n{SHARED}\n"}
    shared = by_rule(findings_for(tmp_path, files), "DUP004")
    assert set(shared) == {"a.txt", "b.txt", "c.txt"}
    assert "c.txt" in shared["a.txt"].message and "b.txt" not in shared["a.txt"].message
    assert "a.txt" in shared["c.txt"].message and "b.txt" in shared["c.txt"].message


def test_a_paragraph_in_very_many_documents_is_boilerplate(tmp_path):
    files = {f"{name}.txt": f"{body}\n{SHARED}\n" for name, body in zip("abc", (P0, P1, P2))}
    assert set(by_rule(findings_for(tmp_path / "three", files), "DUP004")) == {"a.txt", "b.txt", "c.txt"}
    few = {"shared-paragraph-max-documents": 2}
    assert not by_rule(findings_for(tmp_path / "limit", files, options=few), "DUP004")


def test_short_or_structural_paragraphs_are_not_shared_paragraphs(tmp_path):
    files = {"a.txt": f"{P0}\n（完）\n{CSS}\n", "b.txt": f"{P1}\n（完）\n{CSS}\n"}
    assert not by_rule(findings_for(tmp_path, files), "DUP004")


def test_markup_around_the_shared_paragraph_does_not_matter(tmp_path):
    files = {"a.md": SINA_PLAIN.replace("上访当事人的妻子说", "妻子说") + f"<p>{P0}</p>\n",
             "b.txt": f"{P1}\n{P2}\n上访当事人谢先生解释：“（王丽）当时只是站在那里没说话，他们看我们录着像，他们就走了，根本就没有诚意。”\n"}
    shared = by_rule(findings_for(tmp_path, files), "DUP004")
    assert set(shared) == {"a.md", "b.txt"}
    assert shared["a.md"].excerpt.startswith("上访当事人谢先生解释")


def test_a_copied_passage_of_several_paragraphs_is_one_finding(tmp_path):
    passage = f"{P1}\n{P2}\n"
    files = {"long.txt": f"{P0}\n{passage}{P3}\n{SHARED}\n", "short.txt": f"{SHARED[:30]}……\n{passage}（完）\n"}
    findings = findings_for(tmp_path, files, options={"threshold": 0.9})
    shared = by_rule(findings, "DUP004")
    assert set(shared) == {"long.txt", "short.txt"}
    for doc_id, finding in shared.items():
        assert finding.message.startswith("2 consecutive paragraphs also in 1 other document")
        assert finding.data["paragraphs"] == 2
        assert files[doc_id][finding.start : finding.data["paragraph_end"]] == passage.rstrip("\n")
    assert len([f for f in findings if f.rule == "DUP004"]) == 2


# ccf-bdci2019-inews (dev-00101, dev-00171 and 126 more records): a platform disclaimer pasted under posts
DISCLAIMER = "特别声明：以上文章内容仅代表作者本人观点，不代表新浪看点观点或立场。如有关于作品内容、版权或其它问题请于作品发表后的30日内与新浪看点联系。"


def test_a_template_line_the_boilerplate_family_explains_is_not_a_shared_paragraph(tmp_path):
    pytest.importorskip("corpus_qa.rules.boilerplate._lines")
    files = {"a.txt": f"{P0}\n{DISCLAIMER}\n", "b.txt": f"{P1}\n{DISCLAIMER}\n"}
    assert not by_rule(findings_for(tmp_path, files), "DUP004")
