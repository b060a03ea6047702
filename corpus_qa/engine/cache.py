"""Per-document results cached by content hash, so an unchanged document is never re-checked.

The key is the document's bytes (a record's text and metadata), its id, and the rule set:
corpus-qa's version, the enabled rules and every setting that can change a finding. The value
is the stored DocResult (engine.stored: data, never code); its corpus features (duplicate signatures, line hashes) are stored
beside it and loaded only when the corpus-wide phase must run again, so that phase still sees
every document while only changed ones are read by the rules.

SQLite in WAL mode: workers read concurrently, the main process alone writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable
from urllib.parse import quote

from corpus_qa import __version__
from corpus_qa.engine.stored import StoredFormatError, dumps, loads

if TYPE_CHECKING:
    from corpus_qa.config import Config
    from corpus_qa.engine.checker import DocResult
    from corpus_qa.model import Document

DEFAULT_CACHE_DIR = ".corpus-qa-cache"
_SCHEMA = 7  # 5: engine.stored instead of pickles; paths as BLOBs. 6: corpus checks' features, states and hits. 7: fixes
CACHE_FILE = f"results-v{_SCHEMA}.sqlite"  # inside the cache folder


# Code that only runs once the per-document results exist (orchestration, output): editing
# it leaves cached results valid.
_NOT_IN_RESULTS = (
    "__main__.py", "cli.py", "baseline.py", "pytest_plugin.py", "report/", "corpus/expectations.py",
    "run_result.py", "engine/assemble.py", "engine/changes.py", "engine/corpus_phase.py", "engine/local.py",
    "engine/merge.py", "engine/ray_engine.py", "engine/received.py", "engine/unchanged.py",
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


def stored_result(result: "DocResult") -> tuple[bytes, bytes]:
    """(the result without its corpus features, the features as the worker stored them):
    what put_many stores."""
    return dumps(result), result.features


class ResultCache:
    """Five tables: `results` (key -> stored DocResult), `features` (key -> its corpus
    features), `files` (a file's size and version, its mtime or git blob, when its documents
    had these keys: an unchanged file is not even read), `corpus_base` (the corpus rules' findings on the last
    corpus reduced in full, and their index states: reused while the corpus is the same, grown
    when documents were only added) and `snapshot` (the last run's assembled documents and
    findings, taken whole while no file has changed, and what lets a later run take from it the
    documents of every file unchanged since). Every value is written by engine.stored.

    A cache that cannot be read is never fatal. Opened writable (the main process), a damaged
    database file is moved aside and a new one started; one that cannot be used at all (its
    folder is a file, no permission) leaves the run without a cache. A damaged row or a
    database error met later counts as a miss. Each such problem goes to `report(why)` (the
    main process warns once) or, without `report`, waits in `problem` for take_problem (a
    worker hands it to the main process with the result it checked again)."""

    def __init__(self, directory: str | Path, ruleset: str, *, writable: bool,
                 report: Callable[[str], None] | None = None):
        self.directory = Path(directory)
        self.ruleset = ruleset
        self.path = self.directory / CACHE_FILE
        self.report = report
        self.writable = writable
        self.problem: str | None = None
        self.damaged = False  # the file itself is damaged: moved aside when closed (writable only)
        self._check_when_closed = False
        self._db: sqlite3.Connection | None = None
        if writable:
            self._open_writable()
        else:
            try:
                if self.path.is_file():
                    self._db = sqlite3.connect(f"file:{quote(os.fsencode(self.path))}?mode=ro", uri=True)
            except (sqlite3.Error, OSError, ValueError) as error:
                self._failed(error)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _open_writable(self) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            self._note(f"cannot use the cache {self.directory} (it is not a folder); running without it")
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.is_file():
                ignore.write_text("*\n")  # never committed by accident
        except OSError as error:
            self._note(f"cannot use the cache {self.directory} ({_reason(error)}); running without it")
            return
        _remove_older_schemas(self.directory)
        for attempt in (1, 2):
            try:
                if self.path.exists() and not self.path.is_file():
                    raise IsADirectoryError(f"{self.path.name} is not a file")
                self._db = sqlite3.connect(self.path)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose recent entries, never corrupt
                self._db.executescript(_TABLES)
                self._db.commit()
                for probe in _PROBES:  # a table of another shape is damage too
                    self._db.execute(probe).fetchall()
                return
            except (sqlite3.Error, OSError) as error:
                if self._db is not None:
                    self._db.close()
                    self._db = None
                if attempt == 2 or _not_damage(error) or not self._move_aside():
                    self._note(f"cannot use the cache {self.directory} ({_reason(error)}); running without it")
                    return
                self._note(f"the cache {self.path} is damaged ({_reason(error)}); rebuilding it")

    def _move_aside(self) -> bool:
        """The damaged database (and its journal files) out of the way, as `<name>.damaged`."""
        aside = self.path.with_name(self.path.name + ".damaged")
        try:
            if aside.is_file() or aside.is_symlink():
                aside.unlink()
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                journal = self.path.with_name(self.path.name + suffix)
                if journal.exists() or journal.is_symlink():
                    journal.unlink()
            return True
        except OSError:
            return False

    def _note(self, message: str) -> None:
        if self.problem is None:
            self.problem = message
            if self.report is not None:
                self.report(message)

    def _failed(self, error: BaseException, what: str = "") -> None:
        """A read or write that failed: a damaged row or database is a miss from now on."""
        if isinstance(error, StoredFormatError):
            self._note(f"the cache {self.path} is damaged ({what}: {error}); rebuilding it")
            return
        if not _not_damage(error):
            self.damaged = True
        if self._db is not None:
            self._db.close()
            self._db = None
        if self.damaged:
            self._note(f"the cache {self.path} is damaged ({_reason(error)}); rebuilding it")
        else:
            self._note(f"cannot use the cache {self.path} ({_reason(error)}); running without it")

    def take_problem(self) -> str | None:
        """The problem met since the last call, if any (see the class docstring)."""
        problem, self.problem = self.problem, None
        return problem

    def get(self, key: bytes) -> "DocResult | None":
        """The stored result of `key`; None when missing or damaged."""
        if self._db is None:
            return None
        from corpus_qa.engine.checker import DocResult

        try:
            row = self._db.execute("SELECT value FROM results WHERE key = ?", (key,)).fetchone()
            return loads(row[0], DocResult) if row else None
        except (sqlite3.Error, StoredFormatError) as error:
            self._failed(error, "a stored result")
            return None

    def get_results(self, keys: list[bytes]) -> "list[DocResult] | None":
        """The stored results of `keys` in that order; None if any is missing or damaged."""
        if self._db is None:
            return None
        from corpus_qa.engine.checker import DocResult

        try:
            found = self._values("results", keys)
            if len(found) < len(set(keys)):
                return None
            return [loads(found[key], DocResult) for key in keys]
        except (sqlite3.Error, StoredFormatError) as error:
            self._failed(error, "a stored result")
            return None

    def put_many(self, items: list[tuple[bytes, tuple[bytes, bytes]]]) -> None:
        """Store (key, stored_result(result)) pairs."""
        if self._db is None or not items:
            return
        try:
            self._db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", ((k, v[0]) for k, v in items))
            self._db.executemany("INSERT OR REPLACE INTO features (key, value) VALUES (?, ?)", ((k, v[1]) for k, v in items))
            self._db.commit()
        except sqlite3.Error as error:
            self._failed(error)

    def get_features(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The stored corpus features of these keys (those it has: a damaged database has none)."""
        if self._db is None:
            return {}
        try:
            return self._values("features", keys)
        except sqlite3.Error as error:
            self._failed(error)
            return {}

    def _values(self, table: str, keys: list[bytes]) -> dict[bytes, bytes]:
        """key -> value of `table` ("results" or "features") for the keys it has."""
        found: dict[bytes, bytes] = {}
        for first in range(0, len(keys), _SQL_VARIABLES):
            chunk = keys[first : first + _SQL_VARIABLES]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk))
        return found

    def recorded_files(self, files: list[tuple[str, str]] | None = None) -> dict[tuple[str, str], tuple[int, int, bytes]]:
        """(path, display) -> (size, mtime_ns, keys) recorded under this rule set: of every
        file, or of `files` only."""
        if self._db is None:
            return {}
        query = "SELECT path, display, size, mtime_ns, keys FROM files WHERE ruleset = ?"
        try:
            if files is None:
                rows = self._db.execute(query, (self.ruleset,))
                return {(_text(path), _text(display)): (size, mtime_ns, keys)
                        for path, display, size, mtime_ns, keys in rows}
            wanted, found = set(files), {}
            paths = sorted({_blob(path) for path, _ in files})
            for first in range(0, len(paths), _SQL_VARIABLES):
                chunk = paths[first : first + _SQL_VARIABLES]
                for path, display, size, mtime_ns, keys in self._db.execute(
                        f"{query} AND path IN ({','.join('?' * len(chunk))})", (self.ruleset, *chunk)):
                    file = (_text(path), _text(display))
                    if file in wanted:
                        found[file] = (size, mtime_ns, keys)
            return found
        except sqlite3.Error as error:
            self._failed(error)
            return {}

    def put_files(self, rows: Iterable[tuple[str, str, int, int, bytes]]) -> None:
        """(path, display, size, mtime_ns, keys of its documents in order) per file."""
        if self._db is None:
            return
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO files (ruleset, path, display, size, mtime_ns, keys) VALUES (?, ?, ?, ?, ?, ?)",
                ((self.ruleset, _blob(path), _blob(display), *rest) for path, display, *rest in rows),
            )
            self._db.commit()
        except sqlite3.Error as error:
            self._failed(error)

    def corpus_base_key(self) -> bytes | None:
        """The corpus key of the corpus the stored base describes (see put_corpus_base)."""
        row = self._row("SELECT corpus FROM corpus_base WHERE ruleset = ?", (self.ruleset,))
        return row[0] if row else None

    def corpus_base(self, *columns: str) -> tuple[bytes, ...] | None:
        """Columns ("documents", "hits", "states") of the stored base, None if there is none."""
        names = ", ".join(column for column in columns if column in ("documents", "hits", "states"))
        return self._row(f"SELECT {names} FROM corpus_base WHERE ruleset = ?", (self.ruleset,))

    def put_corpus_base(self, corpus: bytes, documents: bytes, hits: bytes, states: bytes) -> None:
        """The last corpus whose corpus rules all reduced in full: its key, its stored
        [(document id, cache key)], {rule: hits} and {rule: index state}."""
        self._write("INSERT OR REPLACE INTO corpus_base (ruleset, corpus, documents, hits, states) VALUES (?, ?, ?, ?, ?)",
                    (self.ruleset, corpus, documents, hits, states))

    def snapshot_assembled(self, key: bytes) -> bytes | None:
        """The assembled part of the snapshot of the files `key` describes (see engine.snapshot)."""
        row = self._row("SELECT assembled FROM snapshot WHERE ruleset = ? AND key = ?", (self.ruleset, key))
        return row[0] if row else None

    def snapshot(self) -> tuple[bytes, bytes] | None:
        """Both parts of the last snapshot, (assembled, layout), whatever has changed since."""
        row = self._row("SELECT assembled, layout FROM snapshot WHERE ruleset = ?", (self.ruleset,))
        return row if row and row[1] is not None else None

    def put_snapshot(self, key: bytes, assembled: bytes, layout: bytes) -> None:
        self._write("INSERT OR REPLACE INTO snapshot (ruleset, key, assembled, layout) VALUES (?, ?, ?, ?)",
                    (self.ruleset, key, assembled, layout))

    def damaged_value(self, what: str, error: StoredFormatError) -> None:
        """A value read through this cache could not be decoded (see engine.stored)."""
        self._failed(error, what)

    def _row(self, query: str, arguments: tuple) -> tuple | None:
        if self._db is None:
            return None
        try:
            return self._db.execute(query, arguments).fetchone()
        except sqlite3.Error as error:
            self._failed(error)
            return None

    def _write(self, query: str, arguments: tuple) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(query, arguments)
            self._db.commit()
        except sqlite3.Error as error:
            self._failed(error)

    def check_when_closed(self) -> None:
        """A worker met damage here: close() checks the file, and moves it aside if it is
        damaged (a damaged row alone is replaced by the result checked again)."""
        self._check_when_closed = True

    def close(self) -> None:
        if self._db is not None:
            try:
                if self._check_when_closed and self.writable:
                    verdict = self._db.execute("PRAGMA quick_check").fetchone()
                    self.damaged = self.damaged or not verdict or verdict[0] != "ok"
            except sqlite3.Error as error:
                self.damaged = self.damaged or not _not_damage(error)
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        if self.damaged and self.writable:  # the next run starts a new one
            self._move_aside()
        self.damaged = False


