"""Write data/boilerplate_forms.json: the traditional forms OpenCC gives for every phrase,
gap-free piece and character of the boilerplate lists (boilerplate_terms.PHRASE_LISTS), and
for the mojibake markers (text.mojibake.marker_bases), so no check loads OpenCC.

    python -m corpus_qa.text.derive_boilerplate_forms

Run it after editing a list; tests/rules/boilerplate/test_boilerplate_forms.py fails until
the file matches the lists again. The simplified lists stay the only hand-written source.
"""

from __future__ import annotations

import json
from pathlib import Path

from corpus_qa.text.boilerplate_terms import FORMS_FILE, PHRASE_LISTS, pieces, sections
from corpus_qa.text.mojibake import marker_bases
from corpus_qa.text.script import traditional_variants

OUTPUT = Path(__file__).parent / "data" / FORMS_FILE


def _inputs() -> set[str]:
    """What boilerplate_terms looks up: whole phrases (heading and line lookups), pieces
    (word-level rewrites such as 軟體) and the characters of both (mixed script)."""
    texts: set[str] = set()
    for name in PHRASE_LISTS:
        for phrases in sections(name).values():
            for phrase in phrases:
                texts.add(phrase)
                for piece in pieces(phrase):
                    texts.add(piece)
                    for variant in traditional_variants(piece):
                        texts.update(variant)
    for markers in marker_bases():
        texts.update(markers)
    return texts


def render() -> str:
    """The file's text, one entry per line so a list edit shows as a small diff."""
    header = {
        "generated_by": "python -m corpus_qa.text.derive_boilerplate_forms",
        "derived_with": "OpenCC s2t, s2tw, s2hk, s2twp (corpus_qa.text.script.traditional_variants)",
        "lists": list(PHRASE_LISTS),
    }
    lines = ["{"] + [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in header.items()]
    forms = [
        f"  {json.dumps(text, ensure_ascii=False)}: {json.dumps(list(traditional_variants(text)[1:]), ensure_ascii=False)}"
        for text in sorted(_inputs())
    ]
    return "\n".join(lines + [' "forms": {', ",\n".join(forms), " }", "}"]) + "\n"


def main() -> None:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
