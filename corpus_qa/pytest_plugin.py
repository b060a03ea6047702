"""pytest plugin (entry point `pytest11`): corpus checks inside a team's existing test run.

    pytest --corpus seeds/                 # one test per document, one per expectation suite
    pytest --corpus data/ --corpus-baseline corpus-qa-baseline.json

Settings come from the project's `[tool.corpus-qa]` as for the command line. A document's test
fails when it has findings at or above `fail-on` (only new ones against a baseline) and lists
them; a suite's test fails when one of its expectations does. Nothing is imported from
corpus-qa's engine unless --corpus is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("corpus-qa", "corpus checks with corpus-qa")
    group.addoption("--corpus", action="append", default=[], metavar="PATH",
                    help="Check this corpus folder or file (repeatable): one test per document and per expectation suite.")
    group.addoption("--corpus-fail-on", choices=("error", "warning", "info"), default=None,
                    help="Lowest severity that fails a document's test (default: the project's fail-on).")
    group.addoption("--corpus-baseline", metavar="FILE", default=None,
                    help="Baseline of accepted findings: only new findings fail.")


class CorpusFindings(Exception):
    """A document or suite whose test failed, with the lines to show."""


class CorpusItem(pytest.Item):
    def __init__(self, *, lines: list[str], failed: bool, **kwargs):
        super().__init__(**kwargs)
        self.lines = lines
        self.failed = failed

    def runtest(self) -> None:
        if self.failed:
            raise CorpusFindings("\n".join(self.lines))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, CorpusFindings):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"corpus-qa: {self.name}"


class CorpusCollector(pytest.Collector):
    def collect(self):  # items are made in pytest_collection_modifyitems
        return []


def _check(paths: list[str], rootpath: Path, fail_on: str | None):
    from corpus_qa.config import ConfigError, apply_settings, load_config
    from corpus_qa.corpus.expectations import SuiteError
    from corpus_qa.engine.local import run
    from corpus_qa.sources import SourceError, discover

    try:
        config = load_config(start=rootpath)
        if fail_on:
            config = apply_settings(config, {"fail-on": fail_on}, "--corpus-fail-on", None)
        return run(discover(paths, config.sources), config)
    except (ConfigError, SourceError, SuiteError) as error:
        raise pytest.UsageError(f"corpus-qa: {error}") from None


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect, so they apply to these items too
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    paths = config.getoption("corpus")
    if not paths:
        return
    from corpus_qa import baseline

    result = _check(paths, config.rootpath, config.getoption("corpus_fail_on"))
    fail_on = result.config.fail_on
    gated = result.findings
    if config.getoption("corpus_baseline"):
        try:
            entries = baseline.load(config.getoption("corpus_baseline"))
        except baseline.BaselineError as error:
            raise pytest.UsageError(f"corpus-qa: {error}") from None
        gated = baseline.compare(result.findings, entries).new
    failing = {(f.document, f.fingerprint) for f in gated if f.severity >= fail_on}
    by_document: dict[str, list] = {}
    for finding in result.findings:
        by_document.setdefault(finding.document, []).append(finding)

    collector = CorpusCollector.from_parent(session, name="corpus-qa")
    for doc in result.documents:
        findings = by_document.get(doc["id"], [])
        lines = [f"{f.line}:{f.column} {f.rule} [{f.severity.label}] {f.message}" for f in findings]
        failed = any((f.document, f.fingerprint) in failing for f in findings) or "CQA001" in {f.rule for f in findings}
        items.append(CorpusItem.from_parent(collector, name=doc["id"], lines=[doc["id"], *lines], failed=failed))
    for suite in result.extra.get("expectations", []):
        lines = [f"{'ok  ' if e['success'] else 'FAIL'} {e['message']}" for e in suite["expectations"]]
        items.append(CorpusItem.from_parent(collector, name=f"suite:{suite['suite']}", lines=lines,
                                            failed=not suite["success"]))