def _blob(text: str) -> bytes:
    """A path or name as stored: any str, file names that are not valid UTF-8 too."""
    return text.encode("utf-8", "surrogatepass")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")


def _not_damage(error: BaseException) -> bool:
    """Whether an error says the database is busy or out of reach (kept as it is) rather
    than damaged (moved aside): locked, read-only, no permission, a full disk."""
    if isinstance(error, OSError) and not isinstance(error, IsADirectoryError):
        return True
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and any(
        word in message for word in ("locked", "busy", "readonly", "read-only", "permission", "full", "unable to open"))


def _reason(error: BaseException) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:200]


def _remove_older_schemas(directory: Path) -> None:
    """Caches of earlier schemas hold pickles: deleted, never read (a newer corpus-qa cannot
    use them, and an older one would load whatever they hold)."""
    for schema in range(1, _SCHEMA):
        for suffix in ("", "-wal", "-shm"):
            old = directory / f"results-v{schema}.sqlite{suffix}"
            try:
                if old.is_file():
                    old.unlink()
            except OSError:
                pass


_SQL_VARIABLES = 500  # SQLite's default limit is 999 (older builds) or 32766 per statement
_TABLES = """
CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS features (key BLOB PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    ruleset TEXT, path BLOB, display BLOB, size INTEGER, mtime_ns INTEGER, keys BLOB,
    PRIMARY KEY (ruleset, path, display));
CREATE TABLE IF NOT EXISTS corpus_base (ruleset TEXT PRIMARY KEY, corpus BLOB, documents BLOB, hits BLOB, states BLOB);
CREATE TABLE IF NOT EXISTS snapshot (ruleset TEXT PRIMARY KEY, key BLOB, assembled BLOB, layout BLOB);
"""
_PROBES = (
    "SELECT key, value FROM results LIMIT 1",
    "SELECT key, value FROM features LIMIT 1",
    "SELECT ruleset, path, display, size, mtime_ns, keys FROM files LIMIT 1",
    "SELECT ruleset, corpus, documents, hits, states FROM corpus_base LIMIT 1",
    "SELECT ruleset, key, assembled, layout FROM snapshot LIMIT 1",
)
