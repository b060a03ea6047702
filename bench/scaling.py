"""Throughput of the full check on 10k, 100k, 300k and 1M synthetic documents: wall time and
peak memory of the whole process tree, to see whether time grows linearly and memory stays
bounded.

    python bench/scaling.py                              # 10k and 100k, local engine
    python bench/scaling.py --sizes 10000,100000,300000,1000000 --runs 1
    python bench/scaling.py --sizes 100000 --engine ray  # the same on a local Ray instance
    python bench/scaling.py --no-report                  # JSON output only

Each run is `corpus-qa check CORPUS --no-cache --format json --output ... --report ...` (all
rules, no result cache, the HTML report written), measured by bench/measure.py (wall time;
RSS of the main process plus every worker, sampled every 20 ms). Corpora are built by
bench/scaling_corpus.py when missing. Results go to bench/results/scaling.jsonl (one line
per run, appended) and a table on stdout.

The command imports corpus_qa as `python -m corpus_qa` does: from the working directory
first. To time a frozen copy while others edit the tree, run from elsewhere:
    cp -r corpus_qa /tmp/snap/ && cd /tmp && PYTHONPATH=/tmp/snap python /work/main/bench/scaling.py
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measure  # noqa: E402
import scaling_corpus  # noqa: E402

RESULTS = HERE / "results"


def _revision() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE,
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _package() -> str:
    """Where the measured command imports corpus_qa from: `python -m` puts the working
    directory first, so run this from outside the repository to measure a PYTHONPATH copy."""
    try:
        return subprocess.run([sys.executable, "-c", "import corpus_qa; print(corpus_qa.__file__)"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def command(corpus: Path, out: Path, engine: str, report: bool, jobs: int) -> list[str]:
    args = [sys.executable, "-m", "corpus_qa", "check", str(corpus), "--no-cache", "--no-progress",
            "--format", "json", "--output", str(out.with_suffix(".json"))]
    if report:
        args += ["--report", str(out.with_suffix(".html"))]
    if engine != "local":
        args += ["--engine", engine]
    if jobs:
        args += ["--jobs", str(jobs)]
    return args


def documents_in(output: Path) -> int | None:
    """summary.documents of a JSON output, read from its head: a 1M-document output is
    gigabytes, and "summary" comes second, after "tool"."""
    try:
        with open(output, encoding="utf-8") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return None
    found = re.search(r'"summary": \{\s*"documents": (\d+)', head)
    return int(found.group(1)) if found else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated document counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is reported)")
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs for corpus-qa (default: all cores)")
    parser.add_argument("--no-report", dest="report", action="store_false", help="leave out --report")
    args = parser.parse_args()

    sizes = sorted(int(size) for size in args.sizes.split(","))
    corpora = scaling_corpus.build(sizes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    revision, package = _revision(), _package()
    rows = []
    for size, corpus in zip(sizes, corpora):
        out = RESULTS / f"scaling-{scaling_corpus.size_name(size)}-{args.engine}"
        argv = command(corpus, out, args.engine, args.report, args.jobs)
        walls, peaks, codes = [], [], []
        for _ in range(args.runs):
            wall, peak_kib, code = measure.measure(argv)
            walls.append(wall)
            peaks.append(peak_kib)
            codes.append(code)
            row = {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S"), "revision": revision, "engine": args.engine,
                "size": size, "corpus_mib": round(corpus.stat().st_size / 2**20, 1), "report": args.report,
                "wall_s": round(wall, 2), "peak_rss_mib": round(peak_kib / 1024), "exit_code": code,
                "documents": documents_in(out.with_suffix(".json")), "cores": os.cpu_count(),
                "load_before": os.getloadavg()[0], "python": platform.python_version(), "package": package,
            }
            with open(RESULTS / "scaling.jsonl", "a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")
            print(json.dumps(row), file=sys.stderr, flush=True)
        wall = statistics.median(walls)
        rows.append((size, corpus.stat().st_size / 2**20, wall, statistics.median(peaks) / 1024, sorted(set(codes))))

    print(f"engine {args.engine}, revision {revision} ({package}), {os.cpu_count()} cores, runs per size {args.runs}"
          f"{', report written' if args.report else ''}")
    print(f"{'documents':>10} {'MiB':>7} {'wall s':>8} {'docs/s':>8} {'MiB/s':>6} {'peak RSS MiB':>13}  exit")
    for size, mib, wall, peak, codes in rows:
        print(f"{size:>10,} {mib:>7,.0f} {wall:>8.1f} {size / wall:>8,.0f} {mib / wall:>6.2f} {peak:>13,.0f}  {codes}")


if __name__ == "__main__":
    main()
