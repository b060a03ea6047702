"""ENC: the bytes and characters of a document — encodings, mojibake, lost characters."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {}
