"""FM: the YAML frontmatter block at the top of Markdown/Hexo-style documents.

The schema rules (FM005–FM011) validate one row per document's frontmatter with a pandera
schema built from these options; the defaults describe the Hexo posts of this corpus. Of a
web page they read the markup (PAGE_PART): a frontmatter block is the file's, not the text's.
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
