"""Synthetic JSONL corpora of any size, built from the real corpora in ../shared/corpora.

    python bench/scaling_corpus.py                       # 10k, 100k, 300k, 1M under bench/data/scaling/
    python bench/scaling_corpus.py --sizes 10000,100000  # only these

Real documents repeated a hundred times would make every document a duplicate, so each
synthetic document takes the shape of a real one (iNews, the Taiwan news, People's Daily
pseudo-articles: its lines and how many sentences each holds) and fills each sentence slot
with the head of one real sentence and the tail of another, both drawn at random from all
real documents (222k sentences). Whole real sentences would recur more often the larger the
corpus (a one-sentence line in 1 of 10k documents, but in 5 of 100k), and the shared-line
rules (DUP004, DUP005, BP009) would report more per document as the corpus grows; spliced
sentences keep the real text's characters and noise (HTML fragments, share widgets, editor
credits, odd punctuation), so every rule family has work. Long heads of real sentences
still recur (a title is the first 30 characters), so those three rules' findings still grow
faster than the corpus: 478 at 10k, 27,975 at 100k, of 31,891 and 339,167 findings in all
(3.2 and 3.4 findings per document).
Then, as in a crawl, 2% of the documents are exact copies and 3% near copies (one edit of
bench/duplicate_mutations.NEAR) of a recent document, half of the copies under the
original's URL: the only repetition, at the same rate at every size.

One seeded stream: the smaller corpora are prefixes of the larger ones, and the files are the
same on every machine. Records: {"id", "title", "url", "text"}. Written under bench/data/
(git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duplicate_mutations as mutations  # noqa: E402
import duplicate_sources as sources  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "scaling"
DEFAULT_SIZES = (10_000, 100_000, 300_000, 1_000_000)
SEED = 20191009
EXACT_SHARE, NEAR_SHARE = 0.02, 0.03
RECENT = 5_000  # copies are taken from the last RECENT documents (memory stays flat)
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?”」』]*")


def size_name(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k"


def corpus_path(size: int, root: Path = DATA) -> Path:
    return root / f"synthetic-{size_name(size)}.jsonl"


def _real_documents() -> list[str]:
    texts = [text for _, text in sources.inews()]
    texts += [text for _, text in sources.taiwan()]
    texts += [text for _, text in sources.peoples_daily()]
    return [text for text in texts if text.strip()]


def _shapes_and_pool(texts: list[str]) -> tuple[list[list[int]], list[str]]:
    """Per real document, the sentence count of each line; and every sentence."""
    shapes, pool = [], []
    for text in texts:
        shape = []
        for line in text.split("\n"):
            found = _SENTENCE.findall(line)
            pool.extend(found)
            shape.append(len(found))
        shapes.append(shape)
    return shapes, pool


class Generator:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.shapes, self.pool = _shapes_and_pool(_real_documents())
        self.recent: deque[dict] = deque(maxlen=RECENT)

    def _sentence(self) -> str:
        rng, pool = self.rng, self.pool
        head, tail = rng.choice(pool), rng.choice(pool)
        return head[: rng.randint(1, len(head))] + tail[rng.randrange(len(tail)):]

    def _fresh(self, number: int) -> dict:
        shape = self.rng.choice(self.shapes)
        text = "\n".join("".join(self._sentence() for _ in range(count)) for count in shape)
        if not text.strip():
            text = self._sentence()
        return {"title": text.strip().split("\n", 1)[0][:30], "url": f"https://news.example.cn/a/{number:07d}.html",
                "text": text}

    def record(self, number: int) -> dict:
        rng = self.rng
        roll = rng.random()
        if self.recent and roll < EXACT_SHARE + NEAR_SHARE:
            original = rng.choice(self.recent)
            if roll < EXACT_SHARE:
                text = original["text"]
            else:
                text = rng.choice(mutations.NEAR)(original["text"], rng)
            url = original["url"] if rng.random() < 0.5 else f"https://news.example.cn/a/{number:07d}.html"
            body = {"title": original["title"], "url": url, "text": text}
        else:
            body = self._fresh(number)
            self.recent.append(body)
        return {"id": f"syn-{number:07d}", **body}


def build(sizes: list[int], root: Path = DATA, seed: int = SEED) -> list[Path]:
    """Write the corpora of `sizes` (prefixes of one stream); existing files are kept."""
    sizes = sorted(sizes)
    targets = {size: corpus_path(size, root) for size in sizes}
    missing = [size for size, path in targets.items() if not path.exists()]
    if not missing:
        return list(targets.values())
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generator = Generator(seed)
    partial = {size: targets[size].with_suffix(".jsonl.part") for size in missing}
    handles = {size: open(path, "w", encoding="utf-8") for size, path in partial.items()}
    try:
        for number in range(1, max(missing) + 1):
            line = json.dumps(generator.record(number), ensure_ascii=False) + "\n"
            for size, handle in handles.items():
                if number <= size:
                    handle.write(line)
    finally:
        for handle in handles.values():
            handle.close()
    for size, path in partial.items():
        path.replace(targets[size])
    print(f"built {', '.join(size_name(s) for s in missing)} in {time.perf_counter() - started:.0f} s "
          f"(pool of {len(generator.pool):,} real sentences, {len(generator.shapes):,} document shapes)",
          file=sys.stderr)
    return list(targets.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated document counts")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args()
    for path in build([int(s) for s in args.sizes.split(",")], args.out):
        print(f"{path}  {path.stat().st_size / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()
