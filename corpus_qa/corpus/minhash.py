"""MinHash signatures over character shingles, LSH banding, and verification of candidate pairs.

Chinese has no spaces, so a document is shingled into overlapping runs of k characters of its
comparable form. Each shingle is hashed once to 64 bits, and the signature is built from
those hashes by one-permutation MinHash (see MinHasher). Two signatures agree in one position
with probability equal to the Jaccard similarity of the shingle sets, so the share of
agreeing positions estimates it (standard error <= 0.5/sqrt(permutations)).

LSH: the signature is cut into `bands` bands of `rows` values; documents that agree on a
whole band become candidates (the bands are chosen for a similarity a little below the
lowest that can link two documents, so pairs just above it are not missed). A candidate whose
shingle counts and estimated similarity leave it no chance is dropped; the others are
verified on their sketches (Sketch: the smallest SKETCH_SIZE shingle hashes, every shingle of
a text of up to about SKETCH_SIZE characters): their Jaccard similarity and the containment
of the smaller shingle set in the larger, exact for such texts and estimated closely beyond.
Two documents are near-duplicates when the similarity reaches `threshold`, or when the
containment reaches `containment` and the similarity CONTAINED_MIN_SIMILARITY (a copy with a
few characters in every hundred edited and a paragraph cut: the edits break the shingles
around them, which the Jaccard similarity of the whole counts twice over).
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator

import numpy as np

_U64 = np.uint64
_ROLL = _U64(0x100000001B3)  # odd multiplier of the rolling shingle hash
_NO_SHINGLES = np.zeros(0, dtype=np.uint64)
BANDING_MARGIN = 0.1
SKETCH_SIZE = 256  # shingle hashes kept per document (1 KiB): exact below about 250 characters
CONTAINED_MIN_SIMILARITY = 0.55
ESTIMATE_SLACK = 0.1  # a candidate whose estimate falls this far below the floor is not verified
LARGE_BUCKET = 200  # documents sharing one band value beyond which only a chain of pairs is checked


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place on a uint64 array: spreads every input bit over the output."""
    values ^= values >> _U64(30)
    values *= _U64(0xBF58476D1CE4E5B9)
    values ^= values >> _U64(27)
    values *= _U64(0x94D049BB133111EB)
    values ^= values >> _U64(31)
    return values


@dataclass(frozen=True)
class MinHashParams:
    shingle_size: int = 5
    permutations: int = 128
    threshold: float = 0.7
    seed: int = 0x5EED
    containment: float = 0.8

    @property
    def floor(self) -> float:
        """The lowest similarity that can link two documents."""
        return min(self.threshold, CONTAINED_MIN_SIMILARITY)

    @cached_property
    def banding(self) -> tuple[int, int]:
        # Banded for a lower similarity than the floor: a pair just above it must become a
        # candidate almost surely (at 0.7 with 128 values, banding for 0.7 itself proposes
        # only 79% of such pairs; banding for 0.6, 99%). The extra candidates cost one
        # vectorised comparison each, and a sketch comparison for the few left.
        return choose_banding(max(0.3, self.floor - BANDING_MARGIN / 2), self.permutations)


def choose_banding(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= permutations whose S-curve 1 - (1 - s^rows)^bands best
    separates similarities below the threshold from those above. Missed pairs weigh four times
    as much as extra candidates: candidates are verified anyway, missed pairs are lost."""
    steps = np.linspace(0.0, 1.0, 401)
    below, above = steps < threshold, steps >= threshold
    best, best_cost = (1, permutations), math.inf
    for rows in range(1, permutations + 1):
        bands = permutations // rows
        collide = 1.0 - (1.0 - steps**rows) ** bands
        cost = collide[below].sum() + 4.0 * (1.0 - collide[above]).sum()
        if cost < best_cost:
            best, best_cost = (bands, rows), cost
    return best


class MinHasher:
    """Turns a comparable form into (distinct shingle count, signature).

    One-permutation MinHash: a single 64-bit hash orders the shingles; its top bits deal
    them into `permutations` bins and each bin keeps its smallest shingle (the low 32 bits
    of its hash). A bin left empty (a short text) borrows the value of the first filled bin
    on a fixed probe order of its own, the same for every document, so two documents agree
    on a bin with probability equal to their Jaccard similarity, as with one permutation
    per bin, at the cost of one sort per document instead of one hash per shingle and bin.
    """

    def __init__(self, params: MinHashParams):
        self.params = params
        rng = np.random.default_rng(params.seed)
        self._salt = _U64(int(rng.integers(0, 2**63)))
        size = params.permutations
        self._bin_starts = ((np.arange(size, dtype=np.uint64) << _U64(32)) + _U64(size - 1)) // _U64(size)
        self._probes = np.stack([rng.permutation(size) for _ in range(size)])  # bins x probe order

    def shingle_hashes(self, form: str) -> np.ndarray:
        """Distinct 64-bit hashes of the k-character shingles (one shingle when the text is
        shorter), sorted."""
        codes = code_points(form)
        count = len(codes)
        if count == 0:
            return _NO_SHINGLES
        hashes = np.sort(_mix(rolling_hashes(codes, min(self.params.shingle_size, count), self._salt)))
        distinct = np.ones(len(hashes), dtype=bool)
        distinct[1:] = hashes[1:] != hashes[:-1]
        return hashes[distinct]

    def signature_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """The signature of sorted distinct shingle hashes."""
        size = self.params.permutations
        if len(hashes) == 0:
            return np.full(size, 0xFFFFFFFF, dtype=np.uint32)
        # bin of a hash: floor(top 32 bits * size / 2^32), monotone in the hash, so the
        # first hash at or after a bin's start is that bin's minimum
        firsts = np.searchsorted(hashes >> _U64(32), self._bin_starts)
        ends = np.append(firsts[1:], len(hashes))
        filled = firsts < ends
        values = np.full(size, 0xFFFFFFFF, dtype=np.uint32)
        values[filled] = (hashes[firsts[filled]] & _U64(0xFFFFFFFF)).astype(np.uint32)
        if not filled.all():
            empty = np.flatnonzero(~filled)
            probes = self._probes[empty]
            chosen = probes[np.arange(len(empty)), np.argmax(filled[probes], axis=1)]
            values[empty] = values[chosen]
        return values

    def signature(self, form: str) -> tuple[int, np.ndarray]:
        hashes = self.shingle_hashes(form)
        return len(hashes), self.signature_of_hashes(hashes)


def code_points(text: str) -> np.ndarray:
    """The code points of text as uint64 (lone surrogates kept)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)


