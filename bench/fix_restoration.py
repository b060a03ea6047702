"""How often `corpus-qa fix` restores a damaged document exactly: defects injected into clean
People's Daily pseudo-articles (whose originals are kept), repaired in-process with the safe
fixes (and again with --unsafe-fixes), compared with the originals.

    python bench/fix_restoration.py [--documents 300] [--seed 7]

Kinds injected, one defect per document at a random place of a random paragraph:
  pinyin       three characters that OpenCC converted to traditional (產 for 产) annotated with
               their pinyin in brackets (產(chǎn) style, pypinyin tone marks), as converters do
  doubled      a `，` or `、` of the text doubled
  zero-width   a U+200B inserted between two ideographs
  html         the paragraph wrapped in <p>…</p> and an &nbsp; put in its first space
  repeated     a paragraph of at least 30 characters printed twice in a row
  frontmatter  the document given a frontmatter block after two blank lines
Clean documents (nothing injected) are fixed too: none may change. Figures: restored exactly
(safe fixes; safe and unsafe), changed but not restored, left unchanged, per kind.
Internal use: the corpus stays in shared/.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import duplicate_sources as sources  # noqa: E402

from corpus_qa.config import load_config  # noqa: E402
from corpus_qa.engine.checker import Checker  # noqa: E402
from corpus_qa.fixing import repair  # noqa: E402
from corpus_qa.model import Document  # noqa: E402

_IDEOGRAPH_PAIR = re.compile(r"[\u4e00-\u9fff](?=[\u4e00-\u9fff])")


def inject(kind: str, text: str, rng: random.Random) -> str | None:
    """`text` with one defect of `kind`, or None when the text offers no place for it."""
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    line = lines[at]
    if kind == "pinyin":
        from opencc import OpenCC
        from pypinyin import Style, pinyin

        simplified, line = line, OpenCC("s2t").convert(line)
        # converters annotate the characters they converted (產 for 产), as the seeds show
        places = [m.start() for m in _IDEOGRAPH_PAIR.finditer(line)
                  if len(line) == len(simplified) and simplified[m.start()] != line[m.start()]]
        if len(places) < 3:
            return None
        for where in sorted(rng.sample(places, 3), reverse=True):  # as converters inject them: several
            syllable = pinyin(line[where], style=Style.TONE)[0][0]
            line = line[: where + 1] + f"({syllable})" + line[where + 1 :]
        lines[at] = line
        return "\n".join(OpenCC("s2t").convert(other) if i != at else lines[at] for i, other in enumerate(lines))
    if kind == "doubled":
        places = [m.start() for m in re.finditer("[，、]", line)]
        if not places:
            return None
        where = rng.choice(places)
        lines[at] = line[: where + 1] + line[where] + line[where + 1 :]
    elif kind == "zero-width":
        places = [m.end() for m in _IDEOGRAPH_PAIR.finditer(line)]
        if not places:
            return None
        where = rng.choice(places)
        lines[at] = line[:where] + "\u200b" + line[where:]
    elif kind == "html":
        lines[at] = f"<p>{line}</p>"
    elif kind == "repeated":
        long = [i for i, other in enumerate(lines) if len(other) >= 30]
        if not long:
            return None
        at = rng.choice(long)
        lines.insert(at + 1, lines[at])
    elif kind == "frontmatter":
        return f"\n\n---\ntitle: 人民日报\n---\n{text}"
    return "\n".join(lines)


def original_of(kind: str, text: str) -> str:
    """What a perfect repair gives: the original (traditional for pinyin: the injection also
    converted the script, which is not a defect; with the frontmatter kept, not its blank lines)."""
    if kind == "pinyin":
        from opencc import OpenCC

        return OpenCC("s2t").convert(text)
    if kind == "frontmatter":
        return f"---\ntitle: 人民日报\n---\n{text}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=300, help="documents per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [text for _, text in sources.peoples_daily(6)]
    rng.shuffle(articles)
    checker = Checker(load_config(None))
    kinds = ("clean", "pinyin", "doubled", "zero-width", "html", "repeated", "frontmatter")
    print("| kind | documents | restored (safe) | restored (safe + unsafe) | changed, not restored | unchanged |")
    print("|---|--:|--:|--:|--:|--:|")
    for kind in kinds:
        counts = Counter()
        pool = iter(articles)
        while counts["documents"] < args.documents:
            text = next(pool)
            damaged = text if kind == "clean" else inject(kind, text, rng)
            if damaged is None:
                continue
            counts["documents"] += 1
            wanted = text if kind == "clean" else original_of(kind, text)
            fmt = "markdown" if kind == "frontmatter" else "text"
            doc = Document(f"{kind}-{counts['documents']}", damaged, format=fmt)
            safe = repair(doc, checker.document_findings).text
            both = repair(doc, checker.document_findings, unsafe=True).text
            counts["restored"] += safe == wanted
            counts["restored_unsafe"] += both == wanted
            counts["changed_not_restored"] += safe != damaged and safe != wanted
            counts["unchanged"] += safe == damaged
        n = counts["documents"]
        print(f"| {kind} | {n} | {counts['restored']} ({counts['restored'] / n:.0%}) | "
              f"{counts['restored_unsafe']} ({counts['restored_unsafe'] / n:.0%}) | {counts['changed_not_restored']} | "
              f"{counts['unchanged']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
