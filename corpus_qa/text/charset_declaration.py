"""Where an HTML page declares its charset, and which codec a declared name stands for.

The declarations are found the way the HTML standard's encoding prescan finds them
(https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding):
a small tokenizer that skips comments, `<!...>` and `<?...>` constructs and closing tags,
reads each start tag's attributes (quotes, any order, any case), and takes `<meta charset>`
or `<meta http-equiv="Content-Type" content="...; charset=...">`. Two departures, both
because saved pages need them:

- it reads the whole head, up to the `<body>` start tag, not the prescan's first 1024
  bytes: archive toolbars, SSI comments and inline scripts often push the declaration
  further, and a browser's parser still honours one met later in the head (it re-decodes
  the page);
- it skips the contents of script, style, title and other raw-text elements, where
  `<meta charset=...>` inside a string is not markup.

An XML declaration (`<?xml version="1.0" encoding="gb2312"?>`) counts only at the very
start of the text, the only place XML allows one.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CharsetDeclaration:
    label: str  # the declared name, entities decoded, surrounding white space dropped
    start: int  # offsets of the name in the text
    end: int
    kind: str  # "<meta charset>", "<meta http-equiv>" or "<?xml encoding?>"


_MENTION = re.compile("charset|encoding", re.IGNORECASE)
_SPACE = "\t\n\f\r "  # the HTML standard's ASCII white space
_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
# The prescan's "get an attribute": a name (a leading `=` belongs to it), then optionally
# `=` and a value, quoted (an unclosed quote runs to the end) or bare.
_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*(?P<name>[^\t\n\f\r />][^\t\n\f\r />=]*)[\t\n\f\r ]*"""
    r"""(?:=[\t\n\f\r ]*(?:"(?P<double>[^"]*)"?|'(?P<single>[^']*)'?|(?P<bare>[^\t\n\f\r >]*)))?"""
)
# The standard's "extract a character encoding from a meta element", for a content value.
_CONTENT_CHARSET = re.compile(
    r"""charset[\t\n\f\r ]*=[\t\n\f\r ]*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\t\n\f\r ;"']+))""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"<\?xml[\t\n\r ][^>]*?\?>")
_XML_ENCODING = re.compile(r"""[\t\n\r ]encoding[\t\n\r ]*=[\t\n\r ]*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
# Elements whose contents are text, not markup, up to their end tag.
_RAW_TEXT = frozenset(("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"))
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in _RAW_TEXT}


def charset_declarations(markup: str) -> list[CharsetDeclaration]:
    """The charset declarations of an HTML page's head, in document order."""
    if not _MENTION.search(markup):
        return []
    found: list[CharsetDeclaration] = []
    if xml := _XML_DECLARATION.match(markup):
        if encoding := _XML_ENCODING.search(xml.group()):
            found += _declared(encoding, "<?xml encoding?>", 0)
    pos = 0
    while (pos := markup.find("<", pos)) != -1:
        if markup.startswith("<!--", pos):
            close = markup.find("-->", pos + 2)
            if close == -1:
                break
            pos = close + 3
        elif tag := _TAG_NAME.match(markup, pos + 1):
            name = tag.group().lower()
            if name == "body":
                break
            attributes, pos = _attributes(markup, tag.end())
            if name == "meta":
                found += _meta_declaration(attributes)
            elif name in _RAW_TEXT:
                end = _RAW_TEXT_END[name].search(markup, pos)
                if end is None:
                    break
                pos = end.start()
        elif markup.startswith(("<!", "</", "<?"), pos):
            close = markup.find(">", pos + 2)
            if close == -1:
                break
            pos = close + 1
        else:
            pos += 1
    return found


def _attributes(markup: str, pos: int) -> tuple[dict[str, tuple[str, int]], int]:
    """A start tag's attributes from `pos` on: {name: (raw value, its offset)}, the first of
    a repeated name winning as in HTML; and the offset after the tag's `>`."""
    attributes: dict[str, tuple[str, int]] = {}
    while match := _ATTRIBUTE.match(markup, pos):
        pos = match.end()
        group = next((g for g in ("double", "single", "bare") if match.group(g) is not None), None)
        value, start = (match.group(group), match.start(group)) if group else ("", match.end())
        attributes.setdefault(match.group("name").lower(), (value, start))
    close = markup.find(">", pos)
    return attributes, (len(markup) if close == -1 else close + 1)


def _meta_declaration(attributes: dict[str, tuple[str, int]]) -> list[CharsetDeclaration]:
    if "charset" in attributes:
        value, start = attributes["charset"]
        return _label(value, start, "<meta charset>")
    http_equiv = attributes.get("http-equiv", ("", 0))[0].strip(_SPACE).lower()
    if http_equiv == "content-type" and "content" in attributes:
        value, start = attributes["content"]
        if charset := _CONTENT_CHARSET.search(value):
            return _declared(charset, "<meta http-equiv>", start)
    return []


def _declared(match: re.Match[str], kind: str, base: int) -> list[CharsetDeclaration]:
    group = next(g for g in ("double", "single", "bare") if match.group(g) is not None)
    return _label(match.group(group), base + match.start(group), kind)


def _label(value: str, start: int, kind: str) -> list[CharsetDeclaration]:
    stripped = value.strip(_SPACE)
    if not stripped:
        return []
    start += len(value) - len(value.lstrip(_SPACE))
    label = html.unescape(stripped) if "&" in stripped else stripped
    return [CharsetDeclaration(label, start, start + len(stripped), kind)]


# --- what a declared name means --------------------------------------------------------------

# The labels of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels)
# for the encodings of Chinese, Japanese, Korean and Western pages, with the codec that decodes
# them as a browser does: GBK and GB2312 pages with the GB18030 decoder, Big5 with Big5-HKSCS,
# ASCII and Latin-1 as windows-1252, EUC-KR as windows-949, Shift_JIS as windows-31j; and, in a
# <meta> (the HTML standard's rule), UTF-16 as UTF-8: markup readable as ASCII is not UTF-16.
_BROWSER_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8 "
             "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff unicodefffe utf-16 utf-16be utf-16le",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
              "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
             "ksc_5601 windows-949",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
}
_CODEC_BY_LABEL = {label: codec for codec, labels in _BROWSER_LABELS.items() for label in labels.split()}


def python_codec(name: str) -> str | None:
    """The codec Python decodes a charset name with (GB2312/GBK as GB18030 and Big5 as
    Big5-HKSCS, as the decoder does: sources.decode.decoder_for; but ASCII as ASCII), or None
    when Python has no character encoding of that name (`rot13` and `base64` are codecs, not
    text encodings)."""
    from corpus_qa.sources.decode import decoder_for

    codec = decoder_for(name.strip(_SPACE))
    if codec == "utf-8" and codecs.lookup(name.strip(_SPACE).lower()).name == "ascii":
        return "ascii"  # declared ASCII is not UTF-8
    return codec


def reading_codec(label: str) -> str | None:
    """The codec a reader that trusts a declared charset decodes the page with: a browser's
    reading for the standard's labels, Python's for others; None when nothing knows the name."""
    key = label.strip(_SPACE).lower()
    return _CODEC_BY_LABEL.get(key) or python_codec(key)
