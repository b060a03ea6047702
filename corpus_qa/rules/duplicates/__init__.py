"""DUP: content that repeats — whole documents, near-copies, paragraphs."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {}
