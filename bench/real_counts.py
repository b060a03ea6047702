"""Count findings per rule on the real corpora (iNews, Taiwan news), and sample them for review.

    python bench/real_counts.py --out /tmp/eval/before          # writes counts.json + findings
    python bench/real_counts.py --out /tmp/eval/after --compare /tmp/eval/before
    python bench/real_counts.py --out /tmp/eval/after --sample BP005 --n 20

The corpora are converted to JSONL in a temporary folder (nothing written to the repository);
the check runs with --no-cache and --format json. Internal use only: the corpora stay in shared/.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duplicate_sources as sources  # noqa: E402

CORPORA = {
    "inews": lambda: ((key.removeprefix("inews:"), text) for key, text in sources.inews()),
    "taiwan": lambda: ((f"{row['FILE']}:{n}", row["CONTENT"]) for n, row in enumerate(sources.taiwan_rows())),
}


def run(name: str, out: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / f"{name}.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for key, text in CORPORA[name]():
                handle.write(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n")
        report = out / f"{name}.json"
        subprocess.run(
            [sys.executable, "-m", "corpus_qa", "check", str(corpus), "--no-cache", "--exit-zero",
             "--no-progress", "--format", "json", "--output", str(report)],
            check=True, cwd=tmp,
        )
    data = json.loads(report.read_text(encoding="utf-8"))
    by_rule = Counter(f["rule"] for f in data["findings"])
    documents = Counter(f["rule"] for f in {(f["rule"], f["document"]): f for f in data["findings"]}.values())
    return {"findings": dict(sorted(by_rule.items())), "documents": dict(sorted(documents.items())),
            "checked": data["summary"]["documents"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--sample", help="print a random sample of this rule's findings")
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    names = args.corpus or sorted(CORPORA)
    if args.sample:
        rng = random.Random(17)
        for name in names:
            findings = [f for f in json.loads((args.out / f"{name}.json").read_text())["findings"] if f["rule"] == args.sample]
            for f in rng.sample(findings, min(args.n, len(findings))):
                print(f"{name} {f['document']} {f['line']}:{f['column']} {f['message'][:90]!r}\n    {f['excerpt'][:160]!r}")
        return
    counts = {name: run(name, args.out) for name in names}
    (args.out / "counts.json").write_text(json.dumps(counts, indent=1, ensure_ascii=False))
    before = json.loads((args.compare / "counts.json").read_text()) if args.compare else {}
    for name in names:
        rules = sorted(set(counts[name]["findings"]) | set(before.get(name, {}).get("findings", {})))
        print(f"## {name} ({counts[name]['checked']} documents)  rule: findings (documents)")
        for rule in rules:
            now = f"{counts[name]['findings'].get(rule, 0)} ({counts[name]['documents'].get(rule, 0)})"
            was = before.get(name, {})
            then = f"{was.get('findings', {}).get(rule, 0)} ({was.get('documents', {}).get(rule, 0)}) -> " if was else ""
            print(f"  {rule:7} {then}{now}")


if __name__ == "__main__":
    main()
