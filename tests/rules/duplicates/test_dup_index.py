"""The saved signature index: build, save, load, match new documents, add, save again."""

from __future__ import annotations

import pytest
from dup_excerpts import DAILY_17, DAILY_18, INEWS_FULLWIDTH, INEWS_HALFWIDTH, PD_PARAGRAPHS, SINA_PLAIN, SINA_WRAPPED

from corpus_qa.corpus.index import IndexFormatError, Match, SignatureIndex, index_documents, match_documents
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.model import Document

ARTICLE = "\n".join(PD_PARAGRAPHS)
CORPUS = {
    "pd.txt": ARTICLE,
    "daily-18.txt": DAILY_18,
    "inews.txt": INEWS_FULLWIDTH,
    "sina.md": SINA_PLAIN,
    "short.txt": "谁认识这个女的",
}


def docs(texts: dict[str, str]) -> list[Document]:
    return [Document(id=doc_id, text=text) for doc_id, text in texts.items()]


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "corpus.cqaidx"
    index_documents(docs(CORPUS)).save(path)
    return path


def test_a_loaded_index_finds_exact_and_near_copies(saved):
    index = SignatureIndex.load(saved)
    assert len(index) == len(CORPUS)
    new = {
        "copy.txt": INEWS_HALFWIDTH,  # exact after normalisation
        "wrapped.md": SINA_WRAPPED,  # near
        "edited.txt": ARTICLE.replace("中国", "我国", 2),
        "short-copy.txt": "谁认识这个女的\n",
        "other-day.txt": DAILY_17,  # same template, different figures: not a copy
        "unrelated.txt": "今天天气晴朗，适合出门散步，公园里的花都开了，游人如织，一片春意盎然的景象。",
    }
    found = match_documents(index, docs(new))
    assert set(found) == {"copy.txt", "wrapped.md", "edited.txt", "short-copy.txt"}
    assert found["copy.txt"] == [Match("inews.txt", 1.0, True)]
    assert found["short-copy.txt"] == [Match("short.txt", 1.0, True)]
    assert [m.document for m in found["wrapped.md"]] == ["sina.md"] and not found["wrapped.md"][0].exact
    assert found["edited.txt"][0].document == "pd.txt" and 0.7 <= found["edited.txt"][0].similarity < 1.0


def test_matches_agree_before_and_after_saving(saved):
    built = index_documents(docs(CORPUS))
    loaded = SignatureIndex.load(saved)
    for doc in docs({"a": SINA_WRAPPED, "b": INEWS_HALFWIDTH, "c": ARTICLE + "责任编辑：王涵"}):
        assert built.match_document(doc) == loaded.match_document(doc)


def test_documents_added_after_loading_are_matched_and_saved(saved, tmp_path):
    index = SignatureIndex.load(saved)
    index.add_document(Document(id="daily-17.txt", text=DAILY_17))
    later = Document(id="later.txt", text=DAILY_17 + "（記者 王小明）")
    assert [m.document for m in index.match_document(later)] == ["daily-17.txt"]
    again = tmp_path / "again.cqaidx"
    index.save(again)
    reloaded = SignatureIndex.load(again)
    assert len(reloaded) == len(CORPUS) + 1
    assert [m.document for m in reloaded.match_document(later)] == ["daily-17.txt"]
    assert reloaded.match_document(Document(id="x", text=INEWS_HALFWIDTH)) == [Match("inews.txt", 1.0, True)]


def test_the_settings_travel_with_the_index(tmp_path):
    settings = DuplicateSettings(threshold=0.8, shingle_size=4, permutations=64)
    path = tmp_path / "i.cqaidx"
    index_documents(docs(CORPUS), settings).save(path)
    assert SignatureIndex.load(path).settings == settings


def test_an_empty_index_saves_and_loads(tmp_path):
    path = tmp_path / "empty.cqaidx"
    SignatureIndex().save(path)
    index = SignatureIndex.load(path)
    assert len(index) == 0
    assert index.match_document(Document(id="a", text=ARTICLE)) == []


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    path = tmp_path / "junk.cqaidx"
    path.write_bytes(b"PK\x03\x04 not an index")
    with pytest.raises(IndexFormatError):
        SignatureIndex.load(path)


def test_loading_reads_no_signature_until_a_match_needs_it(saved):
    index = SignatureIndex.load(saved)
    import numpy as np

    assert isinstance(index._stored.signatures, np.memmap)  # mapped, not read
