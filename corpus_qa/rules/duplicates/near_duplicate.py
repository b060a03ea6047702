"""Documents that are near-copies of one another: the same article with small differences.

What it flags:
    Every member of a cluster of documents whose bodies share at least `threshold`
    (default 0.7) of their character shingles (runs of `shingle-size`, default 5,
    characters of the normalised body, the form DUP001 compares) without all being exact
    copies: the same article re-posted with a few words edited, wrapped in other markup
    (`<font cms-style>` around every paragraph), with a `原标题：` line or editor credit
    added, cut by a tenth or so, or converted to traditional script (a copy cut to well
    under four fifths of the original falls below the threshold; the paragraphs it shares
    are DUP004's). Similarity is estimated from
    MinHash signatures; documents become candidates by LSH banding and are linked only when
    their estimated similarity reaches the threshold; linked documents form a cluster
    (transitively). Each finding sits on the member's first content line and names the
    cluster's representative (lowest document id), its size, the member's similarity to
    the representative and its closest member. Bodies under `near-min-chars` (default 30)
    normalised characters are left to DUP001.

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

from functools import partial

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.duplicates._shared import analysis, duplicate_index, features, grow_duplicates, located, sharing


def reduce(fingerprints, ctx):
    for cluster in analysis(fingerprints, ctx).near:
        size = len(cluster.members)
        representative = cluster.representative
        for doc_id in cluster.members:
            similarity = cluster.similarity[doc_id]
            closest, closest_similarity = cluster.closest[doc_id]
            if doc_id == representative:
                message = (f"near-duplicate: representative of cluster {representative} ({size} documents); "
                           f"closest member {closest}, similarity {closest_similarity:.2f}")
            else:
                message = (f"near-duplicate of {representative} (similarity {similarity:.2f}; cluster of {size}, "
                           f"closest member {closest} at {closest_similarity:.2f})")
            data = {
                "cluster": representative,
                "representative": representative,
                "size": size,
                "similarity": similarity,
                "closest": closest,
                "closest_similarity": closest_similarity,
                "members": list(cluster.members[:20]),
            }
            yield CorpusHit(doc_id, located(fingerprints[doc_id].where), message, data)


RULE = Rule("DUP002", "near-duplicate", Category.DUPLICATE, Severity.WARNING, features=features, reduce=reduce,
            index=duplicate_index, grow=partial(grow_duplicates, reduce), sharing=sharing)
