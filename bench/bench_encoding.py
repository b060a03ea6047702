"""Speed of the ENC family's per-document checks on the iNews corpus, in one process.

    python bench/bench_encoding.py [--runs 3] [--corpus DIR] [--counts] [--samples N]

Reads every *.jsonl under the corpus folder (field `content`), builds Documents as the
JSONL reader would, then times all ENC rules that have a per-document check (ENC010's
corpus feature included) over all documents. Prints MB/s of UTF-8 text per run and the
median, from the process's CPU time (one core's speed, even on a busy machine). With
--counts, also prints how many documents each rule flags (ENC010 through its reduce step)
and, with --samples, that many example excerpts per rule.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_checks, all_rules, family_options

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "ccf-bdci2019-inews"


def load(corpus: Path, field: str) -> list[Document]:
    docs = []
    for path in sorted(corpus.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                record = json.loads(line)
                text = record.get(field)
                if isinstance(text, str) and text:
                    doc_id = str(record.get("id", f"{path.name}:{number}"))
                    docs.append(Document(doc_id, text, None, format="record", source=path.name, source_line=number))
    return docs


def encoding_rules():
    options = {key: option.default for key, option in family_options()["encoding"].items()}
    ctx = RuleContext(options)
    rules = [rule for rule in all_rules().values() if rule.code.startswith("ENC")]
    return ctx, rules


def run_once(docs, rules, ctx, flagged=None):
    checks = [check for check in all_checks().values() if any(rule.code in check.codes for rule in rules)]
    features: dict[str, dict] = defaultdict(dict)
    for doc in docs:
        for rule in rules:
            if rule.check is not None:
                hits = list(rule.check(doc, ctx))
                if flagged is not None and hits:
                    flagged[rule.code].append((doc, hits))
        for check in checks:
            features[check.name][doc.id] = check.features(doc, ctx)
    if flagged is not None:  # corpus checks: the reduce step, for the counts only
        by_id = {doc.id: doc for doc in docs}
        for check in checks:
            for hit in check(ctx).reduce(features[check.name]):
                flagged[hit.rule].append((by_id[hit.document], [hit.where]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--field", default="content")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--counts", action="store_true", help="documents flagged per rule")
    parser.add_argument("--samples", type=int, default=0, help="example excerpts per rule (with --counts)")
    args = parser.parse_args()

    docs = load(args.corpus, args.field)
    if not docs:
        print(f"no documents with field {args.field!r} under {args.corpus}", file=sys.stderr)
        return 2
    megabytes = sum(len(doc.text.encode("utf-8")) for doc in docs) / 1e6
    ctx, rules = encoding_rules()
    run_once(docs[:50], rules, ctx)  # lazy tables and imports are not part of the timing
    speeds = []
    for run in range(args.runs):
        fresh = [Document(d.id, d.text, None, format=d.format) for d in docs]  # no cached line tables
        began, began_cpu = time.perf_counter(), time.process_time()
        run_once(fresh, rules, ctx)
        wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        # CPU time of this one process: per-core speed, fair on a machine shared with others
        speeds.append(megabytes / cpu)
        print(f"run {run + 1}: {megabytes:.2f} MB in {cpu:.2f} s CPU ({wall:.2f} s wall) = {speeds[-1]:.2f} MB/s")
    print(f"ENC family, {len(rules)} rules, {len(docs)} documents: median {statistics.median(speeds):.2f} MB/s per core")

    if args.counts:
        flagged: dict[str, list] = defaultdict(list)
        run_once(docs, rules, ctx, flagged)
        for code in sorted(r.code for r in rules):
            print(f"{code}: {len(flagged.get(code, []))} documents flagged")
            for doc, hits in flagged.get(code, [])[: args.samples]:
                hit = hits[0]
                excerpt = doc.text[max(0, hit.start - 15) : min(hit.end, hit.start + 60) + 15].replace("\n", "\\n")
                print(f"    {doc.id}: {excerpt!r} -- {getattr(hit, 'message', 'corpus finding')[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
