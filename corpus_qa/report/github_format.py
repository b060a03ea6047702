"""`--format github`: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from corpus_qa.report.summary import gated_findings, skipped_line

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, options, out) -> None:
    """Annotations for the findings the gate judges (only new ones against a baseline)."""
    sources = {doc["id"]: (doc.get("source", doc["id"]), doc.get("line")) for doc in result.documents}
    for finding in gated_findings(result):
        source, record_line = sources.get(finding.document, (finding.document, None))
        if not finding.document:  # about the whole corpus: no file to point at
            place, where = "", ""
        elif record_line is not None:  # a JSONL record: point at its line in the file
            place = f"file={_escape_property(source)},line={record_line}"
            where = f" (record {finding.document}, {finding.line}:{finding.column})"
        else:
            place = (
                f"file={_escape_property(source)},line={finding.line},col={finding.column},"
                f"endLine={finding.end_line},endColumn={finding.end_column}"
            )
            where = ""
        title = _escape_property(f"{finding.rule} {finding.name}")
        message = _escape_data(f"{finding.message}{where}")
        properties = f"{place},title={title}" if place else f"title={title}"
        out.write(f"::{_LEVEL[finding.severity.label]} {properties}::{message}\n")
    if skipped := result.extra.get("skipped"):
        out.write(f"::notice title=corpus-qa::{_escape_data('Not read: ' + skipped_line(skipped))}\n")
