"""Per-document results cached by content hash, so an unchanged document is never re-checked.

The key is the document's bytes (a record's text and metadata), its id, and the rule set:
corpus-qa's version, the enabled rules and every setting that can change a finding. The value
is the pickled DocResult, corpus features included, so the corpus-wide phase (duplicates,
repeated lines) still sees every document while only changed ones are read by the rules.

SQLite in WAL mode: workers read concurrently, the main process alone writes.
"""

from __future__ import annotations

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
_SCHEMA = 1
_FILE = f"results-v{_SCHEMA}.sqlite"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The package's own code and data: a rule edited without a version bump still misses."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".tsv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
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


def pickled(result: "DocResult") -> bytes:
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


class ResultCache:
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
            self._db.execute("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
            self._db.commit()
        else:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) if self.path.exists() else None

    def get(self, doc: "Document") -> "DocResult | None":
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM results WHERE key = ?", (document_key(self.ruleset, doc),)).fetchone()
        return pickle.loads(row[0]) if row else None

    def put_many(self, items: Iterable[tuple[bytes, bytes]]) -> None:
        """Store (key, pickled DocResult) pairs; see `pickled`."""
        self._db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", items)
        self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
