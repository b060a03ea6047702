"""What the DUP rules share: their settings, a document's paragraphs and fingerprint, the
wording of their messages. The numpy-based modules are imported on first use, so listing the
rules stays cheap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.rules.base import Located


def settings_of(ctx) -> DuplicateSettings:
    return DuplicateSettings.from_options(ctx.options)


def body_paragraphs(doc):
    """The paragraphs of doc's body (content.Segments: packed offsets and forms, not an object
    per paragraph), split once per document for DUP003, DUP007, DUP008 and the fingerprint."""
    return doc.analysis(_split_paragraphs)


def _split_paragraphs(doc):
    from corpus_qa.corpus.content import body_start, paragraphs

    return paragraphs(doc.text, body_start(doc))


@lru_cache(maxsize=4)
def hasher_for(settings: DuplicateSettings):
    """The MinHasher of these settings (its permutations are drawn once)."""
    from corpus_qa.corpus.minhash import MinHasher

    return MinHasher(settings.minhash)


def fingerprint(doc, ctx) -> Any:
    """The DocumentFingerprint of doc: the duplicate check's feature (see _check)."""
    from corpus_qa.corpus.fingerprint import fingerprint_document
    from corpus_qa.rules.duplicates._boilerplate import structural

    settings = settings_of(ctx)
    return fingerprint_document(doc, settings, hasher_for(settings), structural, body_paragraphs(doc))


def located(span: tuple) -> Located:
    return Located(*span)


def other_copies(members, representative: str) -> str:
    """`2 copies: b, c`: the members of a group besides its representative, for its message."""
    others = [member for member in members if member != representative]
    count = "1 copy" if len(others) == 1 else f"{len(others)} copies"
    return f"{count}: {listed(others)}"


def listed(ids, limit: int = 3) -> str:
    """`a, b, c and 4 more`, for a message."""
    ids = list(ids)
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"
