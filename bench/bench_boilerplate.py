"""Benchmark the BP (boilerplate) rules on the iNews corpus, in one process.

    python bench/bench_boilerplate.py [--runs 5] [--corpus DIR] [--sample N]

Prints: MB/s per core of all BP per-document rules together (median of --runs passes;
UTF-8 bytes of the text over the CPU time of this process, so a busy machine does not skew
it), MB/s of each rule alone, the BP009 repeated-line count (features + reduce:
time and peak memory from tracemalloc), the number of documents each rule flags, and with
--sample N a fixed random sample of N flagged documents per rule for review.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules, check_of, family_options

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ccf-bdci2019-inews"


def load(corpus: Path) -> list[Document]:
    docs = []
    for path in sorted(corpus.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                docs.append(Document(id=record["id"], text=record.get("content") or "", format="record"))
    return docs


def context() -> RuleContext:
    return RuleContext({key: option.default for key, option in family_options()["boilerplate"].items()})


def timed(fn) -> float:
    """CPU seconds of this process: MB/s per core, and steady when the machine is shared."""
    started = time.process_time()
    fn()
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    docs = load(args.corpus)
    megabytes = sum(len(doc.text.encode("utf-8")) for doc in docs) / 1e6
    ctx = context()
    rules = [rule for code, rule in all_rules().items() if code.startswith("BP")]
    per_doc = [rule for rule in rules if rule.check]
    corpus_rules = [rule for rule in rules if rule.is_corpus_rule]
    print(f"corpus: {args.corpus} — {len(docs)} documents, {megabytes:.1f} MB of text")

    flagged: dict[str, list[tuple[Document, list]]] = {rule.code: [] for rule in per_doc}
    for doc in docs:  # warm-up: compiles every pattern once, and collects the counts
        for rule in per_doc:
            hits = list(rule.check(doc, ctx))
            if hits:
                flagged[rule.code].append((doc, hits))

    def all_rules_pass():
        for doc in docs:
            for rule in per_doc:
                for _ in rule.check(doc, ctx):
                    pass

    times = [timed(all_rules_pass) for _ in range(args.runs)]
    median = statistics.median(times)
    print(f"\nall {len(per_doc)} per-document BP rules: median {megabytes / median:.1f} MB/s "
          f"({median:.2f} s; runs: {', '.join(f'{t:.2f}' for t in times)})")
    for rule in per_doc:
        def one_rule(rule=rule):
            for doc in docs:
                for _ in rule.check(doc, ctx):
                    pass
        rule_times = [timed(one_rule) for _ in range(max(3, args.runs // 2))]
        print(f"  {rule.code} {rule.name:<22} {megabytes / statistics.median(rule_times):8.1f} MB/s")

    for rule in corpus_rules:
        check = check_of(rule.code)
        started = time.process_time()
        features = {doc.id: check.features(doc, ctx) for doc in docs}
        hits = [hit for hit in check(ctx).reduce(features) if hit.rule == rule.code]
        elapsed = time.process_time() - started
        del features
        tracemalloc.start()  # memory in a second pass: tracing slows the timed one down
        features = {doc.id: check.features(doc, ctx) for doc in docs}
        list(check(ctx).reduce(features))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines = sum(len(f[1]) // 8 for f in features.values() if f)
        print(f"\n{rule.code} {rule.name}: {elapsed:.2f} s for features + reduce ({megabytes / elapsed:.1f} MB/s), "
              f"peak {peak / 1e6:.1f} MB traced (features of every document + the hash table), {lines} lines hashed, "
              f"{len(hits)} findings in {len({h.document for h in hits})} documents")
        flagged[rule.code] = [(next(d for d in docs if d.id == h.document), [h]) for h in hits]

    print("\ndocuments flagged per rule:")
    for code, items in flagged.items():
        print(f"  {code} {all_rules()[code].name:<22} {len(items):5d} of {len(docs)}")

    if args.sample:
        chooser = random.Random(4)
        for code, items in flagged.items():
            sample = chooser.sample(items, min(args.sample, len(items)))
            print(f"\n=== {code} sample of {len(sample)}")
            for doc, hits in sample:
                for hit in hits[:3]:
                    where = getattr(hit, "where", hit)
                    excerpt = doc.text[where.start:where.end].replace("\n", "⏎")
                    before = doc.text[max(0, where.start - 20):where.start].replace("\n", "⏎")
                    print(f"{doc.id}\t…{before}[[{excerpt[:160]}]]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
