"""The engine: reads the corpus, checks every document, runs the corpus checks, keeps results.

Map (each module's docstring says more):

- `checker`: per document, in a worker: every enabled rule on the part of the document it
  reads, hits consolidated (`consolidate`) into findings, the corpus checks' features taken.
- `local` (a process pool) and `ray_engine` (a Ray cluster): run the checker over the
  reading tasks of `corpus_qa.sources`; `assemble` gathers the results in the main process.
- `corpus_phase`: the corpus checks' hits, by one strategy per check: reuse, grow, in memory,
  or in parts (`corpus_parts`, with `linking`: which documents a check's keys link).
- `cache` (results and corpus bases in SQLite, in the `stored` format), `snapshot`
  (a whole run kept for the next), `changes` (what changed since).
- `spill` (lists larger than memory, on disk), `placed` (hits in document order),
  `check_features` (a check's column of every document's features).

Groupings, smallest first:

- chunk: items a SpillList writes to disk at once (spill.CHUNK, 2,000);
- batch: documents whose features are decoded together in the main process
  (corpus_phase._FETCH_BATCH, 2,000), or whose results are written to the cache together;
- slice: documents a check judges at once (corpus_parts.SLICE, 20,000);
- partition: documents whose keys are counted together (linking.DOCUMENTS_PER_PARTITION,
  50,000);
- part: documents linked by a check's keys (a connected component), reduced together;
- bin: parts packed up to DOCUMENTS_PER_PARTITION documents, one check instance each.
"""
