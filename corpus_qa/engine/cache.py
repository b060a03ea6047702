"""Per-document results cached by content hash, so an unchanged document is never re-checked.

The key is the document's bytes (a record's text and metadata), its id, and the rule set:
corpus-qa's version, the enabled rules and every setting that can change a finding. The value
is the pickled DocResult; its corpus features (duplicate signatures, line hashes) are stored
beside it and loaded only when the corpus-wide phase must run again, so that phase still sees
every document while only changed ones are read by the rules.

SQLite in WAL mode: workers read concurrently, the main process alone writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from corpus_qa import __version__

if TYPE_CHECKING:
    from corpus_qa.config import Config
    from corpus_qa.engine.checker import DocResult
    from corpus_qa.model import Document

DEFAULT_CACHE_DIR = ".corpus-qa-cache"
_SCHEMA = 4
_FILE = f"results-v{_SCHEMA}.sqlite"


# Code that only runs once the per-document results exist (orchestration, output): editing
# it leaves cached results valid.
_NOT_IN_RESULTS = (
    "__main__.py", "cli.py", "baseline.py", "pytest_plugin.py", "report/", "corpus/expectations.py",
    "engine/assemble.py", "engine/changes.py", "engine/corpus_phase.py", "engine/local.py", "engine/ray_engine.py",
)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The code and data a document's result depends on: a rule edited without a version
    bump still misses the cache."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.suffix not in (".py", ".txt", ".json", ".tsv") or "__pycache__" in rel:
            continue
        if not rel.startswith(_NOT_IN_RESULTS):
            digest.update(rel.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def ruleset_key(config: "Config") -> str:
    """Everything that can change a document's result, hashed."""
    from corpus_qa.rules.registry import all_rules, family_options

    settings = config.describe()
    for irrelevant in ("config_file", "fail_on", "expectations"):  # applied after the cache
        settings.pop(irrelevant, None)
    settings["families"] = {family: dict(config.options_for(family)) for family in family_options()}
    sources = config.sources
    settings["sources"] = [sources.text_field, sources.id_field, sources.max_file_size]
    settings["rules"] = [code for code in all_rules() if config.is_enabled(code)]
    blob = json.dumps([__version__, _code_digest(), _SCHEMA, settings], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=16).hexdigest()


