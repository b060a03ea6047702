"""Runs larger than memory: per-document results spilled to disk must read back exactly as
they were put, a run that spills must report exactly what a run that does not reports, and
corpus rules reduced in parts (the documents their keys link, a bin at a time) or judged a
slice at a time must find what they find over every document at once."""

import json
import pickle
import re

import pytest

from corpus_qa.engine import corpus_parts, corpus_phase, linking, received, spill
from corpus_qa.engine.check_features import FeatureRows
from corpus_qa.engine.spill import SpillList, plain, prepended
from tests.conftest import age, write
from tests.test_growth import base  # noqa: F401 - the fixture


def test_a_spill_list_reads_back_what_was_put_in_any_number_of_passes():
    items = [{"n": n, "text": f"第{n}号"} for n in range(23)]
    spilled = SpillList(items, in_memory=4, chunk=5)
    assert spilled.spilled == 19 and len(spilled) == 23
    assert list(spilled) == items and list(spilled) == items
    assert [spilled[i] for i in range(23)] == items  # head, written chunks, the chunk not yet written
    assert spilled[-1] == items[-1] and spilled[7] == items[7]
    with pytest.raises(IndexError):
        spilled[23]
    with pytest.raises(TypeError):
        spilled[1:3]
    spilled.append({"n": 23})
    assert len(spilled) == 24 and list(spilled)[-1] == {"n": 23}
    assert spilled.hold_at_least(100).in_memory == 4  # too late: the order on disk stands
    held = SpillList(in_memory=4, chunk=5).hold_at_least(10)
    held.extend(items)
    assert held.spilled == 13 and list(held) == items


def test_a_lead_a_pickle_and_a_plain_list_stand_for_the_same_items():
    spilled = SpillList(range(10), in_memory=2, chunk=3)
    led = prepended(["a", "b"], spilled)
    assert list(led) == ["a", "b", *range(10)] and led[1] == "b" and led[2] == 0 and led[11] == 9
    assert pickle.loads(pickle.dumps(led)) == ["a", "b", *range(10)]
    assert prepended(["a"], [1, 2]) == ["a", 1, 2]
    assert plain(SpillList(range(3), in_memory=5)) == [0, 1, 2]
    assert plain(spilled) is spilled
    assert list(SpillList()) == [] and len(SpillList()) == 0


def test_check_features_are_each_checks_column_of_the_documents_features():
    rows = FeatureRows(["A", "B"])
    rows.add("d1", {"A": 1, "B": None})
    rows.add("d2", {})  # unreadable: no features at all
    rows.add("d3", {"A": 3})
    a, b = rows.by_check()["A"], rows.by_check()["B"]
    assert dict(a) == {"d1": 1, "d3": 3} and len(a) == 2 and list(a.values()) == [1, 3]
    assert dict(b.items()) == {"d1": None} and len(b) == 1
    assert "d2" not in a and "d3" not in b and "nope" not in a
    with pytest.raises(KeyError):
        b["d3"]


def _outputs(cli, folder, *args):
    result = cli("check", "c", "--jobs", "1", "-f", "sarif", "-o", str(folder / "out.sarif"),
                 "-f", "junit", "-o", str(folder / "out.xml"), "-f", "json", *args)
    out = json.loads(result.stdout)
    out["spilled"] = out.pop("run")["stats"].pop("documents_spilled", 0)
    junit = re.sub(r' time="[0-9.]+"', "", (folder / "out.xml").read_text(encoding="utf-8"))
    return result.exit_code, out, (folder / "out.sarif").read_text(encoding="utf-8"), junit


