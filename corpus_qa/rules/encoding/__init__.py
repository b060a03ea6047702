"""ENC: the bytes and characters of a document — encodings, mojibake, lost characters."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {
    "script": Option(
        "any",
        "Script every document should be in (ENC010): any (no policy, nothing flagged), "
        "simplified, traditional, or auto (the corpus majority).",
        choices=("any", "auto", "simplified", "traditional"),
    ),
}

from corpus_qa.rules.encoding.script_mismatch import ScriptMismatchCheck  # noqa: E402 - it reads the options above

CORPUS_CHECKS = (ScriptMismatchCheck,)
