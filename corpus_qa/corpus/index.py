"""A saved signature index: check new documents against an already indexed corpus.

The file holds, per indexed document, its id, the digest of its comparable form, its MinHash
signature, shingle count and sketch (a match is verified as DUP002 verifies a pair), plus
each LSH band's keys already sorted. Loading maps the file
into memory without reading it, and a match costs one binary search per band plus the
verification of the few candidates found, so checking new documents costs time in proportion
to the new documents, not to the corpus.

    index = index_documents(documents)            # or SignatureIndex.build(fingerprints, settings)
    index.save("corpus.cqaidx")
    index = SignatureIndex.load("corpus.cqaidx")
    for doc in new_documents:
        print(doc.id, index.match_document(doc))  # [Match(document, similarity, exact), ...]
        index.add_document(doc)                   # optional: later documents see it too
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

import numpy as np

from corpus_qa.corpus.fingerprint import DocumentFingerprint, fingerprint_document
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.corpus.minhash import SKETCH_SIZE, MinHasher, band_keys, linked_similarities
from corpus_qa.model import Document

MAGIC = b"CQA-SIGNATURES-2\n"  # 2: LSH banded for the containment floor (32 bands of 4)
_ALIGN = 64


class IndexFormatError(Exception):
    """The file is not a signature index this version can read."""


class Match(NamedTuple):
    document: str
    similarity: float
    exact: bool


class SignatureIndex:
    def __init__(self, settings: DuplicateSettings | None = None):
        self.settings = settings or DuplicateSettings()
        self._hasher: MinHasher | None = None
        self._ids: list[str] = []
        self._digests: list[bytes] = []
        self._signatures: list[np.ndarray | None] = []
        self._shingles: list[int] = []
        self._sketches: list[np.ndarray | None] = []
        self._stored: _StoredTables | None = None  # loaded from a file (rows 0 .. stored.count-1)
        self._digest_rows: dict[bytes, list[int]] = {}  # rows added since loading
        self._band_rows: list[dict[int, list[int]]] = [dict() for _ in range(self._bands)]

    @property
    def _bands(self) -> int:
        return self.settings.minhash.banding[0]

    @property
    def hasher(self) -> MinHasher:
        if self._hasher is None:
            self._hasher = MinHasher(self.settings.minhash)
        return self._hasher

    def __len__(self) -> int:
        return (self._stored.count if self._stored else 0) + len(self._ids)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls, fingerprints: Mapping[str, DocumentFingerprint | None], settings: DuplicateSettings
    ) -> "SignatureIndex":
        index = cls(settings)
        for doc_id in sorted(fingerprints):
            if fingerprints[doc_id] is not None:
                index.add(doc_id, fingerprints[doc_id])
        return index

    def fingerprint(self, doc: Document) -> DocumentFingerprint:
        return fingerprint_document(doc, self.settings, self.hasher)

    def add_document(self, doc: Document) -> None:
        self.add(doc.id, self.fingerprint(doc))

    def add(self, doc_id: str, fingerprint: DocumentFingerprint) -> None:
        if fingerprint.digest is None:
            return
        row = len(self)
        self._ids.append(doc_id)
        self._digests.append(fingerprint.digest)
        self._digest_rows.setdefault(fingerprint.digest, []).append(row)
        signature = fingerprint.signature_array() if fingerprint.signature is not None else None
        self._signatures.append(signature)
        self._shingles.append(fingerprint.shingles)
        self._sketches.append(fingerprint.sketch_array())
        if signature is not None:
            for band, key in enumerate(self._keys(signature).tolist()):
                self._band_rows[band].setdefault(key, []).append(row)

    # -- matching ---------------------------------------------------------------------------

    def match_document(self, doc: Document) -> list[Match]:
        return self.match(self.fingerprint(doc))

    def match(self, fingerprint: DocumentFingerprint) -> list[Match]:
        """Indexed documents that are exact or near copies of the fingerprinted one, most
        similar first (ties by id)."""
        if fingerprint.digest is None:
            return []
        found: dict[int, tuple[float, bool]] = {row: (1.0, True) for row in self._exact_rows(fingerprint.digest)}
        if fingerprint.signature is not None:
            mine = (fingerprint.signature_array(), fingerprint.shingles, fingerprint.sketch_array())
            rows = sorted(self._candidate_rows(mine[0]) - found.keys())
            others = [(self._signature(row), self._shingle_count(row), self._sketch(row)) for row in rows]
            for row, score in zip(rows, linked_similarities(mine, others, self.settings.minhash)):
                if score is not None:
                    found[row] = (round(score, 4), False)
        matches = [Match(self._id(row), score, exact) for row, (score, exact) in found.items()]
        return sorted(matches, key=lambda m: (-m.similarity, m.document))

    def _keys(self, signature: np.ndarray) -> np.ndarray:
        bands, rows = self.settings.minhash.banding
        return band_keys(signature[None, :], bands, rows)[0]

    def _exact_rows(self, digest: bytes) -> list[int]:
        rows = list(self._digest_rows.get(digest, ()))
        if self._stored is not None:
            rows.extend(self._stored.exact_rows(digest))
        return rows

    def _candidate_rows(self, signature: np.ndarray) -> set[int]:
        keys = self._keys(signature).tolist()
        rows: set[int] = set()
        for band, key in enumerate(keys):
            rows.update(self._band_rows[band].get(key, ()))
        if self._stored is not None:
            rows.update(self._stored.band_rows(keys))
        return rows

    def _local(self, row: int) -> int:
        return row - (self._stored.count if self._stored else 0)

    def _id(self, row: int) -> str:
        local = self._local(row)
        return self._ids[local] if local >= 0 else self._stored.id(row)

    def _signature(self, row: int) -> np.ndarray:
        local = self._local(row)
        return self._signatures[local] if local >= 0 else self._stored.signatures[row]

    def _sketch(self, row: int) -> np.ndarray | None:
        local = self._local(row)
        if local >= 0:
            return self._sketches[local]
        length = int(self._stored.sketch_lengths[row])
        return np.asarray(self._stored.sketches[row, :length]) if length else None

    def _shingle_count(self, row: int) -> int:
        local = self._local(row)
        return self._shingles[local] if local >= 0 else int(self._stored.shingles[row])

    # -- saving and loading -----------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        count = len(self)
        permutations = self.settings.permutations
        ids = [self._id(row) for row in range(count)]
        digests = np.zeros((count, 16), dtype=np.uint8)
        signatures = np.zeros((count, permutations), dtype=np.uint32)
        shingles = np.zeros(count, dtype=np.int64)
        signed = np.zeros(count, dtype=bool)
        sketches = np.zeros((count, SKETCH_SIZE), dtype=np.uint32)
        sketch_lengths = np.zeros(count, dtype=np.int32)
        stored = self._stored.count if self._stored else 0
        if stored:
            sketches[:stored] = self._stored.sketches
            sketch_lengths[:stored] = self._stored.sketch_lengths
            digests[:stored] = self._stored.digests
            signatures[:stored] = self._stored.signatures
            shingles[:stored] = self._stored.shingles
            signed[:stored] = self._stored.signed
        for local, (digest, signature, size) in enumerate(zip(self._digests, self._signatures, self._shingles)):
            row = stored + local
            digests[row] = np.frombuffer(digest, dtype=np.uint8)
            shingles[row] = size
            if signature is not None:
                signatures[row], signed[row] = signature, True
            sketch = self._sketches[local]
            if sketch is not None:
                sketches[row, : len(sketch)], sketch_lengths[row] = sketch, len(sketch)
        encoded = [doc_id.encode("utf-8", "surrogatepass") for doc_id in ids]
        id_offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=id_offsets[1:])
        digest_keys = digests[:, :8].copy().view(np.uint64).ravel()
        digest_order = np.argsort(digest_keys, kind="stable")
        signed_rows = np.flatnonzero(signed)
        bands, rows = self.settings.minhash.banding
        keys = band_keys(signatures[signed_rows], bands, rows).T.copy()  # bands x signed
        order = np.argsort(keys, axis=1, kind="stable")
        arrays = {
            "id_bytes": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            "id_offsets": id_offsets,
            "digests": digests,
            "signatures": signatures,
            "shingles": shingles,
            "signed": signed,
            "sketches": sketches,
            "sketch_lengths": sketch_lengths,
            "digest_keys": digest_keys[digest_order],
            "digest_order": digest_order.astype(np.int64),
            "band_keys": np.take_along_axis(keys, order, axis=1),
            "band_rows": signed_rows[order].astype(np.int64),
        }
        _write(Path(path), {"settings": asdict(self.settings), "count": count}, arrays)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "SignatureIndex":
        header, arrays = _read(Path(path))
        try:
            settings = DuplicateSettings(**header["settings"])
        except TypeError as error:
            raise IndexFormatError(f"{path}: unknown settings in the index ({error})") from None
        index = cls(settings)
        index._stored = _StoredTables(header["count"], arrays)
        return index


class _StoredTables:
    """The arrays of a loaded index (memory-mapped: pages are read when a match touches them)."""

    def __init__(self, count: int, arrays: dict[str, np.ndarray]):
        self.count = count
        self.id_bytes = arrays["id_bytes"]
        self.id_offsets = arrays["id_offsets"]
        self.digests = arrays["digests"]
        self.signatures = arrays["signatures"]
        self.shingles = arrays["shingles"]
        self.signed = arrays["signed"]
        self.sketches = arrays["sketches"]
        self.sketch_lengths = arrays["sketch_lengths"]
        self.digest_keys = arrays["digest_keys"]
        self.digest_order = arrays["digest_order"]
        self.band_keys = arrays["band_keys"]
        self.band_rows_table = arrays["band_rows"]

    def id(self, row: int) -> str:
        start, end = int(self.id_offsets[row]), int(self.id_offsets[row + 1])
        return bytes(self.id_bytes[start:end]).decode("utf-8", "surrogatepass")

    def exact_rows(self, digest: bytes) -> list[int]:
        key = np.frombuffer(digest[:8], dtype=np.uint64)[0]
        low = int(np.searchsorted(self.digest_keys, key, side="left"))
        high = int(np.searchsorted(self.digest_keys, key, side="right"))
        rows = (int(row) for row in self.digest_order[low:high])
        return [row for row in rows if bytes(self.digests[row]) == digest]

    def band_rows(self, keys: list[int]) -> set[int]:
        found: set[int] = set()
        for band, key in enumerate(keys):
            column = self.band_keys[band]
            value = np.uint64(key)
            low = int(np.searchsorted(column, value, side="left"))
            high = int(np.searchsorted(column, value, side="right"))
            found.update(int(row) for row in self.band_rows_table[band, low:high])
        return found


def _write(path: Path, header: dict, arrays: dict[str, np.ndarray]) -> None:
    layout, offset = {}, 0
    for name, array in arrays.items():
        layout[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset += -(-array.nbytes // _ALIGN) * _ALIGN
    header = dict(header, arrays=layout)
    encoded = json.dumps(header).encode("utf-8")
    start = -(-(len(MAGIC) + 8 + len(encoded)) // _ALIGN) * _ALIGN
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(MAGIC + len(encoded).to_bytes(8, "little") + encoded)
        for name, array in arrays.items():
            handle.seek(start + layout[name]["offset"])
            handle.write(np.ascontiguousarray(array).tobytes())
        handle.truncate(start + offset)
    os.replace(temporary, path)  # a reader never sees half a file


def _read(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    with open(path, "rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise IndexFormatError(f"{path}: not a corpus-qa signature index")
        length = int.from_bytes(handle.read(8), "little")
        try:
            header = json.loads(handle.read(length))
        except ValueError as error:
            raise IndexFormatError(f"{path}: damaged index header ({error})") from None
    start = -(-(len(MAGIC) + 8 + length) // _ALIGN) * _ALIGN
    arrays = {}
    for name, spec in header["arrays"].items():
        shape = tuple(spec["shape"])
        if 0 in shape:
            arrays[name] = np.zeros(shape, dtype=np.dtype(spec["dtype"]))
        else:
            dtype, offset = np.dtype(spec["dtype"]), start + spec["offset"]
            arrays[name] = np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape)
    return header, arrays


def index_documents(documents: Iterable[Document], settings: DuplicateSettings | None = None) -> SignatureIndex:
    """An index of documents (in the order given; ids should be unique)."""
    index = SignatureIndex(settings)
    for doc in documents:
        index.add_document(doc)
    return index


def match_documents(index: SignatureIndex, documents: Iterable[Document]) -> dict[str, list[Match]]:
    """For each document, the indexed documents it duplicates (documents without any are left out)."""
    found = {}
    for doc in documents:
        matches = index.match_document(doc)
        if matches:
            found[doc.id] = matches
    return found
