"""Documents whose content is identical to another document's once normalised.

What it flags:
    Every member of a group of documents whose bodies are the same text after
    normalisation: frontmatter, HTML tags, comments, entities and URLs set aside; Unicode
    NFKC (full-width and half-width letters, digits and punctuation fold together); CJK
    punctuation folded to its plain counterpart (。 “” 「」 —— …); traditional characters
    folded to simplified; case folded; all white space (and escaped `\\n`) removed. So a
    traditional-script copy, a copy with Windows line ends or other indents, and a re-posted
    Hexo post whose frontmatter alone differs are all exact duplicates. The finding sits on
    the first content line of each member and names the group (its representative, the
    lowest document id: the copy to keep), its size and the similarity (1.0); `data`
    says whether the member is the `representative` (kept) or a `copy` (to drop).

Why it matters:
    Exact copies over-weight one text in training, inflate counts and statistics, and in a
    news archive usually mean a feed was ingested twice.

Example:
    bad:  a.txt "人工智能产业发展座谈会召开……" and b.txt "人工智能產業發展座談會召開……" (b.txt the same
          article in traditional script, with Windows line ends)
    good: each article stored once

Fix:
    Keep the representative and drop the other members, or record why both must stay.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.duplicates._shared import located, other_copies


def hits(fingerprints, found, ctx):
    """DUP001's hits, from the duplicate check's analysis `found` (see _check)."""
    for group in found.exact:
        size = len(group.members)
        representative = group.representative
        for doc_id in group.members:
            if doc_id == representative:
                message = (f"exact duplicate: representative (kept) of group {representative} ({size} documents), "
                           f"{other_copies(group.members, doc_id)} (similarity 1.00)")
            else:
                message = f"exact duplicate: copy of {representative} (kept); group of {size}, similarity 1.00"
            data = {
                "cluster": representative,
                "representative": representative,
                "role": "representative" if doc_id == representative else "copy",
                "size": size,
                "similarity": 1.0,
                "members": list(group.members[:20]),
            }
            yield CorpusHit("DUP001", doc_id, located(fingerprints[doc_id].where), message, data)


RULE = Rule("DUP001", "exact-duplicate", Category.DUPLICATE, Severity.WARNING)