@pytest.mark.parametrize("cache", [False, True])
def test_a_run_that_spills_reports_what_a_run_in_memory_reports(cli, base, monkeypatch, cache):  # noqa: F811
    args = ("--cache-dir", str(base / "cache")) if cache else ()
    age(base / "c", "*.*")
    in_memory = _outputs(cli, base, *args)
    monkeypatch.setattr(spill, "KEPT_IN_MEMORY", 3)
    monkeypatch.setattr(spill, "CHUNK", 4)
    monkeypatch.setattr(received, "_FEATURES_IN_MEMORY", 2)
    spilled = _outputs(cli, base, *args)  # from the cache's snapshot when cached
    assert in_memory[1].pop("spilled") == 0 and spilled[1].pop("spilled") == (0 if cache else 29)
    assert spilled == in_memory
    assert in_memory[1]["summary"]["documents"] == 32 and in_memory[1]["summary"]["findings"] > 10
    if cache:
        (base / "c" / "added.txt").write_text("新加的一篇稿件，内容与别的稿件都不相同，只有这一段话而已。\n", encoding="utf-8")
        age(base / "c", "added.txt")
        grown = _outputs(cli, base, *args)
        assert grown[1].pop("spilled") == 1  # the snapshot's 32 documents are in memory anyway: only the added one spills
        monkeypatch.setattr(spill, "KEPT_IN_MEMORY", 50_000)
        full = _outputs(cli, base)
        assert full[1].pop("spilled") == 0 and grown == full


def _stats(out):
    return out["run"]["stats"]


def test_checks_with_keys_reduce_over_the_documents_that_share_with_the_same_findings(cli, base, monkeypatch):  # noqa: F811
    age(base / "c", "*.*")
    monkeypatch.setattr(linking, "DOCUMENTS_PER_PARTITION", 5)  # the keys counted in 7 partitions, parts in bins of 5
    monkeypatch.setattr(corpus_parts, "SLICE", 3)  # judged 3 documents at a time
    restricted = json.loads(cli("check", "c", "--jobs", "1", "-f", "json").stdout)  # no cache: no state to keep
    seen = _stats(restricted)["corpus_documents_reduced"]
    assert set(seen) == {"duplicates", "repeated-lines", "scripts"}
    assert 0 < seen["repeated-lines"] < 32 and 0 < seen["duplicates"] < 32  # some documents share nothing
    full = json.loads(cli("check", "c", "--jobs", "1", "-f", "json", "--cache-dir", str(base / "cache")).stdout)
    assert "corpus_documents_reduced" not in _stats(full)  # with the cache, every document: the state for growing
    assert restricted["findings"] == full["findings"] and restricted["documents"] == full["documents"]

    # past IN_MEMORY_UP_TO documents the cache keeps no state for the checks: an addition reduces them in full
    monkeypatch.setattr(corpus_phase, "IN_MEMORY_UP_TO", 10)
    cached = ("--cache-dir", str(base / "cache2"))
    cli("check", "c", "--jobs", "1", "-f", "json", *cached)
    write(base, "c/added.txt", "新加的一篇稿件，内容与别的稿件都不相同，只有这一段话而已。\n")
    age(base / "c", "added.txt")
    grown = json.loads(cli("check", "c", "--jobs", "1", "-f", "json", *cached).stdout)
    assert _stats(grown)["corpus"] == "reduced"
    again = json.loads(cli("check", "c", "--jobs", "1", "-f", "json").stdout)
    assert grown["findings"] == again["findings"] and grown["documents"] == again["documents"]


def test_a_paragraph_too_common_to_report_stays_unreported_where_few_of_its_holders_are_reduced_together(
        cli, isolated, monkeypatch):
    import random

    rng = random.Random(3)
    letters = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]

    def own():
        return "".join(rng.choices(letters, k=40)) + "。"

    common, pair = own(), own()
    # common is in a, b and c: more than 2 documents, never reported; pair links a and b, which
    # are then reduced together, where common looks held by 2 only
    for name, paragraphs in (("a", [own(), common, pair]), ("b", [own(), common, pair]), ("c", [common, own()]),
                             ("d", [own(), own()])):
        write(isolated, f"c/{name}.txt", "\n\n".join(paragraphs) + "\n")
    write(isolated, "pyproject.toml", "[tool.corpus-qa.duplicates]\nshared-paragraph-max-documents = 2\n")
    age(isolated / "c")
    monkeypatch.setattr(linking, "DOCUMENTS_PER_PARTITION", 1)  # a bin per part
    parted = json.loads(cli("check", "c", "--jobs", "1", "-f", "json").stdout)
    assert _stats(parted)["corpus_documents_reduced"]["duplicates"] == 2  # c and d share nothing they could be told of
    full = json.loads(cli("check", "c", "--jobs", "1", "-f", "json", "--cache-dir", "cache").stdout)
    assert "corpus_documents_reduced" not in _stats(full)
    shared = [(f["document"], f["data"]["paragraphs"]) for f in full["findings"] if f["rule"] == "DUP004"]
    assert shared == [("a.txt", 1), ("b.txt", 1)]  # pair alone: common is boilerplate
    assert parted["findings"] == full["findings"]