def rolling_hashes(codes: np.ndarray, k: int, salt: np.uint64 = _U64(0)) -> np.ndarray:
    """One uint64 per run of k code points (len(codes) - k + 1 of them, k <= len(codes)): the
    first code point xor salt, then multiply by _ROLL and add the next, k - 1 times."""
    width = len(codes) - k + 1
    hashes = codes[:width] ^ salt
    for offset in range(1, k):
        hashes *= _ROLL
        hashes += codes[offset : offset + width]
    return hashes


def band_key(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One uint64 per signature: the hash of its values in band `band`."""
    columns = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    keys = np.zeros(signatures.shape[0], dtype=np.uint64)
    for row in range(rows):
        keys *= _ROLL
        keys += columns[:, row]
        _mix(keys)
    keys += np.uint64(band)  # the same values in two bands are not a collision
    return _mix(keys)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(signatures x bands) uint64: every band key of every signature."""
    keys = np.empty((signatures.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        keys[:, band] = band_key(signatures, band, rows)
    return keys


# How the bands of candidate_pairs are spread: None runs them here, one after another; the Ray
# engine sets a mapper that runs each band as a Ray task (see bands_mapped_by).
BandMapper = Callable[[Callable[[np.ndarray, int, int], np.ndarray], np.ndarray, int, int], list[np.ndarray]]
_band_mapper: ContextVar[BandMapper | None] = ContextVar("band_mapper", default=None)


@contextmanager
def bands_mapped_by(mapper: BandMapper) -> Iterator[None]:
    """Inside the block, candidate_pairs hands its bands to `mapper(band_pairs, signatures,
    bands, rows)`, which must return band_pairs(signatures, band, rows) for every band."""
    token = _band_mapper.set(mapper)
    try:
        yield
    finally:
        _band_mapper.reset(token)


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(pairs x 2) int64, i < j, unique: signatures that agree on at least one whole band.
    Each band is reduced on its own (band_pairs), so bands can be spread over a cluster; the
    union of their pairs does not depend on how they were spread."""
    count = signatures.shape[0]
    mapper = _band_mapper.get()
    if mapper is None:
        found = [band_pairs(signatures, band, rows) for band in range(bands)]
    else:
        found = list(mapper(band_pairs, signatures, bands, rows))
    found = [pairs for pairs in found if len(pairs)]
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    both = np.concatenate(found).astype(np.int64)
    both.sort(axis=1)
    codes = np.unique(both[:, 0] * count + both[:, 1])
    return np.stack((codes // count, codes % count), axis=1)


def band_pairs(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """(pairs x 2) of rows whose keys agree in this band. Inside a bucket of more than
    LARGE_BUCKET documents only neighbours (in index order) and each member's link to the
    bucket's first member are proposed, so one template shared by thousands of documents
    cannot produce millions of pairs. One band's keys at a time: memory holds one column."""
    count = signatures.shape[0]
    column = band_key(signatures, band, rows)
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [count]))
    sizes = ends - starts
    found: list[np.ndarray] = []
    pairs = sizes == 2
    if pairs.any():
        found.append(np.stack((order[starts[pairs]], order[starts[pairs] + 1]), axis=1))
    for start, end in zip(starts[sizes > 2], ends[sizes > 2]):
        found.append(_bucket_pairs(np.sort(order[start:end])))
    return np.concatenate(found).astype(np.int64) if found else np.zeros((0, 2), dtype=np.int64)


def _bucket_pairs(members: np.ndarray) -> np.ndarray:
    if len(members) > LARGE_BUCKET:
        chain = np.stack((members[:-1], members[1:]), axis=1)
        star = np.stack((np.full(len(members) - 1, members[0]), members[1:]), axis=1)
        return np.concatenate((chain, star))
    left, right = np.triu_indices(len(members), k=1)
    return np.stack((members[left], members[right]), axis=1)


def similarities(signatures: np.ndarray, pairs: np.ndarray, chunk: int = 1 << 16) -> np.ndarray:
    """Share of agreeing signature positions for each pair (estimated Jaccard similarity)."""
    out = np.empty(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        out[start : start + chunk] = (signatures[part[:, 0]] == signatures[part[:, 1]]).mean(axis=1)
    return out


def possible(sizes: np.ndarray, pairs: np.ndarray, threshold: float) -> np.ndarray:
    """Jaccard similarity can reach the threshold only if the smaller shingle set is at least
    threshold times the larger: a hard bound that catches estimates pushed up by chance."""
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    large = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    return small >= threshold * large - 1e-9


def sketch_of(hashes: np.ndarray) -> np.ndarray:
    """The sketch of sorted distinct shingle hashes: the top 32 bits of the smallest
    SKETCH_SIZE (the order of the top bits is the order of the hashes)."""
    return np.unique((hashes[:SKETCH_SIZE] >> _U64(32)).astype(np.uint32))


def sketch_similarity(first: np.ndarray, first_size: int, second: np.ndarray, second_size: int) -> tuple[float, float]:
    """(Jaccard similarity, containment of the smaller set in the larger) of two shingle
    sets from their sketches and sizes (bottom-k: exact when both sketches hold the whole
    set)."""
    whole_first, whole_second = len(first) < SKETCH_SIZE, len(second) < SKETCH_SIZE
    if whole_first:
        first_size = len(first)
    if whole_second:
        second_size = len(second)
    if not first_size or not second_size:
        return 0.0, 0.0
    union = np.union1d(first, second)
    if whole_first and whole_second:
        common = len(first) + len(second) - len(union)
        return common / len(union), common / min(first_size, second_size)
    sample = union[:SKETCH_SIZE]
    shared = np.intersect1d(np.intersect1d(first, second, assume_unique=True), sample, assume_unique=True)
    similarity = len(shared) / len(sample)
    common = similarity * (first_size + second_size) / (1.0 + similarity)
    return similarity, min(1.0, common / min(first_size, second_size))


def linked(similarity: float, containment: float, params: MinHashParams) -> bool:
    """Whether a verified pair is a near-duplicate pair."""
    return similarity >= params.threshold - 1e-9 or (
        containment >= params.containment - 1e-9 and similarity >= params.floor - 1e-9)


def worth_verifying(sizes: np.ndarray, pairs: np.ndarray, scores: np.ndarray, params: MinHashParams) -> np.ndarray:
    """Candidates whose shingle counts and estimated similarity leave them a chance."""
    return possible(sizes, pairs, params.floor) & (scores >= params.floor - ESTIMATE_SLACK)


def verified_pairs(signatures: np.ndarray, sizes: np.ndarray, params: MinHashParams,
                   sketches: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """All linked pairs of rows (see linked), with their similarity. Without sketches (None,
    or None for a row) the estimate stands for both similarity and containment."""
    pairs = candidate_pairs(signatures, *params.banding)
    scores = similarities(signatures, pairs)
    keep = worth_verifying(sizes, pairs, scores, params)
    pairs, scores = pairs[keep], scores[keep]
    containments = scores.copy()
    if sketches is not None:
        for at, (first, second) in enumerate(pairs.tolist()):
            if sketches[first] is not None and sketches[second] is not None:
                scores[at], containments[at] = sketch_similarity(
                    sketches[first], int(sizes[first]), sketches[second], int(sizes[second]))
    keep = np.array([linked(a, b, params) for a, b in zip(scores.tolist(), containments.tolist())], dtype=bool)
    return pairs[keep], scores[keep]


def pair_scores(first, second) -> tuple[float, float]:
    """(similarity, containment) of two (signature, shingle count, sketch or None) triples:
    from the sketches, or the signatures' estimate when a sketch is missing."""
    (signature, size, sketch), (other_signature, other_size, other_sketch) = first, second
    if sketch is None or other_sketch is None:
        estimate = float((signature == other_signature).mean())
        return estimate, estimate
    return sketch_similarity(sketch, size, other_sketch, other_size)


def linked_similarities(one, others: list, params: MinHashParams) -> list[float | None]:
    """What verified_pairs decides for the candidate pairs of one (signature, size, sketch)
    triple with each of others: the pair's similarity where it is linked, else None."""
    if not others:
        return []
    estimates = (np.stack([other[0] for other in others]) == one[0]).mean(axis=1)
    sizes = np.array([one[1]] + [other[1] for other in others], dtype=np.int64)
    pairs = np.stack((np.zeros(len(others), dtype=np.int64), np.arange(1, len(others) + 1)), axis=1)
    found: list[float | None] = [None] * len(others)
    for at in np.flatnonzero(worth_verifying(sizes, pairs, estimates, params)).tolist():
        similarity, containment = pair_scores(one, others[at])
        if linked(similarity, containment, params):
            found[at] = similarity
    return found
