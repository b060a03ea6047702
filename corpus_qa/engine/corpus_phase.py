"""The corpus-wide phase: every corpus rule's hits over all documents of the run.

With the result cache, the hits are kept with the corpus they were found on (the corpus base:
its documents' ids and cache keys, and what each rule's `index` made of it). The same corpus
again reuses them. A corpus that only added documents to the base is grown: each rule's
`grow` works from its state and the added documents, loading old documents' features only
where it must. Otherwise every rule reduces in full and the base is replaced: over every
document's features in memory, or, without the cache and past _INDEXED_UP_TO documents, the
way engine.corpus_parts does, which keeps no state for growing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from corpus_qa.engine.cache import ResultCache
from corpus_qa.engine.checker import internal_error_finding
from corpus_qa.engine.corpus_parts import corpus_hits
from corpus_qa.engine.placed import PlacedHits
from corpus_qa.engine.rule_features import FeatureRows, RuleFeatures
from corpus_qa.engine.stored import StoredFormatError, dumps, loads
from corpus_qa.model import Finding
from corpus_qa.rules.base import CorpusHit, Growth, Rule, RuleContext, forget_run_memos

# (document id, cache key or None, stored corpus features, or None when the cache holds them)
Entry = tuple[str, "bytes | None", "bytes | None"]
# cache keys -> the stored features of those documents, made again from their files
Remake = Callable[[list[bytes]], dict[bytes, bytes]]

# Growing costs about what the added documents touch; past this share of the base, reducing
# in full (and storing a new base) is the better deal.
_GROW_AT_MOST = 0.1
_GROW_ALWAYS = 100
_FETCH_BATCH = 2_000  # documents' features decoded (and fetched from the cache) at once
# Past this many documents the corpus rules keep no state for growing: it would hold every
# document's features, where reducing over the documents that share something holds a few.
_INDEXED_UP_TO = 200_000


class CorpusPhase:
    def __init__(self, rules: list[tuple[Rule, RuleContext]], cache: ResultCache | None, verbose: bool,
                 remake: Remake | None = None):
        self.rules = rules
        self.cache = cache
        self.verbose = verbose
        self.remake = remake  # for features the cache lost or holds damaged
        self.errors: list[Finding] = []
        self.stats: dict[str, Any] = {}
        # the corpus key of the base the hits were reused or grown from (None: reduced in
        # full), and the documents whose hits differ from that base's
        self.based_on: bytes | None = None
        self.changed: set[str] = set()

    def hits(self, entries: Sequence[Entry], corpus_key: bytes | None) -> dict[str, PlacedHits]:
        """{rule code: its hits}; a rule that raised has no entry (its error is in self.errors)."""
        try:
            found = self._hits(entries, corpus_key)
        finally:
            forget_run_memos()  # what the rule families shared holds every document's features
        if all(isinstance(hits, PlacedHits) for hits in found.values()):
            return found
        position_of = {doc_id: position for position, (doc_id, _, _) in enumerate(entries)}
        return {code: PlacedHits.of(hits, position_of) for code, hits in found.items()}

    def _hits(self, entries: Sequence[Entry], corpus_key: bytes | None) -> dict[str, Any]:
        """{rule code: hits}: lists, or PlacedHits when reduced in parts without the cache."""
        base_key = self.cache.corpus_base_key() if self.cache and corpus_key else None
        if base_key is not None and base_key == corpus_key:
            reused = self._stored_base("hits")
            if reused is not None:
                self.stats["corpus"] = "reused"
                self.based_on = base_key
                return reused[0]
            base_key = None
        old_hits: dict[str, list[CorpusHit]] = {}
        hits = self._grown(entries, old_hits) if base_key is not None else {}
        missing = [(rule, ctx) for rule, ctx in self.rules if rule.code not in hits]
        if hits and not missing:
            self.stats["corpus"] = "grown"
            self._changed_since(base_key, old_hits, hits)
            return hits

        def failed(rule: Rule, error: Exception) -> None:
            self.errors.append(internal_error_finding(rule, "", error, self.verbose))

        # without a cache, or past _INDEXED_UP_TO documents, no state for growing is kept, and
        # the rules that can tell are reduced without every document's features in memory
        in_parts = self.cache is None or len(entries) > _INDEXED_UP_TO
        if in_parts:
            found, stats = corpus_hits(missing, lambda: self._batches(entries), len(entries), failed)
            # with the cache, the hits are stored with the base: they are held anyway
            hits.update((code, placed.take()) if self.cache else (code, placed) for code, placed in found.items())
            self.stats.update(stats)
            features, unindexed = {}, {rule.code for rule, _ in missing if rule.index is not None}
        else:
            features, unindexed = self._features_by_rule(entries, missing), set()
            for rule, ctx in missing:
                try:
                    hits[rule.code] = list(rule.reduce(features[rule.code], ctx))
                except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                    failed(rule, error)
        self.stats["corpus"] = "reduced" if len(missing) == len(self.rules) else "partly grown"
        if hits and len(missing) < len(self.rules):
            self.stats["corpus_reduced"] = [rule.code for rule, _ in missing]
            if len(hits) == len(self.rules):
                self._changed_since(base_key, old_hits, hits)
        if self.cache and corpus_key and len(missing) == len(self.rules) and len(hits) == len(self.rules):
            self._store_base(entries, corpus_key, hits, features, unindexed)
            self.based_on = corpus_key
        return hits

    def _changed_since(self, base_key: bytes, old_hits: dict[str, list[CorpusHit]],
                       hits: dict[str, list[CorpusHit]]) -> None:
        """The documents whose hits are not the base's: a grow keeps the hits that stand (the
        same objects) and makes new ones for the documents it judged again."""
        for code, new in hits.items():
            old = old_hits.get(code, [])
            kept = {id(hit) for hit in new}
            self.changed.update(hit.document for hit in old if id(hit) not in kept)
            stood = {id(hit) for hit in old}
            self.changed.update(hit.document for hit in new if id(hit) not in stood)
        self.based_on = base_key

    def _store_base(self, entries: Sequence[Entry], corpus_key: bytes, hits: dict[str, list[CorpusHit]],
                    features: dict[str, RuleFeatures], unindexed: set[str]) -> None:
        """The base; a rule reduced without every document's features in memory has no state
        (unindexed): it reduces in full next time."""
        states = {}
        for rule, ctx in self.rules:
            if rule.code in unindexed:
                continue
            if rule.index is not None and rule.grow is not None:
                try:
                    states[rule.code] = rule.index(features[rule.code], ctx)
                except Exception:  # noqa: BLE001 - without a state the rule reduces in full next time
                    continue
            elif rule.grow is not None:
                states[rule.code] = None
        documents = [(doc_id, key) for doc_id, key, _ in entries]
        try:
            stored_states = dumps(states)
        except StoredFormatError:  # a state the format cannot hold: that rule reduces in full next time
            storable = {}
            for code, state in states.items():
                try:
                    dumps(state)
                    storable[code] = state
                except StoredFormatError:
                    if self.verbose:
                        import traceback

                        traceback.print_exc()
            stored_states = dumps(storable)
        self.cache.put_corpus_base(corpus_key, dumps(documents), dumps(hits), stored_states)

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

    def _grown(self, entries: Sequence[Entry], old_hits: dict[str, list[CorpusHit]]) -> dict[str, list[CorpusHit]]:
        """The hits of every rule that could grow from the base (none when documents were
        changed or removed since, or too many were added); old_hits gets the base's."""
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
        old_hits.update(base_hits)
        grown: dict[str, list[CorpusHit]] = {}
        for rule, ctx in self.rules:
            if rule.grow is None or rule.code not in states or rule.code not in old_hits:
                continue
            growth = Growth(
                states[rule.code], old_hits[rule.code],
                {doc_id: features[rule.code] for doc_id, features in added_features if rule.code in features},
                _loader(load, loaded, rule.code),
            )
            try:
                hits = rule.grow(growth, ctx)
            except Exception:  # noqa: BLE001 - the full reduce reports what is wrong
                if self.verbose:
                    import traceback

                    traceback.print_exc()
                hits = None
            if hits is not None:
                grown[rule.code] = hits
        return grown


    def _features_by_rule(self, entries: Sequence[Entry], rules: list[tuple[Rule, RuleContext]]) -> dict[str, RuleFeatures]:
        """{rule code: {document id: feature}} in document order, read a batch at a time."""
        rows = FeatureRows([rule.code for rule, _ in rules])
        for ids, batch in self._batches(entries):
            for doc_id, features in zip(ids, batch):
                rows.add(doc_id, features)
        return rows.by_rule()

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


def _loader(load, loaded: dict[str, dict[str, Any]], code: str):
    def features_of(ids: Iterable[str]) -> dict[str, Any]:
        ids = list(ids)
        load(ids)
        return {doc_id: loaded[doc_id][code] for doc_id in ids if code in loaded[doc_id]}
    return features_of
