"""Runs larger than memory: per-document results spilled to disk must read back exactly as
they were put, a run that spills must report exactly what a run that does not reports, and
corpus rules reduced over the documents that share something must find what they find over
every document."""

import json
import pickle
import re

import pytest

from corpus_qa.engine import assemble, corpus_phase, sharing, spill
from corpus_qa.engine.rule_features import FeatureRows
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


def test_rule_features_are_each_rules_column_of_the_documents_features():
    rows = FeatureRows(["A", "B"])
    rows.add("d1", {"A": 1, "B": None})
    rows.add("d2", {})  # unreadable: no features at all
    rows.add("d3", {"A": 3})
    a, b = rows.by_rule()["A"], rows.by_rule()["B"]
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
    monkeypatch.setattr(assemble, "_FEATURES_IN_MEMORY", 2)
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


def test_rules_that_share_reduce_over_the_documents_that_share_with_the_same_findings(cli, base, monkeypatch):  # noqa: F811
    age(base / "c", "*.*")
    monkeypatch.setattr(sharing, "DOCUMENTS_PER_PARTITION", 5)  # the keys counted in 7 partitions
    restricted = json.loads(cli("check", "c", "--jobs", "1", "-f", "json").stdout)  # no cache: no state to keep
    seen = _stats(restricted)["corpus_documents_reduced"]
    assert set(seen) == {"BP009", "DUP001", "DUP002", "DUP004", "DUP005", "DUP006"}
    assert 0 < seen["BP009"] < 32 and 0 < seen["DUP001"] < 32  # some documents share nothing
    full = json.loads(cli("check", "c", "--jobs", "1", "-f", "json", "--cache-dir", str(base / "cache")).stdout)
    assert "corpus_documents_reduced" not in _stats(full)  # with the cache, every document: the state for growing
    assert restricted["findings"] == full["findings"] and restricted["documents"] == full["documents"]

    # past _INDEXED_UP_TO documents the cache keeps no state for those rules: an addition reduces them in full
    monkeypatch.setattr(corpus_phase, "_INDEXED_UP_TO", 10)
    cached = ("--cache-dir", str(base / "cache2"))
    cli("check", "c", "--jobs", "1", "-f", "json", *cached)
    write(base, "c/added.txt", "新加的一篇稿件，内容与别的稿件都不相同，只有这一段话而已。\n")
    age(base / "c", "added.txt")
    grown = json.loads(cli("check", "c", "--jobs", "1", "-f", "json", *cached).stdout)
    assert _stats(grown)["corpus"] == "partly grown"
    assert set(_stats(grown)["corpus_reduced"]) == set(seen)
    again = json.loads(cli("check", "c", "--jobs", "1", "-f", "json").stdout)
    assert grown["findings"] == again["findings"] and grown["documents"] == again["documents"]


@pytest.mark.parametrize("documents_per_partition", [50_000, 2])
def test_the_documents_that_share_are_found_across_batches_once_per_group(monkeypatch, documents_per_partition):
    from types import MappingProxyType

    import numpy as np

    from corpus_qa.engine.sharing import sharing_documents, sharing_groups
    from corpus_qa.model import Category, Severity
    from corpus_qa.rules.base import Rule, RuleContext

    calls = []

    def keys_of(features, ctx):
        calls.append(len(features))
        keys = [key for feature in features for key in (feature or ())]
        owners = [at for at, feature in enumerate(features) for _ in (feature or ())]
        return np.array(keys, dtype=np.uint64), np.array(owners), ctx["least"]

    ctx = RuleContext(MappingProxyType({"least": 2}))
    rules = [(Rule(code, code, Category.DUPLICATE, Severity.INFO, reduce=lambda f, c: [], sharing=keys_of), ctx)
             for code in ("X1", "X2")]
    groups = sharing_groups(rules)
    assert [group.codes for group in groups] == [["X1", "X2"]]
    features = [{"X1": keys, "X2": keys} for keys in ([1, 2], [3], None, [2, 2**64 - 1], [4, 4], [2**64 - 1])]
    batches = [features[:2], features[2:5], features[5:]]
    monkeypatch.setattr(sharing, "DOCUMENTS_PER_PARTITION", documents_per_partition)  # 1 or 3 partitions
    wanted = sharing_documents(batches, groups, len(features))
    # 2 and 2**64 - 1 across batches; 4 twice in one document (counted twice: harmless)
    assert wanted["X1"].tolist() == [True, False, False, True, True, True]
    assert wanted["X2"] is wanted["X1"] and calls == [2, 3, 1]