def document_key(ruleset: str, doc: "Document") -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(ruleset.encode())
    for part in (doc.id, doc.source, str(doc.source_line), str(doc.source_offset), doc.problem or ""):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    if doc.raw is not None:
        digest.update(doc.raw)
    else:
        digest.update(doc.text.encode("utf-8", "surrogatepass"))
        digest.update(json.dumps(doc.meta, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return digest.digest()


def pickled(result: "DocResult") -> tuple[bytes, bytes]:
    """(the result without its corpus features, the pickled features): what put_many stores."""
    return pickle.dumps(dataclasses.replace(result, features=b""), protocol=pickle.HIGHEST_PROTOCOL), result.features


class ResultCache:
    """Five tables: `results` (key -> pickled DocResult), `features` (key -> its corpus
    features), `files` (a file's size and version, its mtime or git blob, when its documents
    had these keys: an unchanged file is not even read), `corpus_base` (the corpus rules' findings on the last
    corpus reduced in full, and their index states: reused while the corpus is the same, grown
    when documents were only added) and `snapshot` (the last run's assembled documents and
    findings, reused while no file has changed, and what lets a later run take from it the
    documents of every file unchanged since)."""

    def __init__(self, directory: str | Path, ruleset: str, *, writable: bool):
        self.directory = Path(directory)
        self.ruleset = ruleset
        self.path = self.directory / _FILE
        if writable:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text("*\n")  # never committed by accident
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose recent entries, never corrupt
            self._db.executescript(_TABLES)
            self._db.commit()
        else:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) if self.path.exists() else None

    def get(self, key: bytes) -> "DocResult | None":
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else None

    def get_pickles(self, keys: list[bytes]) -> list[bytes] | None:
        """The pickled results of `keys` in that order; None if any is missing."""
        if self._db is None:
            return None
        found = self._values("results", keys)
        if len(found) < len(set(keys)):
            return None
        return [found[key] for key in keys]

    def put_many(self, items: list[tuple[bytes, tuple[bytes, bytes]]]) -> None:
        """Store (key, pickled(result)) pairs."""
        self._db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", ((k, v[0]) for k, v in items))
        self._db.executemany("INSERT OR REPLACE INTO features (key, value) VALUES (?, ?)", ((k, v[1]) for k, v in items))
        self._db.commit()

    def get_features(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The pickled corpus features stored with these keys (those it has)."""
        return self._values("features", keys)

    def _values(self, table: str, keys: list[bytes]) -> dict[bytes, bytes]:
        """key -> value of `table` ("results" or "features") for the keys it has."""
        found: dict[bytes, bytes] = {}
        for first in range(0, len(keys), _SQL_VARIABLES):
            chunk = keys[first : first + _SQL_VARIABLES]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk))
        return found

    def known_files(self, files: list[tuple[str, str]] | None = None) -> dict[tuple[str, str], tuple[int, int, bytes]]:
        """(path, display) -> (size, mtime_ns, keys) recorded under this rule set: of every
        file, or of `files` only."""
        if self._db is None:
            return {}
        query = "SELECT path, display, size, mtime_ns, keys FROM files WHERE ruleset = ?"
        if files is None:
            rows = self._db.execute(query, (self.ruleset,))
            return {(path, display): (size, mtime_ns, keys) for path, display, size, mtime_ns, keys in rows}
        wanted, found = set(files), {}
        paths = sorted({path for path, _ in files})
        for first in range(0, len(paths), _SQL_VARIABLES):
            chunk = paths[first : first + _SQL_VARIABLES]
            for path, display, size, mtime_ns, keys in self._db.execute(
                    f"{query} AND path IN ({','.join('?' * len(chunk))})", (self.ruleset, *chunk)):
                if (path, display) in wanted:
                    found[(path, display)] = (size, mtime_ns, keys)
        return found

    def put_files(self, rows: Iterable[tuple[str, str, int, int, bytes]]) -> None:
        """(path, display, size, mtime_ns, keys of its documents in order) per file."""
        self._db.executemany(
            "INSERT OR REPLACE INTO files (ruleset, path, display, size, mtime_ns, keys) VALUES (?, ?, ?, ?, ?, ?)",
            ((self.ruleset, *row) for row in rows),
        )
        self._db.commit()

    def corpus_base_key(self) -> bytes | None:
        """The corpus key of the corpus the stored base describes (see put_corpus_base)."""
        row = self._db.execute("SELECT corpus FROM corpus_base WHERE ruleset = ?", (self.ruleset,)).fetchone()
        return row[0] if row else None

    def corpus_base(self, *columns: str) -> tuple[bytes, ...]:
        """Columns ("documents", "hits", "states") of the stored base."""
        names = ", ".join(column for column in columns if column in ("documents", "hits", "states"))
        return self._db.execute(f"SELECT {names} FROM corpus_base WHERE ruleset = ?", (self.ruleset,)).fetchone()

    def put_corpus_base(self, corpus: bytes, documents: bytes, hits: bytes, states: bytes) -> None:
        """The last corpus whose corpus rules all reduced in full: its key, its pickled
        [(document id, cache key)], {rule: hits} and {rule: index state}."""
        self._db.execute(
            "INSERT OR REPLACE INTO corpus_base (ruleset, corpus, documents, hits, states) VALUES (?, ?, ?, ?, ?)",
            (self.ruleset, corpus, documents, hits, states),
        )
        self._db.commit()

    def snapshot(self, key: bytes) -> bytes | None:
        """The pickled (documents, findings) of the last run over the files `key` describes."""
        row = self._db.execute("SELECT value FROM snapshot WHERE ruleset = ? AND key = ?", (self.ruleset, key)).fetchone()
        return row[0] if row else None

    def snapshot_parts(self) -> tuple[bytes, bytes] | None:
        """Both parts of the last snapshot (see engine.snapshot), whatever has changed since."""
        row = self._db.execute("SELECT value, base FROM snapshot WHERE ruleset = ?", (self.ruleset,)).fetchone()
        return row if row and row[1] is not None else None

    def put_snapshot(self, key: bytes, value: bytes, base: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO snapshot (ruleset, key, value, base) VALUES (?, ?, ?, ?)",
                         (self.ruleset, key, value, base))
        self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_SQL_VARIABLES = 500  # SQLite's default limit is 999 (older builds) or 32766 per statement
_TABLES = """
CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS features (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    ruleset TEXT, path TEXT, display TEXT, size INTEGER, mtime_ns INTEGER, keys BLOB,
    PRIMARY KEY (ruleset, path, display));
CREATE TABLE IF NOT EXISTS corpus_base (ruleset TEXT PRIMARY KEY, corpus BLOB, documents BLOB, hits BLOB, states BLOB);
CREATE TABLE IF NOT EXISTS snapshot (ruleset TEXT PRIMARY KEY, key BLOB, value BLOB, base BLOB);
"""
