"""The engine: reads the corpus, checks every document, runs the corpus checks, keeps results.

Map (each module's docstring says more):

- `checker`: per document, in a worker: every enabled rule on the part of the document it
  reads, hits consolidated (`consolidate`) into findings, the corpus checks' features taken.
- `local` (a process pool) and `ray_engine` (a Ray cluster): run the checker over the
  reading tasks of `corpus_qa.sources`; `assemble` (RunAssembler) takes the results in the
  main process: `received` (each document's columns, in order, ids made unique), `merge`
  (corpus findings joined to each document's own: a pure function) and, with the cache,
  `unchanged` (which files need no reading). The run's outcome, `corpus_qa.run_result`,
  lives outside the engine: renderers read it.
- `corpus_phase`: the corpus checks' hits, by one strategy per check: reuse, grow, in memory,
  or in parts (`corpus_parts`, with `linking`: which documents a check's keys link).
- `cache` (results, the file table, the corpus base and the snapshot in SQLite, in the
  `stored` format), `snapshot` (the last run's documents and findings: taken whole when no
  file changed, file by file otherwise), `changes` (files changed since a git revision).
- `spill` (lists larger than memory, on disk), `placed` (hits in document order),
  `check_features` (a check's column of every document's features).

Words: a file is *unchanged* when its size and version match a record and its stat is
*stable* (older than the scan by 2 s); *recorded*: in the cache's file table; the *corpus
base*: the corpus checks' hits and states on the last corpus reduced in full, *reused* when
the corpus is the same, *grown* when documents were only added.

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
