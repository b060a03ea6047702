"""One renderer per output format. Each module has `render(result, options, out)` writing text."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from corpus_qa.model import Severity

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult

FORMATS = ("console", "json", "jsonl", "junit", "sarif", "github", "html")


@dataclass(frozen=True)
class RenderOptions:
    fail_on: Severity
    exit_code: int
    gate_passed: bool | None = None  # None: judged from the findings alone
    statistics: bool = False
    color: bool | None = None  # None: decide from the stream (console only)
    verbose: bool = False


def render(fmt: str, result: "RunResult", options: RenderOptions, out: TextIO) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    importlib.import_module(f"corpus_qa.report.{fmt}_format").render(result, options, out)