@pytest.mark.parametrize("documents_per_partition", [50_000, 2])
def test_the_documents_that_share_and_their_parts_are_found_across_batches_once_per_group(
        monkeypatch, documents_per_partition):
    from types import MappingProxyType

    import numpy as np

    from corpus_qa.engine.linking import linked_documents
    from corpus_qa.rules.base import CorpusCheck, RuleContext

    calls = []

    class Keyed(CorpusCheck):
        name = "X"
        codes = ("X1", "X2")

        def keys(self, features):  # keys from 100 to 999 are capped: they link at most 2 documents
            calls.append(len(features))
            keys = np.array([key for feature in features for key in (feature or ())], dtype=np.uint64)
            owners = np.array([at for at, feature in enumerate(features) for _ in (feature or ())])
            return keys, owners, self.ctx["least"], (keys >= 100) & (keys < 1000), 2

    ctx = RuleContext(MappingProxyType({"least": 2}))
    features = [{"X": keys} for keys in (
        [1, 2], [3, 200], None, [2, 2**64 - 1], [4, 4], [2**64 - 1], [100, 200], [100], [100], [7, 100])]
    batches = [features[:2], features[2:5], features[5:]]
    monkeypatch.setattr(linking, "DOCUMENTS_PER_PARTITION", documents_per_partition)  # 1 or 5 partitions
    found = linked_documents(batches, [(Keyed, ctx)], len(features))["X"]
    assert calls == [2, 3, 5]
    # 2 and 2**64 - 1 link 0, 3 and 5 across batches; 200 (capped, in 2 documents) links 1 and 6; 4 twice in
    # one document is counted twice (harmless); 100 (capped, in 4 documents) links nothing: it is crowded
    assert found.holders.tolist() == [True, True, False, True, True, True, True, False, False, False]
    parts = found.parts.tolist()
    assert parts[0] == parts[3] == parts[5] and parts[1] == parts[6] and len({parts[0], parts[1], parts[4]}) == 3
    assert [parts[at] for at in (2, 7, 8, 9)] == [-1] * 4
    assert found.crowded.tolist() == [100]
    Judged = type("Judged", (Keyed,), {"judge": lambda self, features, summary: []})
    alone = linked_documents(batches, [(Judged, ctx)], len(features))["X"]  # a judged check needs no parts
    assert alone.parts is None and alone.holders.tolist() == found.holders.tolist()


