"""DUP001 exact-duplicate and DUP002 near-duplicate: pairs that must cluster, pairs that must not."""

from __future__ import annotations

import random

import numpy as np

import pytest
from dup_excerpts import (
    DAILY_17, DAILY_18, INEWS_FULLWIDTH, INEWS_HALFWIDTH, PD_PARAGRAPHS, SINA_PLAIN, SINA_WRAPPED,
)
from dup_helpers import SEEDS, assert_excerpts_match, by_rule, check, clustered, findings_for, hexo

from corpus_qa.corpus.dedup import analyse
from corpus_qa.corpus.fingerprint import fingerprint_document
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.model import Document
from corpus_qa.text.script import to_simplified_phrase, traditional_variants

ARTICLE = "\n".join(PD_PARAGRAPHS) + "\n"


def edited(text: str, every: int = 45) -> str:
    """Every `every`-th ideograph replaced by another one (about 2% of the text)."""
    out = list(text)
    for index in range(every // 2, len(out), every):
        if "\u4e00" <= out[index] <= "\u9fff":
            out[index] = "乙" if out[index] != "乙" else "丙"
    return "".join(out)


def light_edited(text: str, every: int = 25, drop: int = 3) -> str:
    """Paragraph `drop` left out, then every `every`-th ideograph in turn dropped, followed by
    another one, or replaced (about one character in 25: a re-typed or spun copy)."""
    paragraphs = text.split("\n")
    del paragraphs[drop]
    out, seen = [], 0
    for char in "\n".join(paragraphs):
        if "\u4e00" <= char <= "\u9fff":
            seen += 1
            if seen % every == 0:
                turn = (seen // every) % 3
                out.append("" if turn == 1 else char + "丁" if turn == 2 else ("乙" if char != "乙" else "丙"))
                continue
        out.append(char)
    return "".join(out)


def traditional(text: str) -> str:
    return traditional_variants(text)[1]  # OpenCC s2t, phrase by phrase


MUST_CLUSTER = [
    # (case, file a, text a, file b, text b, rule)
    ("Windows line ends and other indents", "a.txt", ARTICLE,
     "b.txt", "\r\n".join("\u3000\u3000" + line for line in ARTICLE.split("\n")), "DUP001"),
    ("full-width vs half-width punctuation (iNews dev-00326 / train-03278)",
     "a.txt", INEWS_FULLWIDTH, "b.txt", INEWS_HALFWIDTH, "DUP001"),
    ("traditional copy of a simplified article", "a.txt", ARTICLE, "b.txt", traditional(ARTICLE), "DUP001"),
    ("simplified copy of a traditional article", "a.txt", DAILY_18, "b.txt", to_simplified_phrase(DAILY_18), "DUP001"),
    ("re-generated post: only the frontmatter image differs",
     "a.md", hexo("为什么小程序成了BAT的宠儿", SINA_PLAIN, headimg="'https://picsum.photos/400/300?random=3919'"),
     "b.md", hexo("为什么小程序成了BAT的宠儿", SINA_PLAIN, headimg="'https://picsum.photos/400/300?random=8102'"),
     "DUP001"),
    ("CMS markup around every paragraph, 原标题 line, other title (rsshub pair)",
     "a.md", hexo("“100种方法刑事你”的女书记登门道歉，当事人：没诚意", SINA_PLAIN),
     "b.md", hexo("“100种方法刑事你”的女书记登门道歉，当事人：她只是站在那里没说话", SINA_WRAPPED), "DUP002"),
    ("about 2% of the characters edited", "a.txt", ARTICLE, "b.txt", edited(ARTICLE), "DUP002"),
    ("cut short by 15%", "a.txt", ARTICLE, "b.txt", ARTICLE[: int(len(ARTICLE) * 0.85)], "DUP002"),
    ("editor credit and app promotion added", "a.txt", ARTICLE,
     "b.txt", ARTICLE + "责任编辑：张恒星 SF142\n海量资讯、精准解读，尽在新浪财经APP\n", "DUP002"),
    ("traditional copy with edits", "a.txt", ARTICLE, "b.txt", traditional(edited(ARTICLE, 60)), "DUP002"),
    ("light edits: one character in 25 changed and a paragraph left out (similarity 0.59, containment 0.85)",
     "a.txt", ARTICLE, "b.txt", light_edited(ARTICLE), "DUP002"),
    ("cut to three fifths (containment 1.0)", "a.txt", ARTICLE, "b.txt", ARTICLE[: int(len(ARTICLE) * 0.6)], "DUP002"),
]

MUST_NOT_CLUSTER = [
    ("one template, other figures (China Times daily reports of 17 and 18 January)", DAILY_18, DAILY_17),
    ("two parts of one speech", "\n".join(PD_PARAGRAPHS[:2]), "\n".join(PD_PARAGRAPHS[2:])),
    ("different articles inside the same long template block",
     f"{PD_PARAGRAPHS[0]}\n{PD_PARAGRAPHS[1]}\n{PD_PARAGRAPHS[0]}\n",
     f"{PD_PARAGRAPHS[0]}\n{PD_PARAGRAPHS[3]}\n{PD_PARAGRAPHS[0]}\n"),
    ("a simplified article and a different traditional one", ARTICLE, DAILY_18),
]


@pytest.mark.parametrize("case, name_a, text_a, name_b, text_b, rule", MUST_CLUSTER, ids=[c[0] for c in MUST_CLUSTER])
def test_pairs_that_must_cluster(tmp_path, case, name_a, text_a, name_b, text_b, rule):
    findings = findings_for(tmp_path, {name_a: text_a, name_b: text_b})
    flagged = by_rule(findings, rule)
    assert set(flagged) == {name_a, name_b}, [(f.rule, f.document, f.message) for f in findings]
    other = "DUP002" if rule == "DUP001" else "DUP001"
    assert not by_rule(findings, other)
    for finding in flagged.values():
        assert finding.data["cluster"] == finding.data["representative"] == name_a
        assert finding.data["size"] == 2
        assert f"similarity {finding.data['similarity']:.2f}" in finding.message or finding.document == name_a
        assert name_a in finding.message
    assert flagged[name_a].data["role"] == "representative" and "representative (kept)" in flagged[name_a].message
    assert flagged[name_b].data["role"] == "copy" and f"copy of {name_a} (kept)" in flagged[name_b].message
    assert name_b in flagged[name_a].message
    assert flagged[name_b].data["similarity"] >= 0.55
    assert_excerpts_match(findings, {name_a: text_a, name_b: text_b})


@pytest.mark.parametrize("case, text_a, text_b", MUST_NOT_CLUSTER, ids=[c[0] for c in MUST_NOT_CLUSTER])
def test_pairs_that_must_not_cluster(tmp_path, case, text_a, text_b):
    findings = findings_for(tmp_path, {"a.txt": text_a, "b.txt": text_b})
    assert not clustered(findings), [(f.rule, f.document, f.message) for f in findings]


def test_the_seeds_are_distinct_articles():
    assert check(SEEDS) == []


def test_every_member_names_the_cluster_its_size_representative_and_similarity(tmp_path):
    files = {
        "c.txt": ARTICLE,
        "a.txt": edited(ARTICLE),
        "b.txt": ARTICLE + "责任编辑：王涵\n",
        "d.txt": ARTICLE,  # an exact copy of c.txt inside the near cluster
        "z.txt": DAILY_18,
    }
    findings = findings_for(tmp_path, files)
    near = by_rule(findings, "DUP002")
    assert set(near) == {"a.txt", "b.txt", "c.txt", "d.txt"}
    for doc_id, finding in near.items():
        data = finding.data
        assert data["cluster"] == data["representative"] == "a.txt"
        assert data["size"] == 4
        assert data["members"] == ["a.txt", "b.txt", "c.txt", "d.txt"]
        assert 0.7 <= data["closest_similarity"] <= 1.0
        assert "a.txt" in finding.message and ("cluster of 4" in finding.message or "(4 documents)" in finding.message)
        if doc_id != "a.txt":
            assert f"similarity {data['similarity']:.2f}" in finding.message
    assert near["d.txt"].data["closest"] == "c.txt" and near["d.txt"].data["closest_similarity"] == 1.0
    exact = by_rule(findings, "DUP001")
    assert set(exact) == {"c.txt", "d.txt"}
    assert exact["d.txt"].data == {"cluster": "c.txt", "representative": "c.txt", "role": "copy", "size": 2,
                                   "similarity": 1.0, "members": ["c.txt", "d.txt"]}
    assert exact["c.txt"].data["role"] == "representative"
    assert [f.data["role"] for _, f in sorted(near.items())] == ["representative", "copy", "copy", "copy"]
    assert "containment" in near["b.txt"].message and near["b.txt"].data["containment"] >= 0.8
    assert_excerpts_match(findings, files)


def test_whole_document_findings_point_at_the_first_content_line(tmp_path):
    post = hexo("标题", SINA_PLAIN)
    findings = findings_for(tmp_path, {"a.md": post, "b.md": post})
    for finding in findings:
        assert finding.excerpt.startswith("<p>　　“100种方法刑事你”")
        assert len(finding.excerpt) <= 50


def test_short_documents_are_compared_for_exact_copies_only(tmp_path):
    files = {"a.txt": "谁认识这个女的\n", "b.txt": "谁认识这个女的\n", "c.txt": "谁认识这个人\n"}
    findings = findings_for(tmp_path, files)
    assert clustered(findings) == {frozenset({"a.txt", "b.txt"})}


def test_threshold_and_shingle_size_are_options(tmp_path):
    files = {"a.txt": DAILY_18, "b.txt": DAILY_17}
    assert not clustered(findings_for(tmp_path / "default", files))
    assert clustered(findings_for(tmp_path / "loose", files, options={"threshold": 0.3, "shingle-size": 3}))


def _fingerprints(texts: dict[str, str]):
    settings = DuplicateSettings()
    return {doc_id: fingerprint_document(Document(id=doc_id, text=text), settings) for doc_id, text in texts.items()}


def _summary(analysis):
    return (
        [group.members for group in analysis.exact],
        [(c.members, c.representative, c.similarity, c.closest) for c in analysis.near],
        analysis.body_of,
    )


def test_clusters_and_representatives_do_not_depend_on_input_order():
    texts = {
        "m.txt": ARTICLE, "b.txt": edited(ARTICLE), "x.txt": ARTICLE, "a.txt": ARTICLE + "责任编辑：王涵\n",
        "q.txt": DAILY_18, "k.txt": to_simplified_phrase(DAILY_18), "p.txt": DAILY_17, "e.txt": INEWS_FULLWIDTH,
        "d.txt": INEWS_HALFWIDTH,
    }
    fingerprints = _fingerprints(texts)
    expected = _summary(analyse(fingerprints, DuplicateSettings()))
    assert expected[0] == [("d.txt", "e.txt"), ("k.txt", "q.txt"), ("m.txt", "x.txt")]
    rng = random.Random(5)
    for _ in range(5):
        keys = list(fingerprints)
        rng.shuffle(keys)
        assert _summary(analyse({key: fingerprints[key] for key in keys}, DuplicateSettings())) == expected
    near = analyse(fingerprints, DuplicateSettings()).near
    assert [cluster.members for cluster in near] == [("a.txt", "b.txt", "m.txt", "x.txt")]


def test_light_edits_are_linked_by_containment_not_by_similarity(tmp_path):
    files = {"a.txt": ARTICLE, "b.txt": light_edited(ARTICLE)}
    near = by_rule(findings_for(tmp_path / "default", files), "DUP002")
    data = near["b.txt"].data
    assert data["similarity"] < 0.7 <= 0.8 <= data["containment"]
    assert f"similarity {data['similarity']:.2f}, containment {data['containment']:.2f}" in near["b.txt"].message
    assert not findings_for(tmp_path / "strict", files, options={"containment": 1.0})


def test_a_copy_cut_to_half_is_left_to_the_shared_paragraphs(tmp_path):
    half = "\n".join(PD_PARAGRAPHS[:2]) + "\n"
    assert not clustered(findings_for(tmp_path, {"a.txt": ARTICLE, "b.txt": half}))


def test_the_sketch_similarity_is_exact_for_short_texts_and_close_beyond():
    from corpus_qa.corpus.minhash import MinHasher, MinHashParams, SKETCH_SIZE, sketch_of, sketch_similarity

    hasher = MinHasher(MinHashParams())
    short_a = "\n".join(PD_PARAGRAPHS[:2])
    short_b = light_edited(short_a, every=20, drop=0) + PD_PARAGRAPHS[0][:60]
    shingles = [{form[i : i + 5] for i in range(len(form) - 4)} for form in map(_comparable, (short_a, short_b))]
    common = len(shingles[0] & shingles[1])
    a, b = (hasher.shingle_hashes(_comparable(text)) for text in (short_a, short_b))
    similarity, containment = sketch_similarity(sketch_of(a), len(a), sketch_of(b), len(b))
    assert similarity == pytest.approx(common / len(shingles[0] | shingles[1]))
    assert containment == pytest.approx(common / min(map(len, shingles)))
    rng = random.Random(5)
    long_a = "".join(rng.choice("天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏") for _ in range(6000))
    long_b = long_a[:4000] + light_edited(long_a[4000:] + "\n\n\n\n", every=10, drop=1)
    assert len(a) < SKETCH_SIZE and len(b) < SKETCH_SIZE
    x, y = (hasher.shingle_hashes(text) for text in (long_a, long_b))
    assert len(x) > SKETCH_SIZE and len(y) > SKETCH_SIZE
    exact = len(np.intersect1d(x, y)) / len(np.union1d(x, y))
    assert sketch_similarity(sketch_of(x), len(x), sketch_of(y), len(y))[0] == pytest.approx(exact, abs=0.06)


def _comparable(text: str) -> str:
    from corpus_qa.corpus.content import comparable_form

    return comparable_form(text)
