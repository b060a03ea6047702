"""Load the word lists in corpus_qa/text/data/: one entry per line or per whitespace-separated
word, `#` starts a comment. Each file says where its contents came from."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    text = resources.files("corpus_qa.text").joinpath("data", name).read_text(encoding="utf-8")
    found: set[str] = set()
    for line in text.splitlines():
        found.update(line.split("#", 1)[0].split())
    return frozenset(found)


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    text = resources.files("corpus_qa.text").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
