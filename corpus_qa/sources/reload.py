"""Read chosen documents again after a run, from the locations in the run's document summaries.

Workers never send text back to the main process; renderers that show text (the HTML
report) reload just the documents they display.
"""

from __future__ import annotations

import dataclasses
import gzip
import os
from pathlib import Path
from typing import Any, Iterable, Iterator

from corpus_qa.model import Document
from corpus_qa.sources import SourceOptions
from corpus_qa.sources.documents import document_from_file, path_from_printable, printable_text, problem_document
from corpus_qa.sources.tasks import records_from_lines


def reload_documents(summaries: Iterable[dict[str, Any]], options: SourceOptions) -> Iterator[Document]:
    """One Document per summary (as in RunResult.documents), in the same order, ids unchanged."""
    parquet_tables: dict[str, Any] = {}
    for summary in summaries:
        try:
            doc = _reload(summary, options, parquet_tables)
        except (OSError, EOFError, ValueError) as error:
            doc = problem_document(summary["id"], "unreadable", printable_text(f"cannot read again: {error}"))
        yield dataclasses.replace(doc, id=summary["id"])


def _reload(summary: dict[str, Any], options: SourceOptions, parquet_tables: dict[str, Any]) -> Document:
    if summary.get("problem"):  # no text to show; the file may not even be readable
        return problem_document(summary["id"], summary["problem"], "")
    source = _real_path(summary.get("source", summary["id"]))
    if "line" not in summary:
        return document_from_file(Path(source), summary["id"], max_bytes=options.max_file_size)
    if source.lower().endswith(".parquet"):
        return _parquet_row(source, summary["line"], summary["id"], options, parquet_tables)
    opener = gzip.open if source.lower().endswith(".gz") else open
    with opener(source, "rb") as handle:
        handle.seek(summary["offset"])
        line = handle.readline().rstrip(b"\r\n")
    (doc,) = records_from_lines(source, source, [(summary["line"], summary["offset"], line)], options)
    return doc


def _real_path(source: str) -> str:
    """The path behind a source shown with escapes (a file name that is not valid UTF-8)."""
    if os.path.lexists(source):
        return source
    real = path_from_printable(source)
    return real if os.path.lexists(real) else source


def _parquet_row(source: str, row: int, doc_id: str, options: SourceOptions, tables: dict[str, Any]) -> Document:
    if source not in tables:
        import pyarrow.parquet as pq

        tables[source] = pq.read_table(source, columns=[options.text_field])
    text = tables[source].column(options.text_field)[row - 1].as_py()
    from corpus_qa.sources.documents import document_from_record_text

    return document_from_record_text(doc_id, text, max_bytes=options.max_file_size, source=source, source_line=row)
