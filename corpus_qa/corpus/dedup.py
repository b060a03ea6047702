"""The corpus-wide duplicate analysis: exact groups and near-duplicate clusters.

Input is {document id: DocumentFingerprint}; output never depends on the order of that
mapping: documents are handled in id order, a cluster's representative is its lowest id,
and the pairs behind a cluster come from set operations, so reports do not flap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from corpus_qa.corpus.fingerprint import DocumentFingerprint
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.corpus.minhash import pair_scores, verified_pairs


class UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:
            parent[item], item = root, parent[item]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the smaller index (lower id) stays the root


@dataclass(frozen=True)
class ExactGroup:
    members: tuple[str, ...]  # sorted; members[0] is the representative

    @property
    def representative(self) -> str:
        return self.members[0]


@dataclass(frozen=True)
class NearCluster:
    members: tuple[str, ...]  # sorted; members[0] is the representative
    similarity: dict[str, float]  # similarity of each member to the representative (Jaccard, see minhash)
    closest: dict[str, tuple[str, float]]  # each member's most similar other member
    containment: dict[str, float]  # of the smaller shingle set in the larger, with the representative

    @property
    def representative(self) -> str:
        return self.members[0]


@dataclass
class DuplicateAnalysis:
    exact: list[ExactGroup] = field(default_factory=list)
    near: list[NearCluster] = field(default_factory=list)
    body_of: dict[str, str] = field(default_factory=dict)  # document -> representative of its body


def analyse(fingerprints: Mapping[str, DocumentFingerprint | None], settings: DuplicateSettings) -> DuplicateAnalysis:
    ids = sorted(doc_id for doc_id, fp in fingerprints.items() if fp is not None and fp.digest is not None)
    analysis = DuplicateAnalysis()

    # One node per distinct comparable form: exact copies share a node (and a signature).
    node_of_digest: dict[bytes, int] = {}
    node_members: list[list[str]] = []
    for doc_id in ids:
        node = node_of_digest.setdefault(fingerprints[doc_id].digest, len(node_members))
        if node == len(node_members):
            node_members.append([])
        node_members[node].append(doc_id)
    analysis.exact = [ExactGroup(tuple(members)) for members in node_members if len(members) > 1]

    signed = [node for node, members in enumerate(node_members) if fingerprints[members[0]].signature is not None]
    if len(signed) > 1:
        first_print = [fingerprints[node_members[node][0]] for node in signed]
        signatures = np.frombuffer(b"".join(fp.signature for fp in first_print), dtype=np.uint32)
        signatures = signatures.reshape(len(signed), -1)
        sizes = np.array([fp.shingles for fp in first_print], dtype=np.int64)
        sketches = [fp.sketch_array() for fp in first_print]
        pairs, scores = verified_pairs(signatures, sizes, settings.minhash, sketches)
        triples = [(signatures[row], int(sizes[row]), sketches[row]) for row in range(len(signed))]
        analysis.near = _near_clusters(signed, node_members, triples, pairs, scores)

    for group in analysis.exact:
        for member in group.members:
            analysis.body_of[member] = group.representative
    for cluster in analysis.near:
        for member in cluster.members:
            analysis.body_of[member] = cluster.representative
    return analysis


def _near_clusters(signed, node_members, triples, pairs, scores) -> list[NearCluster]:
    links = UnionFind(len(signed))
    for first, second in pairs.tolist():
        links.union(first, second)
    groups: dict[int, list[int]] = {}
    for row in range(len(signed)):
        groups.setdefault(links.find(row), []).append(row)

    best: dict[int, tuple[int, float]] = {}
    for (first, second), score in zip(pairs.tolist(), scores.tolist()):
        for row, other in ((first, second), (second, first)):
            if row not in best or score > best[row][1] or (score == best[row][1] and other < best[row][0]):
                best[row] = (other, score)

    clusters = []
    for rows in groups.values():
        if len(rows) < 2:
            continue
        representative_row = rows[0]  # rows follow node order, nodes follow document id order
        members: list[str] = []
        similarity: dict[str, float] = {}
        containment: dict[str, float] = {}
        closest: dict[str, tuple[str, float]] = {}
        for row in rows:
            score, contained = (1.0, 1.0) if row == representative_row else pair_scores(
                triples[row], triples[representative_row])
            copies = node_members[signed[row]]
            other_row, other_score = best[row]
            nearest_other = (node_members[signed[other_row]][0], round(other_score, 4))
            for member in copies:
                members.append(member)
                similarity[member] = round(score, 4)
                containment[member] = round(contained, 4)
                exact_copy = next((copy for copy in copies if copy != member), None)
                closest[member] = (exact_copy, 1.0) if exact_copy is not None else nearest_other
        clusters.append(NearCluster(tuple(sorted(members)), similarity, closest, containment))
    clusters.sort(key=lambda cluster: cluster.representative)
    return clusters

