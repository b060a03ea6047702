"""Build a large synthetic corpus from the real ones, with near-duplicates of known pairs injected.

    python bench/make_synthetic.py --documents 200000      # bench/data/synthetic-200000.jsonl (+ .truth.json)

Documents (JSONL records {"id", "text"}, shuffled):
  real       every article of iNews, the Taiwan news and People's Daily (pseudo-articles of six
             paragraphs), after removing the duplicates they already hold (one per cluster at
             similarity 0.5, by this project's own detector, so the injected pairs are the
             only duplicates left to find)
  filler     new documents of 6-30 sentences drawn at random from all real sentences, in
             paragraphs of 2-5 sentences: distinct from each other, realistic in length and
             vocabulary (a sentence recurs in a few documents, as quotes do)
  injected   copies of 2.5% of all documents, each under one mutation of
             bench/duplicate_mutations (NEAR: must be found; STRETCH: reported separately),
             one in ten with a second copy
  look-alike pairs of different fillers wrapped in the same long template block (a third of
             their length): must not be clustered

The truth file lists every injected pair with its mutation and label, and every document's
family (an original and its copies share one), for bench/bench_duplicates.py.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duplicate_mutations as mutations  # noqa: E402
import duplicate_sources as sources  # noqa: E402

from corpus_qa.corpus.dedup import analyse  # noqa: E402
from corpus_qa.corpus.fingerprint import fingerprint_document  # noqa: E402
from corpus_qa.corpus.settings import DuplicateSettings  # noqa: E402
from corpus_qa.model import Document  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
_SENTENCE = re.compile(r"[^。！？!?\n]{8,150}[。！？!?]")
INJECTED_SHARE = 0.025
LOOK_ALIKE_SHARE = 0.005


def real_articles() -> list[tuple[str, str]]:
    """The real articles with their own duplicates removed (the lowest id of each cluster kept)."""
    found = [(key, text) for loader in (sources.inews, sources.taiwan, lambda: sources.peoples_daily(6))
             for key, text in loader() if len(text.strip()) >= 100]
    settings = DuplicateSettings(threshold=0.5)
    fingerprints = {key: fingerprint_document(Document(id=key, text=text), settings) for key, text in found}
    body_of = analyse(fingerprints, settings).body_of
    return [(key, text) for key, text in found if body_of.get(key, key) == key]


def sentence_pool(articles: list[tuple[str, str]]) -> list[str]:
    return sorted({s for _, text in articles for s in _SENTENCE.findall(text.replace("\\n", "\n"))})


def filler(pool: list[str], rng: random.Random) -> str:
    sentences = rng.sample(pool, rng.randint(6, 30))
    paragraphs, start = [], 0
    while start < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append("".join(sentences[start : start + size]))
        start += size
    return "\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or DATA / f"synthetic-{args.documents}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)

    articles = real_articles()
    pool = sentence_pool(articles)
    print(f"{len(articles)} real articles after removing their own duplicates, {len(pool)} sentences", file=sys.stderr)
    total = args.documents
    injected = int(total * INJECTED_SHARE)
    look_alike_pairs = int(total * LOOK_ALIKE_SHARE) // 2
    extra_copies = injected // 10
    real = articles[: max(0, min(len(articles), total - injected - extra_copies - 2 * look_alike_pairs))]
    fillers = total - len(real) - injected - extra_copies - 2 * look_alike_pairs
    if fillers < 0:
        raise SystemExit("too few documents for the real articles and the injections")

    texts: list[str] = [text for _, text in real]
    origins: list[str] = [key for key, _ in real]
    for _ in range(fillers):
        texts.append(filler(pool, rng))
        origins.append("filler")
    family = list(range(len(texts)))

    kinds = mutations.NEAR + mutations.STRETCH + [mutations.to_traditional, mutations.to_simplified]
    weights = [3] * len(mutations.NEAR) + [1] * len(mutations.STRETCH) + [2, 1]
    pairs = []
    originals = rng.sample(range(len(texts)), injected)
    for number, original in enumerate(originals):
        copies = 2 if number < extra_copies else 1
        for _ in range(copies):
            mutation = rng.choices(kinds, weights)[0]
            if mutation is mutations.to_simplified and not origins[original].startswith("taiwan"):
                mutation = mutations.to_traditional
            copy = mutation(texts[original], rng)
            label = "stretch" if mutation in mutations.STRETCH else "near"
            pairs.append({"a": original, "b": len(texts), "mutation": mutation.__name__, "label": label})
            texts.append(copy)
            origins.append(f"copy:{mutation.__name__}")
            family.append(family[original])
    for _ in range(look_alike_pairs):
        block = filler(pool, rng)[:400]
        first, second = filler(pool, rng), filler(pool, rng)
        pairs.append({"a": len(texts), "b": len(texts) + 1, "mutation": "same_template_block", "label": "look-alike"})
        for body in (first, second):
            texts.append(mutations.shared_boilerplate(body, block[: len(body) // 3]))
            origins.append("look-alike")
            family.append(len(family))

    order = list(range(len(texts)))
    rng.shuffle(order)
    ids = {index: f"syn-{position:07d}" for position, index in enumerate(order)}
    with open(out, "w", encoding="utf-8") as handle:
        for index in order:
            handle.write(json.dumps({"id": ids[index], "text": texts[index]}, ensure_ascii=False) + "\n")
    copied = {pair["a"] for pair in pairs if pair["label"] != "look-alike"}
    truth = {
        "documents": len(texts),
        "real": len(real),
        "fillers": fillers,
        "pairs": [dict(pair, a=ids[pair["a"]], b=ids[pair["b"]]) for pair in pairs],
        # originals and their copies; every other document is alone in its family
        "family": {ids[index]: f"f{family[index]}" for index in range(len(texts))
                   if family[index] != index or index in copied},
    }
    Path(str(out).removesuffix(".jsonl") + ".truth.json").write_text(json.dumps(truth, ensure_ascii=False))
    size = out.stat().st_size
    print(f"wrote {out} ({len(texts)} documents, {size / 1e6:.0f} MB): {len(real)} real, {fillers} fillers, "
          f"{sum(1 for p in pairs if p['label'] != 'look-alike')} injected copies, {look_alike_pairs} look-alike pairs",
          file=sys.stderr)


if __name__ == "__main__":
    main()
