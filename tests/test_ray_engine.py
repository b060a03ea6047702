"""--engine ray reports exactly what the local engine reports, on a local Ray instance.

Needs the optional extra: pip install -e '.[dev,ray]'. Without Ray the module is skipped.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from tests.conftest import (
    CLEAN_POST_BODY, CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, PEOPLES_DAILY_1998, REPO, SEEDS, UDN_2022, write,
)

ray = pytest.importorskip("ray", reason="the Ray engine needs the optional extra: pip install -e '.[ray]'")
pytest.importorskip("ray.data", reason="the Ray engine needs Ray Data: pip install -e '.[ray]'")

# Ray Data's own DataContext copies trip over its deprecated settings: not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

REAL_TEXTS = sorted((REPO / "tests" / "fixtures" / "boilerplate").glob("*.txt"))


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray instance for the module (the engine joins it and leaves it running)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _corpus(root: Path) -> Path:
    """Folders and record files across several reading tasks, with exact, near and
    script-folded duplicates, shared paragraphs, repeated ids and a broken record."""
    corpus = root / "corpus"
    for index, path in enumerate(REAL_TEXTS):  # real news pages with boilerplate
        write(corpus, f"real/{index:02d}_{path.name}", path.read_bytes())
    edited = PEOPLES_DAILY_1998.replace("冰雕童话世界", "冰雪童话世界")
    files = {
        "a/simplified.txt": CLEAN_SIMPLIFIED,
        "a/simplified-copy.txt": CLEAN_SIMPLIFIED.replace("\n", "\r\n"),
        "a/peoples-daily.txt": PEOPLES_DAILY_1998,
        "b/peoples-daily-edited.txt": edited,
        "b/udn.txt": UDN_2022,
        "b/udn-again.md": "---\ntitle: '蘇揆視察龜山集中檢疫所'\n---\n" + UDN_2022,
        "b/cna.txt": CLEAN_TRADITIONAL,
        "b/stitched.txt": PEOPLES_DAILY_1998.split("\n")[0] + "\n" + CLEAN_TRADITIONAL,
        "c/post.md": "---\ntitle: '春运期间客运量增长'\ndate: 2022-08-18\n---\n" + CLEAN_POST_BODY,
        "c/post-same-title.md": "---\ntitle: '春运期间客运量增长'\n---\n" + UDN_2022,
        "c/page.html": "<html><body><p>" + PEOPLES_DAILY_1998.replace("\n", "</p><p>") + "</p></body></html>",
    }
    for name, text in files.items():
        write(corpus, name, text)
    records = [
        {"id": "r1", "text": UDN_2022, "url": "https://udn.com/news/story/1/2", "title": "疫情"},
        {"id": "r2", "text": CLEAN_TRADITIONAL + CLEAN_TRADITIONAL, "url": "http://udn.com/news/story/1/2/"},
        {"id": "r1", "text": CLEAN_POST_BODY},  # the same id twice: made unique
        {"text": edited},  # no id: file.jsonl:LINE
        {"id": "r5", "text": ""},
    ]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    write(corpus, "records/news.jsonl", "\n".join(lines[:3]) + "\n{not json\n" + "\n".join(lines[3:]) + "\n")
    (corpus / "records" / "more.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return corpus


def _report(cli, engine: str, out: Path, *paths) -> tuple[int, dict]:
    result = cli("check", *paths, "--engine", engine, "--jobs", "2", "--include", "*.txt", "--include", "*.md",
                 "--include", "*.html", "--include", "*.jsonl", "--include", "*.jsonl.gz",
                 "--format", "json", "--output", out)
    report = json.loads(out.read_text(encoding="utf-8"))
    for stamp in ("started", "finished", "seconds"):
        report["run"].pop(stamp)
    return result.exit_code, report


def test_ray_engine_reports_what_the_local_engine_reports(cli, isolated, local_ray):
    corpus = _corpus(isolated)
    local_code, local = _report(cli, "local", isolated / "local.json", SEEDS, corpus)
    ray_code, on_ray = _report(cli, "ray", isolated / "ray.json", SEEDS, corpus)

    rules = {finding["rule"] for finding in local["findings"]}
    assert {"DUP001", "DUP002", "DUP004", "DUP005", "DUP006"} <= rules, "the corpus must exercise every reduce"
    assert any(doc["id"].endswith("news.jsonl:4") for doc in local["documents"]), "a broken JSONL line"
    assert local["summary"]["documents"] > 30
    assert ray_code == local_code
    assert [d["id"] for d in on_ray["documents"]] == [d["id"] for d in local["documents"]]
    assert on_ray["findings"] == local["findings"]
    assert on_ray == local


def test_ray_workers_reuse_the_result_cache(cli, isolated, local_ray):
    """Ray calls actors from threads of its own; the cache (SQLite) must still be read."""
    args = ("check", SEEDS, "--engine", "ray", "--jobs", "2", "--cache-dir", isolated / "cache", "--format", "json")
    first = cli(*args, "--output", isolated / "first.json")
    second = cli(*args, "--output", isolated / "second.json")
    assert first.exit_code == second.exit_code == 1
    first, second = (json.loads((isolated / name).read_text(encoding="utf-8")) for name in ("first.json", "second.json"))
    documents = first["summary"]["documents"]
    assert first["run"]["stats"]["documents_cached"] == 0 and first["run"]["stats"]["documents_checked"] == documents
    assert second["run"]["stats"]["documents_cached"] == documents and second["run"]["stats"]["documents_checked"] == 0
    assert second["findings"] == first["findings"]


def test_address_needs_the_ray_engine(cli, isolated):
    result = cli("check", SEEDS, "--address", "auto")
    assert result.exit_code == 2
    assert result.stderr.strip() == "corpus-qa: error: --address needs --engine ray"


def test_duplicate_bands_reduced_on_ray_give_the_same_pairs(local_ray):
    """The Ray engine hands each LSH band to a Ray task; the pairs must not change."""
    import numpy as np

    from corpus_qa.corpus import minhash
    from corpus_qa.engine.ray_engine import _band_mapper

    rng = np.random.default_rng(7)
    signatures = rng.integers(0, 40, size=(400, 64), dtype=np.uint32)
    signatures[10] = signatures[3]  # an exact copy
    signatures[100, :32] = signatures[7, :32]  # half the bands shared
    signatures[150:] = signatures[149]  # a bucket beyond LARGE_BUCKET: only chained pairs
    assert 400 - 149 > minhash.LARGE_BUCKET
    here = minhash.candidate_pairs(signatures, 16, 4)
    calls = []

    def counting_mapper(band_pairs, shared, bands, rows):
        calls.append(bands)
        return _band_mapper(ray)(band_pairs, shared, bands, rows)

    with minhash.bands_mapped_by(counting_mapper):
        on_ray = minhash.candidate_pairs(signatures, 16, 4)
    assert calls == [16]
    assert len(here) > 60
    assert np.array_equal(here, on_ray)
