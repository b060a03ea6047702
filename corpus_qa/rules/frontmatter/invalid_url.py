"""A frontmatter URL that is not an http(s) URL.

What it flags:
    Values of `url`-typed keys (default `headimg`, `thumbnail`) that are not absolute
    `http://` or `https://` URLs with a host: `javascript:alert(1)`, `data:` URIs,
    `//cdn…` without a scheme, local paths, text with spaces.

Why it matters:
    These values end up in `src` and `href` attributes. A `javascript:` URL is a script
    injection in every page that renders the post; other schemes break images or leak
    local paths.

Example:
    bad:  headimg: 'javascript:alert(1)'
    good: headimg: 'https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png'

Fix:
    Use the absolute https URL of the resource, or remove the key.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import failing_cells, fields_of_type, is_empty, is_http_url, row_of, shown


def _acceptable(value):
    return is_empty(value) or not isinstance(value, str) or is_http_url(value)


def check(doc, ctx):
    for cell in failing_cells(row_of(doc), {key: _acceptable for key in fields_of_type(ctx, "url")}):
        yield cell.hit(f"frontmatter {cell.key!r} is not an http(s) URL: {shown(cell.value)}", {"key": cell.key})


RULE = Rule("FM011", "invalid-url", Category.FRONTMATTER, Severity.ERROR, check=check, run_gap=None)
