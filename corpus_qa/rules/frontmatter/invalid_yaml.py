"""Frontmatter whose YAML does not parse.

What it flags:
    A closed `---` block whose content is not valid YAML: a tab in indentation, an
    unclosed quote, `key: value: more`, a list item under a scalar. The finding points at
    the file line and column where the parser gave up, and quotes its reason.

Why it matters:
    Site generators and corpus loaders either crash on the file or drop every metadata
    field of it — title, date, categories — without saying so.

Example:
    bad:  title: '人工智能
          date: 2022-08-18
    good: title: '人工智能'
          date: 2022-08-18

Fix:
    Correct the YAML at the reported line; quote values that contain `: ` or start with
    a special character.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    block = doc.frontmatter
    if block is None or block.close_end is None:
        return
    source = doc.text[block.yaml_start : block.yaml_end]
    from ruamel.yaml import YAML  # imported late: only documents with frontmatter need it
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    parser = YAML(typ="safe", pure=True)
    parser.allow_duplicate_keys = True  # duplicate keys are a rule of their own
    try:
        parser.load(source)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        offset = block.yaml_start + (min(mark.index, len(source)) if mark else 0)
        end = doc.text.find("\n", offset)
        end = block.yaml_end if end == -1 or end > block.yaml_end else end
        reason = error.problem or error.context or "invalid YAML"
        line, column = doc.position(offset)
        yield Hit(offset, max(end, offset), f"frontmatter YAML does not parse at line {line}, column {column}: {reason}")
    except YAMLError as error:
        yield Hit(block.yaml_start, block.yaml_end, f"frontmatter YAML does not parse: {error}")


RULE = Rule("FM002", "invalid-yaml", Category.FRONTMATTER, Severity.ERROR, check=check)
