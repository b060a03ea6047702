"""The duplicate check: the corpus-wide evidence of DUP001, DUP002, DUP004, DUP005 and DUP006.

One feature per document, its DocumentFingerprint (body digest, MinHash signature, paragraph
hashes, declared title and URL); one analysis per reduce (exact groups, near clusters) that
the five rules read; documents meet through a body digest, an LSH band, a paragraph, a title
or a URL (keys); and a grow step for added documents (see _growth).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterator, Mapping

from corpus_qa.page.parts import ARTICLE
from corpus_qa.rules.base import CorpusCheck, CorpusHit, Growth
from corpus_qa.rules.duplicates import (
    duplicate_title,
    duplicate_url,
    exact_duplicate,
    near_duplicate,
    shared_paragraph,
)
from corpus_qa.rules.duplicates._shared import fingerprint, settings_of

_RULES = (exact_duplicate, near_duplicate, shared_paragraph, duplicate_title, duplicate_url)


class DuplicateCheck(CorpusCheck):
    name = "duplicates"
    codes = tuple(rule.RULE.code for rule in _RULES)
    reads = ARTICLE
    features = staticmethod(fingerprint)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.settings = settings_of(ctx)
        self._analysis = None

    def reduce(self, fingerprints: Mapping[str, Any]) -> Iterator[CorpusHit]:
        found = self.analysis(fingerprints)
        for rule in _RULES:
            yield from rule.hits(fingerprints, found, self.ctx)

    def analysis(self, fingerprints: Mapping[str, Any]):
        """Exact groups and near clusters (corpus.dedup), worked out once per instance."""
        if self._analysis is None:
            from corpus_qa.corpus.dedup import analyse

            self._analysis = analyse(fingerprints, self.settings)
        return self._analysis

    def keys(self, fingerprints: list):
        from corpus_qa.rules.duplicates._growth import linking_keys

        return linking_keys(fingerprints, self.settings)

    def index(self, fingerprints: Mapping[str, Any]):
        from corpus_qa.rules.duplicates._growth import DuplicateIndex

        return DuplicateIndex(fingerprints, self.settings, self.analysis(fingerprints).body_of)

    def grow(self, growth: Growth) -> list[CorpusHit] | None:
        from corpus_qa.rules.duplicates._growth import plan

        planned = plan(growth, self.settings)
        if planned is None:
            return None
        restricted, affected, crowded = planned
        kept = [hit for hit in growth.hits if hit.document not in affected]
        again = DuplicateCheck(dataclasses.replace(self.ctx, crowded=crowded))
        return kept + [hit for hit in again.reduce(restricted) if hit.document in affected]
