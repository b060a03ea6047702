"""BP: text that is not the article — injected lists, widgets, ads, credits, HTML residue."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {}
