"""Documents whose text is identical to another document's after normalisation.

What it flags:
    Every member of a group of documents with the same text once Unicode is normalised
    (NFKC: full-width and half-width forms fold together), case is folded and all white
    space is removed. The finding sits on the first line of each member and names the
    group's representative (its lowest document id) and size. Documents under ten
    characters are not compared.

Why it matters:
    Exact copies over-weight one text in training, inflate counts, and in a news archive
    usually mean a feed was ingested twice.

Example:
    bad:  a.txt and b.txt both hold "人工智能产业发展座谈会召开……" (b.txt with Windows line ends)
    good: each article stored once

Fix:
    Keep the representative and drop the other members, or record why both must stay.
"""

import hashlib

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Located, Rule
from corpus_qa.text.normalise import first_content_line, hash_form

_MIN_CHARS = 10


def features(doc, ctx):
    normal = hash_form(doc.text)
    if len(normal) < _MIN_CHARS:
        return None
    digest = hashlib.blake2b(normal.encode("utf-8"), digest_size=12).digest()
    return digest, Located.of(doc, *first_content_line(doc.text))


def reduce(features_by_doc, ctx):
    groups: dict[bytes, list[str]] = {}
    for doc_id, feature in features_by_doc.items():
        if feature is not None:
            groups.setdefault(feature[0], []).append(doc_id)
    for members in groups.values():
        if len(members) < 2:
            continue
        representative = min(members)
        for doc_id in members:
            others = len(members) - 1
            if doc_id == representative:
                message = f"exact duplicate: representative of a group of {len(members)} ({others} other copies)"
            else:
                message = f"exact duplicate of {representative} (group of {len(members)})"
            data = {"cluster": representative, "size": len(members), "similarity": 1.0}
            yield CorpusHit(doc_id, features_by_doc[doc_id][1], message, data)


RULE = Rule("DUP001", "exact-duplicate", Category.DUPLICATE, Severity.WARNING, features=features, reduce=reduce)
