"""The pre-merge gate at corpus scale: a cold full check, a warm re-check with nothing changed,
and a re-check after adding 10 documents, on a repository of 100,000 document files.

    python bench/make_synthetic.py --documents 200000     # once: bench/data/synthetic-200000.jsonl
    python bench/bench_gate.py --documents 100000 --runs 3 [--fresh-clone]

The corpus is written as one .txt file per document under bench/data/gate-<N>/ (git-ignored),
taken from the synthetic JSONL built from ../shared/corpora. Each "10 added" run adds two
exact and two near copies of documents already there and six new documents (see added_text). Each timing runs the real CLI
(`corpus-qa check .`, all rules, JSON to a file) inside that folder, with the corpus's own
`corpus-qa.toml` (default settings: every rule, no expectation suite), and the result cache in a
fresh folder for the cold run; wall time and peak memory of the whole process tree come from
bench/measure.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import measure  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


def write_corpus(source: Path, folder: Path, count: int) -> list[dict]:
    """The first `count` records as files (100 per subfolder); the next 10 are kept back."""
    records = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            records.append(json.loads(line))
            if len(records) == count + 10:
                break
    if len(records) < count + 10:
        raise SystemExit(f"{source} has fewer than {count + 10} records")
    if folder.exists():
        shutil.rmtree(folder)
    # the corpus's own config, so this repository's pyproject.toml (made for seeds/) is not used
    (folder / "corpus-qa.toml").parent.mkdir(parents=True, exist_ok=True)
    (folder / "corpus-qa.toml").write_text("# default settings: every rule\n", encoding="utf-8")
    for index, record in enumerate(records[:count]):
        path = folder / f"{index // 100:04d}" / f"{index:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record["text"], encoding="utf-8")
    return records[count:]


def added_text(folder: Path, count: int, number: int, index: int, record: dict) -> str:
    """What a pull request adds: two exact copies of documents already there, two copies with
    a line added (near duplicates), and six new documents."""
    if index < 4:
        old = (number * 4 + index) * 997 % count
        text = (folder / f"{old // 100:04d}" / f"{old:06d}.txt").read_text(encoding="utf-8")
        return text if index < 2 else text + f"\n（第{number}次转载）\n"
    return record["text"] + f"\n（第{number}次追加）\n"


def check(folder: Path, cache: Path) -> tuple[float, int, int]:
    command = ["corpus-qa", "check", ".", "--cache-dir", str(cache), "--no-progress",
               "--format", "json", "--output", str(DATA / "gate-last.json")]
    return measure(command, cwd=str(folder))


def _walls(runs: list[tuple[float, int, int]]) -> str:
    return ", ".join(f"{wall:.1f}" for wall, _, _ in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each warm timing (the cold one runs once)")
    parser.add_argument("--source", type=Path, default=DATA / "synthetic-200000.jsonl")
    parser.add_argument("--fresh-clone", action="store_true",
                        help="then commit the corpus to git and time checks in a fresh clone of it")
    args = parser.parse_args()

    folder = DATA / f"gate-{args.documents}"
    cache = DATA / f"gate-{args.documents}-cache"
    extra = write_corpus(args.source, folder, args.documents)
    shutil.rmtree(cache, ignore_errors=True)

    cold_wall, cold_peak, code = check(folder, cache)
    print(f"cold full check: {cold_wall:.1f} s, peak {cold_peak / 1024:.0f} MiB, exit {code}")
    warm = [check(folder, cache) for _ in range(args.runs)]
    warm_wall = statistics.median(w for w, _, _ in warm)
    print(f"warm, nothing changed: median {warm_wall:.1f} s of {args.runs} ({_walls(warm)}), "
          f"peak {max(p for _, p, _ in warm) / 1024:.0f} MiB")

    added = []
    for number in range(args.runs):
        for index, record in enumerate(extra):
            path = folder / "added" / f"run{number}-{index:02d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(added_text(folder, args.documents, number, index, record), encoding="utf-8")
        added.append(check(folder, cache))
    added_wall = statistics.median(w for w, _, _ in added)
    print(f"warm, 10 documents added: median {added_wall:.1f} s of {args.runs} ({_walls(added)}), "
          f"peak {max(p for _, p, _ in added) / 1024:.0f} MiB")
    print(f"speed-up: nothing changed {cold_wall / warm_wall:.1f}x, 10 added {cold_wall / added_wall:.1f}x")
    report = json.loads((DATA / "gate-last.json").read_text(encoding="utf-8"))
    print(f"last run: {report['summary']['documents']} documents, stats {report['run'].get('stats')}")
    if args.fresh_clone:
        fresh_clone(folder, cache, args, extra, cold_wall)


def fresh_clone(folder: Path, cache: Path, args, extra: list[dict], cold_wall: float) -> None:
    """CI's case: the corpus is a git repository, the job clones it afresh (every mtime is new)
    and restores the cache. Files git has unmodified are known by their blob ids."""
    def git(*command: str, cwd: Path = folder) -> None:
        # gc.auto=0: a background gc packing 100k loose objects would race the clone that copies them
        done = subprocess.run(["git", "-c", "user.email=bench@corpus-qa", "-c", "user.name=bench", "-c", "gc.auto=0",
                               *command],
                              cwd=cwd, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"git {command[0]} failed: {done.stderr.strip()}")

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "corpus")
    recorded, _, _ = check(folder, cache)  # the cache learns the blob versions (reads every file once)
    print(f"after git commit (files recorded by blob id): {recorded:.1f} s")
    clone = DATA / f"gate-{args.documents}-clone"
    shutil.rmtree(clone, ignore_errors=True)
    git("clone", "-q", str(folder), str(clone), cwd=DATA)
    same = [check(clone, cache) for _ in range(args.runs)]
    print(f"fresh clone, nothing changed: median {statistics.median(w for w, _, _ in same):.1f} s ({_walls(same)})")
    added = []
    for number in range(args.runs):
        for index, record in enumerate(extra):
            path = clone / "pr" / f"run{number}-{index:02d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(added_text(clone, args.documents, number + args.runs, index, record), encoding="utf-8")
        added.append(check(clone, cache))
    added_wall = statistics.median(w for w, _, _ in added)
    print(f"fresh clone, 10 documents added: median {added_wall:.1f} s ({_walls(added)}), "
          f"speed-up {cold_wall / added_wall:.1f}x")


if __name__ == "__main__":
    main()
