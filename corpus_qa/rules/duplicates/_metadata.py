"""Documents that declare the same title or source URL, grouped by their bodies."""

from __future__ import annotations

from typing import Iterator

from corpus_qa.rules.base import CorpusHit
from corpus_qa.rules.duplicates._shared import listed, located


def same_declared_different_body(code: str, fingerprints, found, field: str, what: str) -> Iterator[CorpusHit]:
    """One finding per document whose `field` (title or url) is shared with a document of a
    different body (not an exact or near copy: those are DUP001/DUP002's)."""
    groups: dict[str, list[str]] = {}
    for doc_id in sorted(doc for doc, fp in fingerprints.items() if fp is not None):
        declared = getattr(fingerprints[doc_id], field)
        if declared is not None:
            groups.setdefault(declared.key, []).append(doc_id)
    groups = {key: members for key, members in groups.items() if len(members) > 1}
    if not groups:
        return
    body_of = found.body_of
    for members in groups.values():
        bodies = {body_of.get(doc_id, doc_id) for doc_id in members}
        if len(bodies) < 2:
            continue
        for doc_id in members:
            declared = getattr(fingerprints[doc_id], field)
            body = body_of.get(doc_id, doc_id)
            others = [other for other in members if body_of.get(other, other) != body]
            plural = len(others) > 1
            message = (f"same {what} as {listed(others)}, but a different body"
                       f"{' (each)' if plural else ''}: {declared.value[:60]!r}")
            data = {
                what: declared.value,
                "representative": members[0],
                "count": len(members),
                "documents": members[:20],
                "different_bodies": len(bodies),
            }
            yield CorpusHit(code, doc_id, located(declared.where), message, data)