def test_corpus_checks_are_judged_by_slices_and_reduced_by_parts_and_one_that_raises_loses_only_its_hits(monkeypatch):
    from types import MappingProxyType

    import numpy as np

    from corpus_qa.engine.corpus_parts import in_parts
    from corpus_qa.rules.base import CorpusCheck, CorpusHit, Located, RuleContext

    nowhere = Located(0, 0, 1, 1, 1, 1, "")

    class Whole(CorpusCheck):  # neither keys nor judge: reduced over every document at once
        def reduce(self, features):
            return [CorpusHit(self.codes[0], "", nowhere, f"{len(features)} documents")]

    class Judged(Whole):
        def tally(self, features):
            return sum(1 for _ in features)

        def judge(self, features, total):
            if self.ctx["explode"] and "d4" in features:
                raise ValueError("boom")
            return [CorpusHit(code, doc_id, nowhere, f"{feature} of {total}")
                    for doc_id, feature in features.items() for code in self.codes]

    class Parted(Whole):
        def keys(self, features):
            keys = [key for feature in features for key in feature]
            return np.array(keys, dtype=np.uint64), np.array([at for at, f in enumerate(features) for _ in f]), 2

        def reduce(self, features):
            if self.ctx["explode"] and "d5" in features:
                raise ValueError("boom")
            return [CorpusHit(self.codes[0], doc_id, nowhere, ",".join(features)) for doc_id in features]

    def check(kind, name, codes, explode=False):
        made = type(name, (kind,), {"name": name, "codes": codes})
        return made, RuleContext(MappingProxyType({"explode": explode}))

    checks = [check(Judged, "J1", ("J1a", "J1b")), check(Judged, "J2", ("J2a",), True),
              check(Parted, "P1", ("P1a",)), check(Parted, "P2", ("P2a",), True), check(Whole, "W1", ("W1a",))]
    shared = {"J": [1, None, 3, None, 5, 6], "P": [[7], [8], [], [7], [8], [9, 7]]}
    ids = [f"d{at}" for at in range(6)]
    documents = [{"J1": j, "J2": j, "P1": p, "P2": p, "W1": 0} for j, p in zip(shared["J"], shared["P"])]
    monkeypatch.setattr(corpus_parts, "SLICE", 2)
    monkeypatch.setattr(linking, "DOCUMENTS_PER_PARTITION", 1)  # a bin per part

    def read():
        yield ids[:4], documents[:4]
        yield ids[4:], documents[4:]

    failed = []
    hits, stats = in_parts(checks, read, 6, lambda c, error: failed.append((c.name, str(error))))
    assert sorted(failed) == [("J2", "boom"), ("P2", "boom")] and set(hits) == {"J1a", "J1b", "P1a", "W1a"}
    judged = [("d0", "1 of 4"), ("d2", "3 of 4"), ("d4", "5 of 4"), ("d5", "6 of 4")]
    assert [(h.document, h.message) for h in hits["J1a"].take()] == judged
    assert [(h.document, h.message) for h in hits["J1b"].take()] == judged
    assert [(h.document, h.message) for h in hits["P1a"].take()] == [
        ("d0", "d0,d3,d5"), ("d3", "d0,d3,d5"), ("d5", "d0,d3,d5"), ("d1", "d1,d4"), ("d4", "d1,d4")]
    assert [h.message for h in hits["W1a"].take()] == ["6 documents"]
    assert stats["corpus_documents_reduced"] == {"J1": 4, "J2": 4, "P1": 5, "P2": 5, "W1": 6}
    assert stats["corpus_largest_part"] == 3


def test_placed_hits_merge_by_document_position_keeping_rule_order_at_one_position(monkeypatch):
    from corpus_qa.engine.placed import PlacedHits, merged
    from corpus_qa.rules.base import CorpusHit, Located

    nowhere = Located(0, 0, 1, 1, 1, 1, "")
    position_of = {"a": 0, "b": 1, "c": 2}
    monkeypatch.setattr(spill, "CHUNK", 2)
    first = PlacedHits(spill=True)
    first.add([CorpusHit("R1", doc, nowhere, f"1-{n}") for n, doc in enumerate("cazb")], position_of)  # z: no document
    first.add([CorpusHit("R1", "c", nowhere, "1-late")], position_of, after_last=True)
    second = PlacedHits.of([CorpusHit("R2", doc, nowhere, f"2-{n}") for n, doc in enumerate("cba")], position_of)
    assert isinstance(first.runs[0], SpillList) and first.runs[0].spilled == 4 and isinstance(second.runs[0], list)
    assert [hit.message for hit in first.strays] == ["1-2"]
    order = [(position, index, hit.message) for position, index, hit in merged([first, second])]
    assert order == [(0, 0, "1-1"), (0, 1, "2-2"), (1, 0, "1-3"), (1, 1, "2-1"), (2, 0, "1-0"), (2, 0, "1-late"),
                     (2, 1, "2-0")]
    assert [hit.message for hit in first.take()] == ["1-2", "1-1", "1-3", "1-0", "1-late"]
