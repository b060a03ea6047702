"""The corpus-wide phase: every corpus check's hits over all documents of the run.

One strategy is picked, explicitly, per run and check (each a function giving
{rule code: PlacedHits}):

- reuse: the result cache holds the hits of this very corpus (the corpus base: its documents'
  ids and cache keys, the hits, and what each check's `index` made of it);
- grow: the corpus only added documents to the base, and the check can grow: it works from its
  state and the added documents, loading old documents' features only where it must;
- in memory: the check reduces over every document's features (and, with the cache, indexes
  them: the next run may grow);
- in parts (engine.corpus_parts): without the cache, or past IN_MEMORY_UP_TO documents, the
  check reduces over the parts of the corpus its keys link, a slice of judged documents at a
  time, keeping no state for growing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from corpus_qa.engine.cache import ResultCache
from corpus_qa.engine.checker import internal_error_finding
from corpus_qa.engine.corpus_parts import in_parts
from corpus_qa.engine.placed import PlacedHits
from corpus_qa.engine.check_features import FeatureRows
from corpus_qa.engine.stored import StoredFormatError, dumps, loads
from corpus_qa.model import Finding
from corpus_qa.rules.base import CorpusCheck, CorpusHit, Growth, RuleContext
from corpus_qa.rules.registry import all_rules

# (document id, cache key or None, stored corpus features, or None when the cache holds them)
Entry = tuple[str, "bytes | None", "bytes | None"]
# cache keys -> the stored features of those documents, made again from their files
Remake = Callable[[list[bytes]], dict[bytes, bytes]]
Checks = list[tuple[type[CorpusCheck], RuleContext]]

# Growing costs about what the added documents touch; past this share of the base, reducing
# in full (and storing a new base) is the better deal.
_GROW_AT_MOST = 0.1
_GROW_ALWAYS = 100
_FETCH_BATCH = 2_000  # documents' features decoded (and fetched from the cache) at once
# Past this many documents the checks keep no state for growing: it would hold every
# document's features, where reducing over the documents that share something holds a few.
IN_MEMORY_UP_TO = 200_000


class CorpusPhase:
    def __init__(self, checks: Checks, codes: set[str], cache: ResultCache | None, verbose: bool,
                 remake: Remake | None = None):
        self.checks = checks
        self.codes = codes  # the enabled corpus rules: a check's hits of other rules are dropped
        self.cache = cache
        self.verbose = verbose
        self.remake = remake  # for features the cache lost or holds damaged
        self.errors: list[Finding] = []
        self.stats: dict[str, Any] = {}

    def hits(self, entries: Sequence[Entry], corpus_key: bytes | None) -> dict[str, PlacedHits]:
        """{rule code: its hits}; the rules of a check that raised have no entry (its error is
        in self.errors)."""
        position_of = {doc_id: position for position, (doc_id, _, _) in enumerate(entries)}
        base_key = self.cache.corpus_base_key() if self.cache and corpus_key else None
        if base_key is not None and base_key == corpus_key:
            reused = self._reuse()
            if reused is not None:
                self.stats["corpus"] = "reused"
                return self._placed(reused, position_of)
        hits = self._grow(entries) if base_key is not None else {}
        grown = {check.name for check, _ in self.checks if all(code in hits for code in check.codes)}
        missing = [(check, ctx) for check, ctx in self.checks if check.name not in grown]
        if grown and not missing:
            self.stats["corpus"] = "grown"
            return self._placed(hits, position_of)
        states: dict[str, Any] = {}
        if self.cache is None or len(entries) > IN_MEMORY_UP_TO:
            found, stats = in_parts(missing, lambda: self._batches(entries), len(entries), self._failed)
            self.stats.update(stats)
            if self.cache is None:
                placed = self._placed(hits, position_of)
                placed.update((code, run) for code, run in found.items() if code in self.codes)
                self.stats["corpus"] = "reduced"
                return placed
            # with the cache the hits are stored with the base (no states: the next run
            # reuses them, or reduces in full): they are held anyway
            hits.update((code, run.take()) for code, run in found.items())
        else:
            hits.update(self._in_memory(entries, missing, states))
        self.stats["corpus"] = "reduced" if not grown else "partly grown"
        if grown:
            self.stats["corpus_reduced"] = sorted(check.name for check, _ in missing)
        elif corpus_key and all(check.codes[0] in hits for check, _ in self.checks):
            self._store_base(entries, corpus_key, hits, states)
        return self._placed(hits, position_of)

    # -- the strategies -----------------------------------------------------------------------

    def _reuse(self) -> dict[str, list[CorpusHit]] | None:
        stored = self._stored_base("hits")
        return stored[0] if stored is not None else None

    def _grow(self, entries: Sequence[Entry]) -> dict[str, list[CorpusHit]]:
        """The hits of every check that could grow from the base (none when documents were
        changed or removed since, or too many were added)."""
        stored = self._stored_base("documents", "hits", "states")
        if stored is None:
            return {}
        documents, base_hits, states = stored
        try:
            base = set(documents)
            old_keys = {doc_id: key for doc_id, key in base}
        except (TypeError, ValueError):  # not (id, key) pairs
            self.cache.damaged_value("the corpus base", StoredFormatError("documents that are not (id, key) pairs"))
            return {}
        added = [(doc_id, key, blob) for doc_id, key, blob in entries if (doc_id, key) not in base]
        if len(entries) - len(added) != len(base) or len(added) > max(_GROW_ALWAYS, _GROW_AT_MOST * len(base)):
            return {}
        self.stats["documents_added"] = len(added)
        loaded: dict[str, dict[str, Any]] = {}

        def load(ids: Iterable[str]) -> None:
            wanted = [doc_id for doc_id in ids if doc_id not in loaded]
            features = self._decoded([(doc_id, old_keys[doc_id], None) for doc_id in wanted])
            loaded.update(zip(wanted, features))
            self.stats["documents_loaded"] = len(loaded)

        added_features = list(zip([doc_id for doc_id, _, _ in added], self._decoded(added)))
        old_hits: dict[str, list[CorpusHit]] = base_hits
        grown: dict[str, list[CorpusHit]] = {}
        for check, ctx in self.checks:
            if check.grow is None or check.name not in states or not all(code in old_hits for code in check.codes):
                continue
            growth = Growth(
                states[check.name], [hit for code in check.codes for hit in old_hits[code]],
                {doc_id: features[check.name] for doc_id, features in added_features if check.name in features},
                _loader(load, loaded, check.name),
            )
            try:
                found = check(ctx).grow(growth)
            except Exception:  # noqa: BLE001 - the full reduce reports what is wrong
                if self.verbose:
                    import traceback

                    traceback.print_exc()
                found = None
            if found is not None:
                grown.update(_by_code(check, found))
        return grown

    def _in_memory(self, entries: Sequence[Entry], checks: Checks, states: dict[str, Any]) -> dict[str, list[CorpusHit]]:
        """Each check reduced over every document's features; `states` gets what each check
        that can grow makes of them (with the cache: the next run may grow)."""
        rows = FeatureRows([check.name for check, _ in checks])
        for ids, batch in self._batches(entries):
            for doc_id, features in zip(ids, batch):
                rows.add(doc_id, features)
        by_check = rows.by_check()
        hits: dict[str, list[CorpusHit]] = {}
        for check, ctx in checks:
            features = by_check[check.name]
            instance = check(ctx)
            try:
                hits.update(_by_code(check, instance.reduce(features)))
            except Exception as error:  # noqa: BLE001 - a broken check must not stop the run
                self._failed(check, error)
                continue
            if self.cache is not None and check.index is not None and check.grow is not None:
                try:
                    states[check.name] = instance.index(features)
                except Exception:  # noqa: BLE001 - without a state the check reduces in full next time
                    pass
        return hits

    # -- bookkeeping ----------------------------------------------------------------------------

    def _failed(self, check: type[CorpusCheck], error: Exception) -> None:
        rule = all_rules()[check.codes[0]]
        self.errors.append(internal_error_finding(rule, "", error, self.verbose, check))

    def _placed(self, hits: dict[str, list[CorpusHit]], position_of: dict[str, int]) -> dict[str, PlacedHits]:
        return {code: PlacedHits.of(found, position_of) for code, found in hits.items() if code in self.codes}

    def _store_base(self, entries: Sequence[Entry], corpus_key: bytes, hits: dict[str, list[CorpusHit]],
                    states: dict[str, Any]) -> None:
        """The base; a check whose state the storage format cannot hold reduces in full next time."""
        storable = {}
        for name, state in states.items():
            try:
                dumps(state)
                storable[name] = state
            except StoredFormatError:
                if self.verbose:
                    import traceback

                    traceback.print_exc()
        documents = [(doc_id, key) for doc_id, key, _ in entries]
        self.cache.put_corpus_base(corpus_key, dumps(documents), dumps(hits), dumps(storable))

    def _stored_base(self, *columns: str) -> list[Any] | None:
        """The stored base's columns, decoded; None when there is none or it is damaged."""
        blobs = self.cache.corpus_base(*columns)
        if blobs is None:
            return None
        try:
            return [loads(blob, (list, dict)) for blob in blobs]
        except StoredFormatError as error:
            self.cache.damaged_value("the corpus base", error)
            return None

    def _batches(self, entries: Iterable[Entry]) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
        """(document ids, their decoded features), _FETCH_BATCH documents at a time."""
        batch: list[Entry] = []
        for entry in entries:
            batch.append(entry)
            if len(batch) >= _FETCH_BATCH:
                yield [doc_id for doc_id, _, _ in batch], self._decoded(batch)
                batch = []
        if batch:
            yield [doc_id for doc_id, _, _ in batch], self._decoded(batch)

    def _decoded(self, batch: Sequence[Entry]) -> list[dict[str, Any]]:
        """The features of each entry: its own bytes, else fetched from the cache; those the
        cache does not have or holds damaged are made again from the documents' files."""
        stored = [key for _, key, blob in batch if blob is None and key is not None]
        fetched = self.cache.get_features(stored) if stored and self.cache else {}
        out: list[dict[str, Any] | None] = []
        lost: dict[int, bytes] = {}  # position in the batch -> cache key
        for _, key, blob in batch:
            if blob is None and key is not None:
                blob = fetched.get(key)
                if blob:
                    try:
                        out.append(loads(blob, dict))
                        continue
                    except StoredFormatError as error:
                        self.cache.damaged_value("stored corpus features", error)
                        blob = None
                if blob is None:
                    lost[len(out)] = key
                    out.append(None)
                    continue
            out.append(loads(blob, dict) if blob else {})  # this run's own: never damaged
        if lost:
            remade = self.remake(list(lost.values())) if self.remake is not None else {}
            for position, key in lost.items():
                blob = remade.get(key)
                out[position] = loads(blob, dict) if blob else {}
        return out


def _by_code(check: type[CorpusCheck], found: Iterable[CorpusHit]) -> dict[str, list[CorpusHit]]:
    """A check's hits as {rule code: its hits}, every code of the check present."""
    by_code: dict[str, list[CorpusHit]] = {code: [] for code in check.codes}
    for hit in found:
        by_code[hit.rule].append(hit)
    return by_code


def _loader(load, loaded: dict[str, dict[str, Any]], name: str):
    def features_of(ids: Iterable[str]) -> dict[str, Any]:
        ids = list(ids)
        load(ids)
        return {doc_id: loaded[doc_id][name] for doc_id in ids if name in loaded[doc_id]}
    return features_of
