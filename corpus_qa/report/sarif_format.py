"""`--format sarif`: SARIF 2.1.0 for code-scanning tools. Columns count Unicode code points
(the run says so in `columnKind`); file documents point at their file and region, JSONL
records at their line in the JSONL file."""

from __future__ import annotations

from corpus_qa.report import json_text
from corpus_qa.report.summary import TOOL, baseline_states
from corpus_qa.rules.meta import META_RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.docs},
        "help": {"text": rule.docs},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.label]},
        "properties": {"category": rule.category.value},
    }


def _meta_descriptor(meta) -> dict:
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.docs.strip()},
        "help": {"text": meta.docs.strip()},
        "defaultConfiguration": {"level": "error"},
    }


def render(result, options, out) -> None:
    rules = [_rule_descriptor(rule) for rule in result.rules]
    rules += [_meta_descriptor(META_RULES[code]) for code in sorted({f.rule for f in result.findings} & set(META_RULES))]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sources = {doc["id"]: (doc.get("source", doc["id"]), doc.get("line")) for doc in result.documents}
    states = baseline_states(result)
    results = []
    for finding in result.findings:
        source, record_line = sources.get(finding.document, (finding.document, None))
        if not finding.document:
            region = None  # about the whole corpus
        elif record_line is not None:
            region = {"startLine": record_line}
        else:
            region = {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.end_line,
                "endColumn": finding.end_column,
                "charOffset": finding.start,
                "charLength": finding.end - finding.start,
            }
        entry = {
            "ruleId": finding.rule,
            "level": _LEVEL[finding.severity.label],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": source}, "region": region}}] if region else [],
            "partialFingerprints": {"corpusQa/v1": finding.fingerprint},
            "properties": {"document": finding.document, "category": finding.category},
        }
        entry["ruleIndex"] = index[finding.rule]
        if states is not None:
            entry["baselineState"] = states.get(finding.fingerprint, "new")
        if record_line is not None:
            entry["properties"]["recordLine"] = finding.line
            entry["properties"]["recordColumn"] = finding.column
        results.append(entry)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL["name"],
                        "version": TOOL["version"],
                        "informationUri": "https://pypi.org/project/corpus-qa/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"skipped": result.extra.get("skipped", {})},  # entries not read, by reason
            }
        ],
    }
    json_text.write(log, out)
    out.write("\n")
