"""The duplicate-detection settings ([tool.corpus-qa.duplicates]); importing this is cheap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

OPTION_FIELDS = {
    "threshold": "threshold",
    "containment": "containment",
    "shingle-size": "shingle_size",
    "permutations": "permutations",
    "near-min-chars": "near_min_chars",
    "paragraph-min-chars": "paragraph_min_chars",
    "shared-paragraph-max-documents": "max_shared_documents",
}


@dataclass(frozen=True)
class DuplicateSettings:
    threshold: float = 0.7
    containment: float = 0.8
    shingle_size: int = 5
    permutations: int = 128
    near_min_chars: int = 30
    paragraph_min_chars: int = 30
    max_shared_documents: int = 10

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> "DuplicateSettings":
        return cls(**{field: options[key] for key, field in OPTION_FIELDS.items() if key in options})

    @property
    def minhash(self):
        from corpus_qa.corpus.minhash import MinHashParams

        return MinHashParams(self.shingle_size, self.permutations, self.threshold, containment=self.containment)
