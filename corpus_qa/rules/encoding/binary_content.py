"""Binary data where text was expected.

What it flags:
    Files that contain NUL bytes without being UTF-16/32 (images, archives, PDFs saved
    with a .txt name) and records whose text holds a NUL character.

Why it matters:
    Binary data is not text: decoding it produces noise that pollutes every statistic
    and model trained on the corpus.

Example:
    bad:  89 50 4e 47 0d 0a 1a 0a 00 00 ...   (a PNG named article.txt)
    good: UTF-8 text

Fix:
    Remove the file, or extract its text with the right tool first.
"""

from corpus_qa.model import Severity
from corpus_qa.rules.encoding._problem import problem_rule

RULE = problem_rule("ENC903", "binary-content", "binary", Severity.ERROR)
