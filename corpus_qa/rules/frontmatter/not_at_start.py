"""A frontmatter block that does not open on the first line of the file.

What it flags:
    A `---` YAML block whose opening fence comes after blank lines, other text or a
    byte-order mark. The finding covers whatever stands in front of the fence.

Why it matters:
    Hexo, Jekyll, Hugo and python-frontmatter only recognise frontmatter that starts at
    byte 0. Anything in front makes them treat the whole block as body text: the title,
    date and categories are lost and the YAML shows up in the published article.

Example:
    bad:  "\n---\ntitle: '…'\n---\n正文"
    good: "---\ntitle: '…'\n---\n正文"

Fix:
    Delete everything before the opening `---` (and save without a BOM). `corpus-qa fix`
    removes blank lines before it (safe); text before it is removed only with
    --unsafe-fixes (it may be content that belongs elsewhere).
"""

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    block = doc.frontmatter
    if block is None:
        return
    if block.open_start > 0:
        leading = doc.text[: block.open_start]
        blank = not leading.strip()
        what = "blank line(s)" if blank else f"text ({leading.strip()[:30]!r})"
        fix = Fix((Edit(0, block.open_start, ""),), blank, "remove what comes before the opening ---")
        yield Hit(0, block.open_start, f"frontmatter opens after {what}: it must start on line 1", fix=fix)
    elif doc.bom:
        yield Hit(0, 0, "frontmatter is preceded by a byte-order mark: it must be the first bytes of the file")


RULE = Rule("FM001", "frontmatter-not-at-start", Category.FRONTMATTER, Severity.ERROR, check=check)
