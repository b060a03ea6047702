"""FM: the YAML frontmatter block at the top of Markdown/Hexo-style documents.

FM001–FM004 check the block itself: where it opens, that it closes, that its YAML parses,
that no key repeats. The schema rules (FM005–FM011) check its keys and values against the
schema these options give (`fields`, `required`): each reads one document's frontmatter as a
row of cells and judges each cell with its column's predicate (_schema). Every FM rule is a
per-document rule: what it reports on a document depends on that document alone. The
defaults describe the Hexo posts of this corpus. Of a web page the rules read the markup
(PAGE_PART): a frontmatter block is the file's, not the text's.
"""

from corpus_qa.page.parts import MARKUP
from corpus_qa.rules.base import Option

PAGE_PART = MARKUP

FIELD_TYPES = ("string", "list", "bool", "int", "number", "date", "url", "any")

HEXO_FIELDS = {
    "title": "string",
    "categories": "list",
    "headimg": "url",
    "author": "string",
    "comments": "bool",
    "date": "date",
    "thumbnail": "url",
}


def _key_list(key, value):
    if not all(isinstance(item, str) and item for item in value):
        raise ValueError(f"{key} must be a list of key names, not {value!r}")
    return value


def _field_table(key, value):
    for name, kind in value.items():
        if kind not in FIELD_TYPES:
            raise ValueError(f"{key}.{name} must be one of {', '.join(FIELD_TYPES)}, not {kind!r}")
    return value


OPTIONS = {
    "fields": Option(dict(HEXO_FIELDS), "known keys and their types (" + ", ".join(FIELD_TYPES) + ")", check=_field_table),
    "required": Option(["title", "date"], "keys every frontmatter must have", check=_key_list),
    "allow-unknown": Option(False, "accept keys that are not in `fields` without a finding"),
    "future-days": Option(
        1, "how many days past today a date may lie before it counts as in the future", minimum=0, maximum=36_500
    ),
}
