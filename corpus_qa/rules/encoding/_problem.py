"""Shared check for the ENC9xx rules: a document whose bytes could not become text."""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule


def problem_rule(code: str, name: str, problem: str, severity: Severity) -> Rule:
    def check(doc, ctx):
        if doc.problem == problem:
            yield Hit(0, 0, doc.problem_detail)

    return Rule(code, name, Category.ENCODING, severity, check=check, sees_problem_documents=True)
