"""Documents that are near-copies of one another: the same article with small differences.

What it flags:
    Every member of a cluster of documents whose bodies are near-copies without all being
    exact copies: the same article re-posted with a few words edited, wrapped in other
    markup (`<font cms-style>` around every paragraph), with a `原标题：` line or editor
    credit added, cut by a tenth or so, converted to traditional script, or re-typed with
    a few characters in every hundred changed and a paragraph left out. Two bodies are
    near-copies when they share at least `threshold` (default 0.7) of their character
    shingles (runs of `shingle-size`, default 5, characters of the normalised body, the
    form DUP001 compares: Jaccard similarity), or when at least `containment` (default
    0.8) of the smaller body's shingles are in the larger and the similarity is at least
    0.55 (light edits break the shingles around each edit, which the similarity of the
    whole counts twice over; a copy cut to three fifths of the original is one, a copy
    cut to half of it stays below, and the paragraphs it shares are DUP004's). Candidates come from MinHash
    signatures and LSH banding; each is verified on a sketch of its shingles (exact for
    bodies up to about 250 characters, a close estimate beyond), so the decision does
    not rest on the signature's estimate. Linked documents form a cluster
    (transitively). Each finding sits on the member's first content line; the cluster's
    representative (lowest document id) is the copy to keep, and every other member's
    finding says "copy of <representative> (kept)" with its similarity and containment
    to it and its closest member (`data`: `role` representative or copy). Bodies under
    `near-min-chars` (default 30) normalised characters are left to DUP001.

Why it matters:
    Near-copies weigh in training and evaluation like exact copies do, and they escape
    exact hashing: a corpus deduplicated only by hash still holds every re-post that
    changed one character, and a test split can leak into the training split this way.

Example:
    bad:  a.md "<p>　　据九派新闻12月27日报道，……</p>" and b.md
          "<p cms-style=\"font-L\"><font cms-style=\"font-L\">据九派新闻12月27日报道，……</font></p>"
          posted five minutes apart with another title (similarity 0.99)
    good: two different reports on the same event, each in its own words (similarity 0.3)

Fix:
    Keep the representative (or the most complete version) and drop the others; raise
    `threshold` under [tool.corpus-qa.duplicates] if templated but distinct documents
    (daily reports with new figures) are clustered.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.duplicates._shared import located, other_copies


def hits(fingerprints, found, ctx):
    """DUP002's hits, from the duplicate check's analysis `found` (see _check)."""
    for cluster in found.near:
        size = len(cluster.members)
        representative = cluster.representative
        for doc_id in cluster.members:
            similarity = cluster.similarity[doc_id]
            containment = cluster.containment[doc_id]
            closest, closest_similarity = cluster.closest[doc_id]
            if doc_id == representative:
                message = (f"near-duplicate: representative (kept) of cluster {representative} ({size} documents), "
                           f"{other_copies(cluster.members, doc_id)}; closest {closest}, "
                           f"similarity {closest_similarity:.2f}")
            else:
                message = (f"near-duplicate: copy of {representative} (kept), similarity {similarity:.2f}, "
                           f"containment {containment:.2f}; cluster of {size}, closest {closest} at "
                           f"{closest_similarity:.2f}")
            data = {
                "cluster": representative,
                "representative": representative,
                "role": "representative" if doc_id == representative else "copy",
                "size": size,
                "similarity": similarity,
                "containment": containment,
                "closest": closest,
                "closest_similarity": closest_similarity,
                "members": list(cluster.members[:20]),
            }
            yield CorpusHit("DUP002", doc_id, located(fingerprints[doc_id].where), message, data)


RULE = Rule("DUP002", "near-duplicate", Category.DUPLICATE, Severity.WARNING)
