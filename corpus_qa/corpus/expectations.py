"""Corpus expectations: Great Expectations suites over the per-document metrics table.

A suite is a versioned JSON file in GX 1.x's ExpectationSuite shape:
    {"name": "...", "expectations": [{"type": "expect_...", "kwargs": {...}, "meta": {...}}]}
Each expectation may say in `meta` which `category` it is about; otherwise the metric's name
decides (errors_encoding -> encoding, frontmatter_valid -> frontmatter, ...).

GX is imported only when a suite is configured, runs in an ephemeral in-memory context with
analytics and progress bars off, and never touches the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_qa.model import Category, Finding, Severity
from corpus_qa.rules.meta import EXPECTATION_FAILED


class SuiteError(Exception):
    """A suite file that cannot be used (exit 2, naming the file)."""


@dataclass(frozen=True)
class Suite:
    path: str
    name: str
    expectations: tuple[dict[str, Any], ...]
    meta: dict[str, Any]


_SEVERITY = {"critical": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_CATEGORY_BY_PREFIX = (
    ("frontmatter", Category.FRONTMATTER),
    ("boilerplate", Category.BOILERPLATE),
    ("duplicate", Category.DUPLICATE),
    ("findings_", None),
    ("errors_", None),
)


def suite_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise SuiteError(f"{raw}: no such expectation suite file or folder")
    return files


def load_suites(paths: list[str]) -> list[Suite]:
    suites = []
    for path in suite_files(paths):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SuiteError(f"{path}: not a readable JSON suite: {error}") from None
        if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
            raise SuiteError(f"{path}: a suite is an object with an `expectations` list")
        for number, expectation in enumerate(data["expectations"], start=1):
            if not isinstance(expectation, dict) or not str(expectation.get("type", "")).startswith("expect_"):
                raise SuiteError(f"{path}: expectation {number} needs a `type` such as expect_column_max_to_be_between")
            if not isinstance(expectation.get("kwargs", {}), dict):
                raise SuiteError(f"{path}: expectation {number}: `kwargs` must be an object")
        name = str(data.get("name") or path.stem)
        suites.append(Suite(str(path), name, tuple(data["expectations"]), dict(data.get("meta") or {})))
    return suites


def metrics_table(documents: list[dict[str, Any]]):
    import pandas as pd

    return pd.DataFrame([doc["metrics"] for doc in documents if not doc.get("problem")])


_IMPORT_LOCK = threading.Lock()


def import_expectations_engine() -> None:
    """Great Expectations takes seconds to import; engines call this early in a thread.
    One import at a time: a second thread importing its modules in another order meanwhile
    would see them half initialised (ImportError), so it waits here instead."""
    with _IMPORT_LOCK:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations  # noqa: F401
        import pandas  # noqa: F401


def _context():
    import_expectations_engine()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _category(expectation: dict[str, Any]) -> str:
    meta = expectation.get("meta") or {}
    if meta.get("category") in {c.value for c in Category}:
        return meta["category"]
    column = str((expectation.get("kwargs") or {}).get("column", ""))
    for prefix, category in _CATEGORY_BY_PREFIX:
        if column.startswith(prefix):
            if category is None:
                suffix = column.split("_", 1)[1]
                return suffix if suffix in {c.value for c in Category} else Category.ENCODING.value
            return category.value
    return Category.ENCODING.value


def _describe(expectation: dict[str, Any]) -> str:
    kwargs = {k: v for k, v in (expectation.get("kwargs") or {}).items() if k != "batch_id"}
    column = kwargs.pop("column", None)
    args = ", ".join([str(column)] * (column is not None) + [f"{k}={v}" for k, v in kwargs.items()])
    return f"{expectation['type']}({args})"


def _observed(result: dict[str, Any], ids: list[str]) -> tuple[str, Any]:
    if "observed_value" in result:
        value = result["observed_value"]
        value = value.item() if hasattr(value, "item") else value
        return f"observed {value!r}", value
    if "unexpected_count" in result:
        count = result["unexpected_count"]
        total = result.get("element_count", 0) - result.get("missing_count", 0)
        indexes = result.get("unexpected_index_list") or result.get("partial_unexpected_index_list") or []
        named = [ids[i] for i in indexes[:5] if isinstance(i, int) and i < len(ids)]
        more = f" …(+{count - len(named)})" if count > len(named) else ""
        listed = f": {', '.join(named)}{more}" if named else ""
        return f"{count} of {total} documents with a value fail it{listed}", count
    return "failed", None


def validate(suites: list[Suite], documents: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Run every suite over the metrics table; return per-suite results and GX001 findings."""
    if not suites:
        return [], []
    import_expectations_engine()  # waits for an import a background thread has begun
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    import great_expectations as gx

    table = metrics_table(documents)
    ids = [doc["id"] for doc in documents if not doc.get("problem")]
    context = _context()
    batch = (
        context.data_sources.add_pandas("corpus-qa")
        .add_dataframe_asset("documents")
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": table})
    )
    results, findings = [], []
    for suite in suites:
        gx_suite = gx.ExpectationSuite(name=suite.name)
        for expectation in suite.expectations:
            gx_suite.add_expectation_configuration(
                ExpectationConfiguration(type=expectation["type"], kwargs=dict(expectation.get("kwargs") or {}),
                                         meta=dict(expectation.get("meta") or {}))
            )
        outcome = batch.validate(gx_suite, result_format={"result_format": "COMPLETE"})
        entries = []
        for expectation, result in zip(suite.expectations, outcome.results):
            detail = result.result or {}
            observed_text, observed = _observed(detail, ids)
            if result.exception_info and result.exception_info.get("raised_exception"):
                observed_text = f"could not be evaluated: {result.exception_info.get('exception_message')}"
            entry = {
                "type": expectation["type"],
                "kwargs": expectation.get("kwargs") or {},
                "success": bool(result.success),
                "observed": observed,
                "message": f"{_describe(expectation)}: {observed_text}",
                "category": _category(expectation),
            }
            entries.append(entry)
            if not result.success:
                findings.append(_finding(suite, expectation, entry))
        results.append({"suite": suite.name, "file": suite.path, "success": all(e["success"] for e in entries),
                        "expectations": entries})
    return results, findings


def _finding(suite: Suite, expectation: dict[str, Any], entry: dict[str, Any]) -> Finding:
    level = str(expectation.get("severity") or (expectation.get("meta") or {}).get("severity") or "critical")
    key = json.dumps([suite.name, expectation["type"], expectation.get("kwargs")], sort_keys=True, ensure_ascii=False)
    return Finding(
        rule=EXPECTATION_FAILED.code,
        name=EXPECTATION_FAILED.name,
        category=entry["category"],
        severity=_SEVERITY.get(level, Severity.ERROR),
        document="",
        start=0, end=0, line=1, column=1, end_line=1, end_column=1,
        message=f"suite {suite.name!r}: {entry['message']}",
        excerpt="",
        fingerprint=hashlib.sha1(f"GX001\x1f{key}".encode()).hexdigest()[:20],
        data={"suite": suite.name, "file": suite.path, "expectation": expectation["type"], "observed": entry["observed"]},
    )
