"""The result cache's storage format: data, never code.

Everything the cache keeps (results, corpus features, the corpus base, the snapshot) is
written by `dumps` and read by `loads`: MessagePack, with an explicit table of the project
types it may build (`_types`). Loading builds only those types, from their fields, and calls
nothing the data names; an unknown type code, a wrong field count or a damaged checksum is a
StoredFormatError, never a wrong value. Each blob starts with an 8-byte BLAKE2b digest of
the rest, so a flipped bit is found rather than decoded. Values are trees: an object met
twice is written twice (nothing stored shares objects), and one that holds itself is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

_DIGEST = 8

# ext type codes (MessagePack allows 0..127); never reuse a code for another meaning. Retired:
# 0 (a reference to an object met before), 8 and 9 (a list or dict that held itself), 24.
_TUPLE, _SET, _FROZENSET, _BIGINT, _NDARRAY, _ARRAY, _NUMPY_SCALAR = 1, 2, 3, 4, 5, 6, 7
_COUNTER = 10
_FINDINGS = 11  # a FindingList
_FIRST_CLASS_CODE = 16


class StoredFormatError(ValueError):
    """A blob that is not what dumps writes: damaged, truncated, from another format, or
    naming a type the table does not have."""


class FindingList(list):
    """A list of Findings to store compactly (loads gives a plain list back): the strings
    that repeat (rule, name, category, document) once each, every finding a row of fields."""


@dataclass(frozen=True)
class _Type:
    code: int
    cls: type
    fields: Callable[[Any], list]  # the object -> its fields, in order
    build: Callable[[list], Any]  # the fields -> the object


def dumps(value: Any) -> bytes:
    """`value` as a checksummed blob; raises StoredFormatError for what it cannot store."""
    import msgpack

    for errors in (None, "surrogatepass"):  # any str, lone surrogates too (undecodable file names)
        try:
            payload = _Encoder(errors).pack(value)
            break
        except UnicodeEncodeError:
            continue
        except (TypeError, ValueError, OverflowError, RecursionError, msgpack.PackException) as error:
            raise StoredFormatError(f"cannot store {_kind(error)}") from error
    return hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload


def loads(blob: bytes, expected: type | tuple[type, ...] | None = None) -> Any:
    """What dumps stored in `blob`; StoredFormatError if it is damaged or not an `expected`."""
    payload = memoryview(blob)[_DIGEST:]
    if len(blob) <= _DIGEST or hashlib.blake2b(payload, digest_size=_DIGEST).digest() != bytes(blob[:_DIGEST]):
        raise StoredFormatError("checksum mismatch")
    try:
        value = _Decoder().unpack(payload)
    except StoredFormatError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever malformed data makes a builder raise
        raise StoredFormatError(f"undecodable: {_kind(error)}") from error
    if expected is not None and not isinstance(value, expected):
        raise StoredFormatError(f"a {type(value).__name__} where a stored {_names(expected)} belongs")
    return value


def verify(blob: bytes) -> bool:
    """Whether `blob`'s checksum holds (cheap: no decoding)."""
    return len(blob) > _DIGEST and hashlib.blake2b(memoryview(blob)[_DIGEST:], digest_size=_DIGEST).digest() == bytes(blob[:_DIGEST])


