"""`--format junit`: one test case per document; it fails when it has findings at or above
`--fail-on`, and lists every finding of the document in the failure text."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from corpus_qa.report.summary import baseline_states, summary


def _lines(findings) -> str:
    return "\n".join(f"{f.line}:{f.column} {f.rule} [{f.severity.label}] {f.message}" for f in findings)


def render(result, options, out) -> None:
    states = baseline_states(result) or {}
    by_doc: dict[str, list] = {}
    for finding in result.findings:
        by_doc.setdefault(finding.document, []).append(finding)
    seconds = result.finished - result.started
    failures = 0
    suite = ET.Element("testsuite", name="corpus-qa", time=f"{seconds:.3f}")
    names = [doc["id"] for doc in result.documents] + (["(corpus)"] if "" in by_doc else [])
    for name in names:
        findings = by_doc.get(name if name != "(corpus)" else "", [])
        case = ET.SubElement(suite, "testcase", classname="corpus-qa", name=name)
        failing = [f for f in findings if f.severity >= options.fail_on and states.get(f.fingerprint) != "unchanged"]
        if failing:
            failures += 1
            counts = f"{len(failing)} finding(s) at or above {options.fail_on.label}"
            failure = ET.SubElement(case, "failure", message=counts, type=failing[0].rule)
            failure.text = _lines(findings)
        elif findings:
            ET.SubElement(case, "system-out").text = _lines(findings)
    suite.set("tests", str(len(names)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    stats = summary(result, options)
    properties = ET.Element("properties")
    for key in ("documents", "findings", "internal_errors"):
        ET.SubElement(properties, "property", name=key, value=str(stats[key]))
    ET.SubElement(properties, "property", name="skipped_files", value=str(stats["skipped"]["files"]))
    suite.insert(0, properties)
    root = ET.Element("testsuites", name="corpus-qa", tests=str(len(names)), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
