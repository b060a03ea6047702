"""BP009 repeated-line: the corpus-wide line count."""

from corpus_qa.model import Document
from corpus_qa.rules.registry import check_of
from bp_helpers import context

CHECK = check_of("BP009")
SLOGAN = "南通传媒网——知晓南通身边事 乐享南通人文情"


def run(texts, **options):
    ctx = context(**options)
    docs = [Document(id=f"d{i:02d}", text=text) for i, text in enumerate(texts)]
    features = {doc.id: CHECK.features(doc, ctx) for doc in docs}
    return {doc.id: doc for doc in docs}, list(CHECK(ctx).reduce(features))


def article(i):
    return f"第{i}篇新闻的正文，记者在现场看到了第{i}种情况，并采访了{i}位市民。"


def test_line_in_many_documents_fires_with_frequency_evidence():
    texts = [f"{article(i)}\n{SLOGAN}\n" for i in range(12)]
    docs, found = run(texts)
    assert len(found) == 12
    for hit in found:
        text = docs[hit.document].text
        assert text[hit.where.start:hit.where.end] == SLOGAN == hit.where.excerpt
        assert "frequency" in hit.message and hit.data["documents"] == 12


def test_threshold_is_configurable():
    texts = [f"{article(i)}\n{SLOGAN}\n" for i in range(4)]
    assert run(texts)[1] == []
    assert len(run(texts, **{"repeated-line-min-documents": 4})[1]) == 4


def test_neighbouring_repeated_lines_form_one_block():
    texts = [f"{article(i)}\n{SLOGAN}\n更多本地资讯每天推送不停歇\n" for i in range(10)]
    docs, found = run(texts)
    assert len(found) == 10
    hit = found[0]
    assert docs[hit.document].text[hit.where.start:hit.where.end] == SLOGAN + "\n更多本地资讯每天推送不停歇"
    assert hit.where.excerpt == SLOGAN + "\n更多本地资讯每天推送不停歇"


def test_exact_duplicate_documents_count_once():
    texts = [f"{article(1)}\n{SLOGAN}\n"] * 15
    assert run(texts)[1] == []


def test_lines_explained_by_keyword_rules_are_left_to_them():
    texts = [f"{article(i)}\n责任编辑：王蒙\n" for i in range(12)]
    assert run(texts)[1] == []


def test_hash_cap_drops_singletons_and_keeps_frequent_lines():
    texts = [f"{article(i)}\n{SLOGAN}\n" for i in range(12)]
    found = run(texts, **{"repeated-line-max-hashes": 3})[1]
    assert len(found) >= 1