class _Encoder:
    def __init__(self, unicode_errors: str | None):
        import msgpack

        self.by_class = _types()[0]
        self.ext = msgpack.ExtType
        self.options = {"default": self.default, "use_bin_type": True, "strict_types": True, "datetime": False,
                        "unicode_errors": unicode_errors}

    def pack(self, value: Any) -> bytes:
        import msgpack

        return msgpack.packb(value, **self.options)

    def default(self, obj: Any):
        ext = self.ext
        kind = type(obj)
        entry = self.by_class.get(kind)
        if entry is not None:
            return ext(entry.code, self.pack(entry.fields(obj)))
        if kind is int:  # beyond 64 bits (msgpack hands those here)
            return ext(_BIGINT, obj.to_bytes(obj.bit_length() // 8 + 1, "little", signed=True))
        if kind is FindingList:
            return ext(_FINDINGS, self.pack(_finding_rows(obj)))
        if kind is tuple or kind is set or kind is frozenset:
            code = _TUPLE if kind is tuple else _SET if kind is set else _FROZENSET
            return ext(code, self.pack(list(obj)))
        if kind.__module__ == "collections" and kind.__name__ == "Counter":
            return ext(_COUNTER, self.pack(dict(obj)))
        if kind.__module__ == "array" and kind.__name__ == "array":
            return ext(_ARRAY, self.pack([obj.typecode, obj.tobytes()]))
        if kind.__module__ == "numpy":
            import numpy as np

            if kind is np.ndarray:
                return ext(_NDARRAY, self.pack([_plain_dtype(obj.dtype), list(obj.shape), obj.tobytes()]))
            if isinstance(obj, np.generic):
                return ext(_NUMPY_SCALAR, self.pack([_plain_dtype(obj.dtype), obj.tobytes()]))
        raise TypeError(f"a {kind.__module__}.{kind.__qualname__}, which the stored format has no entry for")

class _Decoder:
    def __init__(self):
        self.by_code = _types()[1]

    def unpack(self, data) -> Any:
        import msgpack

        return msgpack.unpackb(data, ext_hook=self.ext_hook, raw=False, strict_map_key=False,
                               unicode_errors="surrogatepass")

    def ext_hook(self, code: int, data: bytes) -> Any:
        if code == _BIGINT:
            return int.from_bytes(data, "little", signed=True)
        if code == _NUMPY_SCALAR:
            dtype, raw = self.unpack(data)
            return _array(dtype, [], raw)[()]
        fields = self.unpack(data)
        if code == _TUPLE:
            made = tuple(fields)
        elif code == _SET:
            made = set(fields)
        elif code == _FROZENSET:
            made = frozenset(fields)
        elif code == _COUNTER:
            import collections

            made = collections.Counter(fields)
        elif code == _FINDINGS:
            made = _findings_from_rows(*fields)
        elif code == _ARRAY:
            made = _typed_array(*fields)
        elif code == _NDARRAY:
            made = _array(*fields)
        else:
            entry = self.by_code.get(code)
            if entry is None:
                raise StoredFormatError(f"unknown stored type {code}")
            made = entry.build(fields)
        return made


def _array(dtype: str, shape: list[int], raw: bytes):
    import numpy as np

    kind = np.dtype(dtype)
    if kind.kind not in "biufc" or kind.fields is not None:
        raise StoredFormatError(f"a stored array of {dtype}")
    return np.frombuffer(raw, dtype=kind).reshape(shape).copy()  # writable, as pickle gives


def _typed_array(typecode: str, raw: bytes):
    import array

    if typecode not in "bBhHiIlLqQfd" or len(typecode) != 1:
        raise StoredFormatError(f"a stored array of type {typecode!r}")
    made = array.array(typecode)
    made.frombytes(raw)
    return made


def _plain_dtype(dtype) -> str:
    if dtype.kind not in "biufc" or dtype.fields is not None:
        raise TypeError(f"a numpy array of {dtype}")
    return dtype.str


@lru_cache(maxsize=1)
def _types() -> tuple[dict[type, _Type], dict[int, _Type]]:
    """The project types the format may build, by class and by code: the explicit list of
    what a stored blob can hold besides MessagePack's own types, tuples, sets, frozensets,
    Counters, big ints, array.arrays and numeric numpy arrays and scalars. A new type in
    the features or index state of a corpus check needs an entry (dumps says which)."""
    from corpus_qa.corpus.fingerprint import DeclaredAt, DocumentFingerprint, Paragraphs
    from corpus_qa.corpus.postings import Postings
    from corpus_qa.corpus.settings import DuplicateSettings
    from corpus_qa.engine.checker import DocResult
    from corpus_qa.model import Edit, Finding, Fix, Severity
    from corpus_qa.rules.base import CorpusHit, Located
    from corpus_qa.rules.boilerplate._line_index import LineIndex
    from corpus_qa.rules.duplicates._growth import DuplicateIndex

    entries = [
        _Type(16, Finding, _finding_fields, lambda v: Finding(*v[:3], Severity(v[3]), *v[4:])),
        _Type(17, DocResult, _result_fields, lambda v: DocResult(*v[:9], cache_key=v[9])),
        _Type(18, Severity, lambda s: [int(s)], lambda v: Severity(*v)),
        _Type(19, Located, _slots_fields(Located), lambda v: Located(*v)),
        _Type(20, CorpusHit, lambda h: [h.rule, h.document, h.where, h.message, h.data], lambda v: CorpusHit(*v)),
        _Type(21, DocumentFingerprint, list, lambda v: DocumentFingerprint(*v)),
        _Type(22, Paragraphs, list, lambda v: Paragraphs(*v)),
        _Type(23, DeclaredAt, list, lambda v: DeclaredAt(*v)),
        _Type(25, DuplicateSettings, _dataclass_fields(DuplicateSettings), lambda v: DuplicateSettings(*v)),
        _plain(26, Postings, ("keys", "owners")),
        _plain(27, DuplicateIndex, ("settings", "ids", "links", "paragraphs", "declared", "groups", "group_of")),
        _Type(29, Fix, lambda f: [list(f.edits), f.safe, f.summary], lambda v: Fix(tuple(v[0]), v[1], v[2])),
        _Type(30, Edit, lambda e: [e.start, e.end, e.replacement], lambda v: Edit(*v)),
        _plain(28, LineIndex, ("explained", "ids", "lines", "count_keys", "count_values", "digests", "exact")),
    ]
    assert all(entry.code >= _FIRST_CLASS_CODE for entry in entries)
    return {entry.cls: entry for entry in entries}, {entry.code: entry for entry in entries}


def _finding_fields(f) -> list:
    return [f.rule, f.name, f.category, int(f.severity), f.document, f.start, f.end, f.line, f.column,
            f.end_line, f.end_column, f.message, f.excerpt, f.fingerprint, f.data, f.fix]


_FINDING_FIELDS = 16


def _finding_rows(findings: list) -> list:
    """[the repeated strings, one flat row of fields per finding, those strings by index]."""
    strings: dict[str, int] = {}
    rows: list = []
    for f in findings:
        rows += (strings.setdefault(f.rule, len(strings)), strings.setdefault(f.name, len(strings)),
                 strings.setdefault(f.category, len(strings)), int(f.severity),
                 strings.setdefault(f.document, len(strings)), f.start, f.end, f.line, f.column,
                 f.end_line, f.end_column, f.message, f.excerpt, f.fingerprint, f.data, f.fix)
    return [list(strings), rows]


def _findings_from_rows(strings: list, rows: list) -> list:
    from corpus_qa.model import Finding, Severity

    if len(rows) % _FINDING_FIELDS:
        raise StoredFormatError("a stored finding with missing fields")
    severities = {int(severity): severity for severity in Severity}
    names = Finding.__dataclass_fields__.keys()
    new = object.__new__
    findings = []
    for at in range(0, len(rows), _FINDING_FIELDS):
        row = rows[at : at + _FINDING_FIELDS]
        row[0], row[1], row[2], row[3], row[4] = (strings[row[0]], strings[row[1]], strings[row[2]],
                                                  severities[row[3]], strings[row[4]])
        finding = new(Finding)  # as pickle builds it: the fields set, __init__ not run
        finding.__dict__.update(zip(names, row))
        findings.append(finding)
    return findings


def _result_fields(r) -> list:
    """A DocResult as the cache keeps it: without its corpus features (a table of their own)."""
    return [r.id, r.source, r.source_line, r.source_offset, r.encoding, r.format, r.problem, r.metrics,
            FindingList(r.findings), r.cache_key]


def _slots_fields(cls) -> Callable[[Any], list]:
    names = cls.__slots__
    return lambda obj: [getattr(obj, name) for name in names]


def _dataclass_fields(cls) -> Callable[[Any], list]:
    import dataclasses

    names = [field.name for field in dataclasses.fields(cls)]
    return lambda obj: [getattr(obj, name) for name in names]


def _plain(code: int, cls: type, names: tuple[str, ...]) -> _Type:
    """A plain class, stored as its attributes `names` (all it has: dumps refuses more)."""

    def fields(obj) -> list:
        state = vars(obj)
        if len(state) != len(names):
            raise TypeError(f"a {cls.__name__} with attributes {sorted(state)}, not {sorted(names)}")
        return [state[name] for name in names]

    def build(values: list):
        if len(values) != len(names):
            raise StoredFormatError(f"a stored {cls.__name__} with {len(values)} attributes")
        made = cls.__new__(cls)
        made.__dict__.update(zip(names, values))
        return made

    return _Type(code, cls, fields, build)


def _kind(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:200]


def _names(expected: type | tuple[type, ...]) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(kind.__name__ for kind in kinds)
