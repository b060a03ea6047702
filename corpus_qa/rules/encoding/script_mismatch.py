"""A document in another script than the one the corpus declares it wants.

What it flags:
    Nothing until a policy is declared: a document's script is a property of its source
    (Taiwan news, a zh-TW blog post), not corruption, so `[tool.corpus-qa.encoding]`
    `script` defaults to `"any"`. With `script = "simplified"` or `"traditional"`, documents
    clearly in the other script (decided by characters that prove a script, at least five and
    four times the other script's) are flagged; `script = "auto"` takes the script of most
    documents as the policy (a corpus without a clear majority gets no findings). Documents
    too short or too mixed to classify are not judged here (ENC009 reports mixing inside one
    document). The finding points at the document's first line.

Why it matters:
    A corpus meant for one script that silently holds the other splits every statistic in
    two (发/發 count as different words) and trains models to mix scripts.

Example:
    bad:  本次會議是春節後舉行的首場學習會   (with script = "simplified")
    good: 本次会议是春节后举行的首场学习会

Fix:
    Convert the document (`opencc -c t2s.json` or `s2t.json`), drop it, or change `script`
    to the policy you want.
"""

from collections import Counter

from corpus_qa.model import Category, Severity
from corpus_qa.page.parts import VISIBLE
from corpus_qa.rules.base import CorpusCheck, CorpusHit, Located, Rule, tallied
from corpus_qa.text.normalise import first_content_line
from corpus_qa.text.script_evidence import classify, script_counts


def features(doc, ctx):
    if doc.text.isascii():
        return None
    traditional, simplified = script_counts(doc.text)
    script = classify(traditional, simplified)
    if script is None:
        return None
    start, end = first_content_line(doc.text)
    return script, traditional, simplified, Located.of(doc, start, end)


def _judge(judged, counts, ctx):
    """Hits on the documents of `judged` whose script is not the policy, which `counts` (the
    scripts of every classified document) decides under `auto`."""
    policy = ctx["script"]
    if policy == "any":
        return
    how = "configured"
    if policy == "auto":
        if not counts:
            return
        (top, top_count), *rest = counts.most_common()
        if rest and rest[0][1] == top_count:
            return  # no majority, no policy
        policy, how = top, f"the corpus majority: {top_count} of {sum(counts.values())} classified documents"
    for doc, (script, traditional, simplified, where) in judged.items():
        if script != policy:
            yield CorpusHit(
                "ENC010", doc, where,
                f"document is in {script} script ({traditional} traditional, {simplified} simplified marks); "
                f"the corpus policy is {policy} ({how})",
                {"script": script, "policy": policy},
            )


class ScriptMismatchCheck(CorpusCheck):
    """ENC010's corpus-wide evidence: each document's script, tallied into the corpus's."""

    name = "scripts"
    codes = ("ENC010",)
    reads = VISIBLE
    features = staticmethod(features)

    def tally(self, features):
        """The scripts of every classified document."""
        return Counter(feature[0] for feature in features if feature is not None)

    def judge(self, features_by_doc, counts):
        return _judge({doc: f for doc, f in features_by_doc.items() if f is not None}, counts, self.ctx)

    def reduce(self, features_by_doc):
        return tallied(self, features_by_doc)

    def index(self, features_by_doc):
        """The script counts and the documents not in the majority script: all that adding
        documents can change the findings of."""
        classified = {doc: f for doc, f in features_by_doc.items() if f is not None}
        counts = Counter(f[0] for f in classified.values())
        top = counts.most_common(1)[0][0] if counts else None
        return counts, {doc: f for doc, f in classified.items() if f[0] != top}

    def grow(self, growth):
        counts, others = growth.state
        added = {doc: f for doc, f in growth.added.items() if f is not None}
        if self.ctx["script"] != "auto":
            return growth.hits + list(_judge(added, counts, self.ctx))
        grown = counts + Counter(f[0] for f in added.values())
        old_top, new_top = counts.most_common(1), grown.most_common(1)
        if old_top and new_top and old_top[0][0] != new_top[0][0]:
            return None  # the majority changed: every document is judged again
        return list(_judge({**others, **added}, grown, self.ctx))  # the count in every message changed


RULE = Rule("ENC010", "script-mismatch", Category.ENCODING, Severity.WARNING)
