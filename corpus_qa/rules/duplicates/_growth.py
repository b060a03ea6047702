"""The duplicate check's state for growing (see rules.base.Growth), keys and grow plan.

A DUP finding on a document depends on the document's exact group or near cluster, and on
the documents that share a paragraph, title or URL with it, with their clusters. So when
documents are added, the findings that can change are those of
  - the added documents,
  - the old documents linked to them (same body digest or LSH band key), with their groups,
  - the old documents sharing a paragraph, title or URL with either of those;
and the check's reduce, run over those documents together with every document they share a
key with and those documents' groups, finds exactly their findings. Keys are looked up in
postings (see corpus.postings); the grow is declined, and the check reduces in full,
where the full run would have handled an LSH bucket differently (more than LARGE_BUCKET
documents).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from corpus_qa.corpus.minhash import LARGE_BUCKET, band_keys, linked_similarities
from corpus_qa.corpus.postings import Postings, hash64
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.rules.base import Keys


class DuplicateIndex:
    def __init__(self, fingerprints, settings: DuplicateSettings, body_of: dict[str, str]):
        held = [(doc_id, fp) for doc_id, fp in fingerprints.items() if fp is not None]
        self.settings = settings
        self.ids = [doc_id for doc_id, _ in held]
        self.links = _links([fp for _, fp in held], settings)
        self.paragraphs = Postings.of(fp.paragraphs.hash_array() for _, fp in held)
        self.declared = Postings.of(declared_keys(fp) for _, fp in held)
        position = {doc_id: at for at, doc_id in enumerate(self.ids)}
        members: dict[str, list[int]] = {}
        for doc_id, body in body_of.items():
            members.setdefault(body, []).append(position[doc_id])
        self.groups = [tuple(sorted(group)) for group in members.values()]  # the groups of 2+
        self.group_of = {at: index for index, group in enumerate(self.groups) for at in group}  # position -> group

    def with_groups(self, positions) -> set[int]:
        found: set[int] = set()
        for at in positions:
            index = self.group_of.get(int(at))
            found.update(self.groups[index] if index is not None else (int(at),))
        return found


def linking_keys(fingerprints: list, settings: DuplicateSettings) -> Keys:
    """The duplicate check's keys: body digests, LSH band keys, paragraphs, titles and URLs, held by 2
    documents; a paragraph held by more than shared-paragraph-max-documents is never
    reported (capped). The key kinds are mixed: a chance equality across kinds only adds a
    document to reduce."""
    at = np.array([i for i, fp in enumerate(fingerprints) if fp is not None], dtype=np.int32)
    held = [fingerprints[i] for i in at.tolist()]
    links, paragraphs = _links(held, settings), Postings.of(fp.paragraphs.hash_array() for fp in held)
    declared = Postings.of(declared_keys(fp) for fp in held)
    parts = [links, paragraphs, declared]
    capped = np.zeros(sum(len(part.keys) for part in parts), dtype=bool)
    capped[len(links.keys):len(links.keys) + len(paragraphs.keys)] = True
    return Keys(np.concatenate([part.keys for part in parts]), at[np.concatenate([part.owners for part in parts])],
                   2, capped, settings.max_shared_documents)


def declared_keys(fp) -> np.ndarray:
    keys = [hash64(f"{kind}\x1f{declared.key}") for kind, declared in (("title", fp.title), ("url", fp.url)) if declared]
    return np.array(keys, dtype=np.uint64)


def _links(fingerprints: list, settings: DuplicateSettings, digests: bool = True) -> Postings:
    """Postings of the keys that can put two documents in one group: the body digest and
    every LSH band key of the signature."""
    digested = [at for at, fp in enumerate(fingerprints) if fp.digest is not None and digests]
    keys = [np.array([int.from_bytes(fingerprints[at].digest[:8], "little") for at in digested], dtype=np.uint64)]
    owners = [np.array(digested, dtype=np.int32)]
    signed = [at for at, fp in enumerate(fingerprints) if fp.signature is not None]
    if signed:
        bands, rows = settings.minhash.banding
        signatures = np.frombuffer(b"".join(fingerprints[at].signature for at in signed), dtype=np.uint32)
        keys.append(band_keys(signatures.reshape(len(signed), -1), bands, rows).ravel())
        owners.append(np.repeat(np.array(signed, dtype=np.int32), bands))
    return Postings(np.concatenate(keys), np.concatenate(owners))


def plan(growth, settings: DuplicateSettings) -> tuple[dict[str, Any], set[str], np.ndarray] | None:
    """(the fingerprints to reduce, the documents whose findings to take from that, the
    paragraphs among them too common to report: see RuleContext.crowded); None: reduce in full."""
    index: DuplicateIndex = growth.state
    added = {doc_id: fp for doc_id, fp in growth.added.items() if fp is not None}
    if index.settings != settings:
        return None
    if not added:
        return {}, set(), None
    limit = settings.max_shared_documents
    new = list(added.values())
    new_links = _links(new, settings)
    new_paragraphs = Postings.of(fp.paragraphs.hash_array() for fp in new)
    loaded: dict[int, Any] = {}

    def load(positions) -> list:
        wanted = [at for at in positions if at not in loaded]
        found = growth.load([index.ids[at] for at in wanted])
        for at in wanted:
            loaded[at] = found.get(index.ids[at])
        return [loaded[at] for at in positions if loaded[at] is not None]

    def sharing(positions) -> set[int]:
        """Old holders of the titles, URLs and paragraphs of these old documents and the added
        ones; a paragraph held by more than `limit` old documents is never reported, before
        or after, so its holders are left out."""
        fingerprints = load(sorted(positions)) + new
        paragraphs = np.concatenate([fp.paragraphs.hash_array() for fp in fingerprints])
        paragraphs = paragraphs[index.paragraphs.counts(paragraphs) <= limit]
        declared = np.concatenate([declared_keys(fp) for fp in fingerprints])
        return set(index.paragraphs.holders(paragraphs).tolist()) | set(index.declared.holders(declared).tolist())

    candidates = index.links.holders(new_links.keys).tolist()
    load(candidates)
    # the groups the added documents join: of the old documents with their digest, or as
    # similar as the full reduce requires of an LSH candidate
    linked = index.with_groups(at for at in candidates if loaded[at] is not None and _similar(loaded[at], new, settings))
    changed = linked | sharing(linked)
    context = index.with_groups(changed | sharing(changed))
    load(sorted(context))
    fingerprints = {index.ids[at]: loaded[at] for at in sorted(context) if loaded[at] is not None}
    fingerprints.update(added)
    if _crosses_large_bucket(index, new_links, fingerprints.values(), settings):
        return None

    # the reduce sees only some holders of a paragraph the grown corpus holds more than `limit` times
    paragraphs = np.unique(np.concatenate([fp.paragraphs.hash_array() for fp in fingerprints.values()]))
    crowded = paragraphs[index.paragraphs.counts(paragraphs) + new_paragraphs.counts(paragraphs) > limit]
    return fingerprints, {index.ids[at] for at in changed} | set(added), crowded


def _similar(fp, new: list, settings: DuplicateSettings) -> bool:
    if any(fp.digest is not None and fp.digest == other.digest for other in new):
        return True
    if fp.signature is None:
        return False
    others = [(other.signature_array(), other.shingles, other.sketch_array()) for other in new
              if other.signature is not None]
    mine = (fp.signature_array(), fp.shingles, fp.sketch_array())
    return any(score is not None for score in linked_similarities(mine, others, settings.minhash))


def _crosses_large_bucket(index: DuplicateIndex, new_links: Postings, fingerprints, settings) -> bool:
    """Whether a band key of these documents is held by more than LARGE_BUCKET documents in
    the grown corpus, where the full reduce checks only a chain of pairs."""
    keys = np.unique(_links(list(fingerprints), settings, digests=False).keys)
    return bool((index.links.counts(keys) + new_links.counts(keys) > LARGE_BUCKET).any())
