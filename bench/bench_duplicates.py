"""Benchmark the DUP family: wall time, peak memory, and what it finds.

    python bench/bench_duplicates.py inews [--jobs 2]
        the iNews corpus (7,353 records): time, peak RSS, and whether every real group of
        identical contents comes out as one DUP001 group
    python bench/bench_duplicates.py synthetic --documents 200000 [--jobs 2]
        a corpus from bench/make_synthetic.py (built first if missing): time, peak RSS, and the
        recall and precision of the injected near-duplicate pairs

Both run the real command line (`corpus-qa check … --select DUP --no-cache`) in a subprocess.
Peak RSS is sampled every 20 ms from /proc: the main process (which holds the signatures)
and the whole tree (main process plus workers).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import duplicate_sources as sources  # noqa: E402


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.extend(int(child) for child in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def run_measured(command: list[str]) -> dict:
    """Run command; wall seconds, CPU seconds of the tree, peak RSS (main, tree) in MiB."""
    started = time.perf_counter()
    before = _cpu_of_children()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks = {"main": 0, "tree": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            main = _rss_kib(process.pid)
            stack, tree = _children(process.pid), main
            while stack:
                pid = stack.pop()
                tree += _rss_kib(pid)
                stack.extend(_children(pid))
            peaks["main"], peaks["tree"] = max(peaks["main"], main), max(peaks["tree"], tree)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()[-2000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(_cpu_of_children() - before, 2),
            "peak_rss_main_mib": round(peaks["main"] / 1024, 1), "peak_rss_tree_mib": round(peaks["tree"] / 1024, 1)}


def _cpu_of_children() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_command(paths: list[str], output: Path, jobs: int, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "corpus_qa", "check", *paths, "--select", "DUP", "--no-cache", "--no-progress",
            "--jobs", str(jobs), "--format", "jsonl", "--output", str(output), "--exit-zero", *extra]


def read_findings(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def clusters_of(findings: list[dict], rules=("DUP001", "DUP002")) -> dict[tuple[str, str], set[str]]:
    groups: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for finding in findings:
        if finding["rule"] in rules:
            groups[(finding["rule"], finding["data"]["cluster"])].add(finding["document"])
    return groups


def bench_inews(jobs: int) -> dict:
    corpus = sources.CORPORA / "ccf-bdci2019-inews"
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "findings.jsonl"
        options = ["--include", "*.jsonl", "--text-field", "content"]
        timing = run_measured(check_command([str(corpus)], output, jobs, options))
        findings = read_findings(output)
    by_content: dict[str, list[str]] = collections.defaultdict(list)
    for key, text in sources.inews():
        by_content[text].append(key.removeprefix("inews:"))
    real_groups = [sorted(ids) for text, ids in by_content.items() if len(ids) > 1]
    empty = [ids for text, ids in by_content.items() if len(ids) > 1 and not text.strip()]
    exact = clusters_of(findings, ("DUP001",))
    group_of = {doc: key for key, members in exact.items() for doc in members}
    reproduced = [ids for ids in real_groups if len({group_of.get(doc) for doc in ids}) == 1 and ids[0] in group_of]
    counts = collections.Counter(f["rule"] for f in findings)
    return {
        **timing,
        "jobs": jobs,
        "findings": dict(sorted(counts.items())),
        "real_exact_groups": len(real_groups),
        "real_exact_groups_of_empty_documents": len(empty),
        "reproduced_by_DUP001": len(reproduced),
        "DUP001_groups": len(exact),
        "DUP002_clusters": len(clusters_of(findings, ("DUP002",))),
    }


def bench_synthetic(documents: int, jobs: int) -> dict:
    data = BENCH / "data" / f"synthetic-{documents}.jsonl"
    truth_path = Path(str(data).removesuffix(".jsonl") + ".truth.json")
    if not data.exists() or not truth_path.exists():
        subprocess.run([sys.executable, str(BENCH / "make_synthetic.py"), "--documents", str(documents)], check=True)
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "findings.jsonl"
        timing = run_measured(check_command([str(data)], output, jobs, []))
        findings = read_findings(output)
    family = truth["family"]
    clustered = set()
    for members in clusters_of(findings).values():
        clustered.update(frozenset(pair) for pair in itertools.combinations(sorted(members), 2))
    same_family = sum(1 for pair in clustered if len({family.get(doc, doc) for doc in pair}) == 1)
    per_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for pair in truth["pairs"]:
        found = frozenset((pair["a"], pair["b"])) in clustered
        per_kind[f"{pair['label']}:{pair['mutation']}"][0] += found
        per_kind[f"{pair['label']}:{pair['mutation']}"][1] += 1
    def share(label: str) -> tuple[int, int]:
        hit = sum(v[0] for k, v in per_kind.items() if k.startswith(label + ":"))
        return hit, sum(v[1] for k, v in per_kind.items() if k.startswith(label + ":"))
    near, stretch, look = share("near"), share("stretch"), share("look-alike")
    counts = collections.Counter(f["rule"] for f in findings)
    size = data.stat().st_size
    return {
        **timing,
        "jobs": jobs,
        "documents": truth["documents"],
        "corpus_mb": round(size / 1e6, 1),
        "findings": dict(sorted(counts.items())),
        "recall_near": round(near[0] / max(1, near[1]), 4), "near_pairs": near[1],
        "recall_stretch": round(stretch[0] / max(1, stretch[1]), 4), "stretch_pairs": stretch[1],
        "look_alike_pairs_clustered": f"{look[0]}/{look[1]}",
        "precision_pairs": round(same_family / max(1, len(clustered)), 4), "clustered_pairs": len(clustered),
        "per_mutation": {kind: f"{hit}/{total}" for kind, (hit, total) in sorted(per_kind.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", choices=("inews", "synthetic"))
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    result = bench_inews(args.jobs) if args.corpus == "inews" else bench_synthetic(args.documents, args.jobs)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
