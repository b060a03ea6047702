"""ENC: the bytes and characters of a document — encodings, mojibake, lost characters."""

from corpus_qa.rules.base import Option

OPTIONS: dict[str, Option] = {
    "script": Option(
        "auto",
        "Script every document should be in: simplified, traditional, or auto (the corpus majority).",
        choices=("auto", "simplified", "traditional"),
    ),
}
