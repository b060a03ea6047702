"""A document in another script than the corpus (traditional in a simplified corpus, or back).

What it flags:
    Documents whose script (decided by characters that prove a script, at least five and
    four times the other script's) differs from the policy in `[tool.corpus-qa.encoding]`
    `script = "simplified" | "traditional" | "auto"`. With `auto` (the default) the policy
    is the script of most documents; a corpus without a clear majority gets no findings.
    Documents too short or too mixed to classify are not judged here (ENC009 reports the
    mixed ones). The finding points at the document's first line.

Why it matters:
    A corpus meant for one script that silently holds the other splits every statistic in
    two (发/發 count as different words) and trains models to mix scripts.

Example:
    bad:  本次會議是春節後舉行的首場學習會   (in a simplified corpus)
    good: 本次会议是春节后举行的首场学习会

Fix:
    Convert the document (`opencc -c t2s.json` or `s2t.json`), drop it, or set `script` to
    the policy you want.
"""

from collections import Counter

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Located, Rule
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


def reduce(features_by_doc, ctx):
    classified = {doc: f for doc, f in features_by_doc.items() if f is not None}
    counts = Counter(f[0] for f in classified.values())
    policy = ctx["script"]
    how = "configured"
    if policy == "auto":
        if not counts:
            return
        (top, top_count), *rest = counts.most_common()
        if rest and rest[0][1] == top_count:
            return  # no majority, no policy
        policy, how = top, f"the corpus majority: {top_count} of {len(classified)} classified documents"
    for doc, (script, traditional, simplified, where) in classified.items():
        if script != policy:
            yield CorpusHit(
                doc, where,
                f"document is in {script} script ({traditional} traditional, {simplified} simplified marks); "
                f"the corpus policy is {policy} ({how})",
                {"script": script, "policy": policy},
            )


RULE = Rule("ENC010", "script-mismatch", Category.ENCODING, Severity.WARNING, features=features, reduce=reduce)
