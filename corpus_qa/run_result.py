"""What a check run gives back: what the renderers, the baseline and the command line read.

The engines (corpus_qa.engine) make it; nothing here depends on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from corpus_qa.model import Finding
from corpus_qa.rules.meta import INTERNAL_ERROR

if TYPE_CHECKING:
    from corpus_qa.config import Config
    from corpus_qa.rules.base import Rule


@dataclass
class RunResult:
    # lists, or SpillLists on a corpus too large to hold: read them in passes, never copy them whole
    documents: Sequence[dict[str, Any]]
    findings: Sequence[Finding]
    rules: list[Rule]
    config: Config
    started: float
    finished: float
    jobs: int
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def internal_errors(self) -> int:
        return sum(1 for f in self.findings if f.rule == INTERNAL_ERROR.code)
