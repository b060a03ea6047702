"""Repetition inside one document, below the paragraph level: what DUP003 (short paragraphs
printed twice in a row), DUP007 (a phrase printed several times in a row inside one line)
and DUP008 (a sentence printed again elsewhere) share.

Each finder works on the paragraphs of the body (corpus.content.paragraphs: split at line
ends and block tags, markup-free normalised forms) and returns Repeats: offsets into the
document text of the later copies and of the first. The rules ask in a fixed order of
precedence, so one repetition is told once: a repeated paragraph (DUP003) explains the
sentences and phrases inside it, a phrase repeated in a row (DUP007) the sentences inside
its repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

import numpy as np

from corpus_qa.corpus.content import SegmentPacker, Segments, strip_markup
from corpus_qa.corpus.minhash import code_points, rolling_hashes
from corpus_qa.rules.duplicates._boilerplate import structural
from corpus_qa.text.charsets import IDEOGRAPH_PATTERN as _IDEOGRAPH
from corpus_qa.text.normalise import hash_form, word_count

# A short paragraph is compared with the one right before it only when it holds this much
# text (a bullet, a number, a one-character line printed twice are not defects).
SHORT_MIN_LETTERS = 4
# A phrase repeated in a row: its unit must hold this many letters, digits or ideographs
# (half of them letters or ideographs, not a run of figures) when its copies begin and end
# at punctuation or white space, LONG_PHRASE_MIN_WORDS when they run into their neighbours
# (shorter runs are rhetoric: 地震观测环境。地震观测环境应当…, or a table's header row).
PHRASE_MIN_WORDS = 10
LONG_PHRASE_MIN_WORDS = 16
LATIN_PHRASE_MIN_LETTERS = 20  # a unit without ideographs (and without code punctuation)
# A sentence repeated elsewhere: at least this many letters or ideographs (a Latin sentence
# needs LATIN_SENTENCE_MIN_LETTERS: its words are spelt with more characters).
SENTENCE_MIN_LETTERS = 15
LATIN_SENTENCE_MIN_LETTERS = 40
MAX_SENTENCE_COPIES = 2  # a sentence printed more often is a formula, unless its neighbours repeat too
MAX_TANDEM_LINE = 20_000  # longer lines are not searched for phrases repeated in a row
MISSING_TAIL = 3  # separator characters the last copy of a repeated phrase may lack

_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』\"')）]*|\.(?=\s|$)")
_TERMINAL = re.compile(r"[。！？!?](?:[”’」』\"')）]*)\s*$")
_CODE = re.compile(r"[=;{}<>()\[\]]|\w\.\w")
_FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)
_SEPARATOR = " \t\u3000\xa0"
_FINAL = "。！？!?…；;”’」』）)】]"
_TRAILING = _SEPARATOR + "。，、；：！？.,;:!?|/／·•"


class Repeat(NamedTuple):
    start: int  # the later copy (or copies), in the document text
    end: int
    first_start: int  # the first occurrence
    first_end: int
    copies: int  # how many times the unit is printed again here (1: once more)


def letters(form: str) -> int:
    """Letters and ideographs (digits left out)."""
    return len(_LETTER.findall(form))


def short_worth_comparing(form: str) -> bool:
    """A short paragraph (or block) that is text, not a bullet, a figure or a label (网友回复：)."""
    return letters(form) >= SHORT_MIN_LETTERS and not form.endswith(":")


def in_code_fence(text: str) -> list[tuple[int, int]]:
    """Spans of Markdown fenced code blocks (code repeats lines on purpose)."""
    if "```" not in text and "~~~" not in text:
        return []
    marks = [m.start() for m in _FENCE.finditer(text)]
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def inside(spans, start: int, end: int) -> bool:
    """Whether start..end lies within one of spans."""
    return any(s <= start and end <= e for s, e in spans)


# -- phrases repeated in a row inside one line ------------------------------------------------


def tandem_repeats(text: str, paragraphs: Segments) -> list[Repeat]:
    """A unit of PHRASE_MIN_WORDS+ words printed two or more times in a row inside one
    paragraph (a caption carousel flattened into one line): one Repeat per run, covering the
    copies after the first."""
    fences = in_code_fence(text)
    found = []
    for start, end in paragraphs.spans():
        if not 2 * PHRASE_MIN_WORDS <= end - start <= MAX_TANDEM_LINE:
            continue  # too short to hold a phrase twice, or too long to search
        if inside(fences, start, end):
            continue
        found.extend(_tandems(text, start, end))
    return found


def _tandems(text: str, begin: int, end: int, k: int = 6) -> list[Repeat]:
    """Runs of period p (line[i] == line[i + p]) at least two units long, found through a
    k-gram seen again p characters later; each run gives one Repeat if a rotation of its
    unit is a phrase (see _rotation)."""
    line = text[begin:end]
    size = len(line)
    found: list[Repeat] = []
    covered = 0  # the repeats reported so far end here (line offsets)
    run_ends: dict[int, int] = {}  # period -> end of the last run looked at with that period
    for previous, i in _repeated_grams(line, k):
        period = i - previous
        if i < run_ends.get(period, 0):
            continue  # inside a run already looked at
        stop = i
        while stop < size and line[stop] == line[stop - period]:
            stop += 1
        run_ends[period] = stop
        if stop <= covered:
            continue
        start = previous
        while start > 0 and line[start - 1] == line[start - 1 + period]:
            start -= 1
        if stop - start < 2 * period - MISSING_TAIL:
            continue  # the text repeats, but not twice in a row
        chosen = _rotation(line, start, stop, period, covered)
        if chosen is None:
            continue
        unit_start, copies, repeat_end = chosen
        while repeat_end > unit_start + period and line[repeat_end - 1] in _SEPARATOR:
            repeat_end -= 1
        unit_end = unit_start + len(line[unit_start : unit_start + period].rstrip(_TRAILING))
        found.append(Repeat(begin + unit_start + period, begin + repeat_end, begin + unit_start, begin + unit_end,
                            copies - 1))
        covered = repeat_end
    return found


def _repeated_grams(line: str, k: int) -> list[tuple[int, int]]:
    """(previous, i) for each k-gram at i seen last at `previous`, at least k characters
    before (by a rolling hash: a collision only costs a comparison), in order of i."""
    codes = code_points(line)
    if len(codes) < 2 * k:  # no room for a k-gram seen again k characters later
        return []
    hashes = rolling_hashes(codes, k)
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    same = ordered[1:] == ordered[:-1]
    previous, later = order[:-1][same], order[1:][same]
    keep = later - previous >= k
    previous, later = previous[keep], later[keep]
    by_position = np.argsort(later, kind="stable")
    return list(zip(previous[by_position].tolist(), later[by_position].tolist()))


def _rotation(line: str, start: int, stop: int, period: int, covered: int) -> tuple[int, int, int] | None:
    """(where the unit starts, how many copies, where the last ends) for the run
    line[start:stop] of this period: the first rotation whose copies begin and end at a
    boundary (punctuation, white space, the line's ends) if its unit holds PHRASE_MIN_WORDS
    words, else the first rotation if its unit holds LONG_PHRASE_MIN_WORDS (a caption
    carousel runs its captions together). Copies after the first must start at or after
    `covered`. The last copy may lack its unit's trailing separator (up to MISSING_TAIL
    characters)."""
    words = _phrase_words(line[start : start + period])  # the same for every rotation
    if words < PHRASE_MIN_WORDS:
        return None
    first = None
    last = min(stop - 2 * period + MISSING_TAIL, start + period - 1)
    for unit_start in range(max(start, covered - period), last + 1):
        whole, rest = divmod(stop - unit_start, period)
        if rest and not line[unit_start + rest : unit_start + period].strip(_TRAILING):
            whole, rest = whole + 1, 0  # the last copy lacks only its trailing separator
        if whole < 2:
            continue
        end = stop - rest
        if first is None:
            first = (unit_start, whole, end)
        if _boundary(line, unit_start) and _sentence_boundary(line, end):
            return unit_start, whole, end
    return first if first is not None and words >= LONG_PHRASE_MIN_WORDS else None


def _boundary(line: str, at: int) -> bool:
    return at <= 0 or at >= len(line) or not line[at - 1].isalnum() or not line[at].isalnum()


def _sentence_boundary(line: str, at: int) -> bool:
    """The end of a sentence: the line's end, white space, or sentence-final punctuation on
    either side (not a comma: 标题 标题，正文… is a heading and a sentence that opens with it)."""
    if at >= len(line):
        return True
    return line[at].isspace() or line[at] in _FINAL or line[at - 1] in _FINAL


def _phrase_words(unit: str) -> int:
    """The letters, digits and ideographs of a unit that can be a repeated phrase (0 when it
    cannot: too few letters, not article text, code, a laugh)."""
    stripped = strip_markup(unit)
    form = hash_form(stripped)
    words = word_count(form)
    if words < PHRASE_MIN_WORDS or letters(form) < PHRASE_MIN_WORDS // 2 or structural(stripped, form):
        return 0
    if not _IDEOGRAPH.search(form) and (_CODE.search(stripped) or letters(form) < LATIN_PHRASE_MIN_LETTERS):
        return 0  # CSS or script residue (style="margin-bottom: …), a part number
    # a unit that is itself a shorter unit repeated (哈哈哈哈…, 谢谢谢谢…) is a laugh, not a copy
    if (form + form).find(form, 1) != len(form) or len(set(form)) < 4:
        return 0
    return words


# -- sentences repeated elsewhere -------------------------------------------------------------


def sentences(text: str, paragraphs: Segments) -> Segments:
    """Every sentence of the body, ended by 。！？!?；; (with closing quotes or brackets), by a
    full stop before white space, or by its paragraph's end."""
    packer = SegmentPacker()
    for paragraph_start, paragraph_end in paragraphs.spans():
        position = paragraph_start
        for match in _SENTENCE_END.finditer(text, paragraph_start, paragraph_end):
            _add_sentence(text, position, match.end(), packer)
            position = match.end()
        if position < paragraph_end:
            _add_sentence(text, position, paragraph_end, packer)
    return packer.done()


def _add_sentence(text: str, start: int, end: int, packer: SegmentPacker) -> None:
    start = _skip_blanks(text, start, end)
    packer.add(start, end, strip_markup(text[start:end]))


def _skip_blanks(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def long_enough(form: str) -> bool:
    count = letters(form)
    if _IDEOGRAPH.search(form):
        return count >= SENTENCE_MIN_LETTERS
    return count >= LATIN_SENTENCE_MIN_LETTERS


def repeated_sentences(text: str, paragraphs: Segments, explained: list[tuple[int, int]]) -> list[Repeat]:
    """Each later occurrence of a complete sentence (ended by 。！？!?) of SENTENCE_MIN_LETTERS+
    letters that the document already holds, overlapping none of the `explained` spans
    (repeats another rule reports); a sentence printed more than MAX_SENTENCE_COPIES times is
    a formula unless its neighbours repeat too; consecutive repeated sentences that repeat
    consecutive earlier ones are one Repeat."""
    fences = in_code_fence(text)
    listed = sentences(text, paragraphs)
    # only a sentence of SENTENCE_MIN_LETTERS+ characters can be long_enough: the others are
    # not counted (a document of a million short lines makes no dictionary of them)
    candidates = listed.at_least(SENTENCE_MIN_LETTERS)
    counts = Counter(listed.form(index) for index in candidates)
    first: dict[str, int] = {}
    pairs = []
    for index in candidates:
        form, start, end = listed.form(index), listed.starts[index], listed.ends[index]
        if counts[form] < 2:
            continue
        if not _TERMINAL.search(strip_markup(text[start:end])) or not long_enough(form):
            continue
        if inside(fences, start, end):
            continue
        earlier = first.setdefault(form, index)
        if earlier == index:
            continue
        if counts[form] > MAX_SENTENCE_COPIES and not _same_neighbours(listed, index, earlier):
            continue  # a formula (本院不予采纳。, 作出批准或不批准的书面决定。) the text repeats on purpose
        if any(s < end and start < e for s, e in explained):
            continue
        pairs.append((index, earlier))

    def continues(run, pair):
        return _continues(listed, run[-1], pair) and pair[1] < run[0][0]

    return [Repeat(listed.starts[run[0][0]], listed.ends[run[-1][0]], listed.starts[run[0][1]],
                   listed.ends[run[-1][1]], len(run)) for run in runs(pairs, continues)]


def runs(pairs, continues):
    """Group (repeat, original) pairs, in order, into runs: a pair joins the run before it
    when continues(run, pair)."""
    run: list[tuple[int, int]] = []
    for pair in pairs:
        if run and continues(run, pair):
            run.append(pair)
            continue
        if run:
            yield run
        run = [pair]
    if run:
        yield run


def _continues(listed: Segments, last: tuple[int, int], pair: tuple[int, int], gap: int = 3) -> bool:
    """Whether a repeated sentence continues the block of the one before: both it and its
    original follow by the same step, and the sentences between (too short to count alone)
    repeat too."""
    step = pair[0] - last[0]
    if step < 1 or step > gap or pair[1] - last[1] != step:
        return False
    return all(listed.form(last[0] + d) == listed.form(last[1] + d) for d in range(1, step))


def _same_neighbours(listed: Segments, index: int, earlier: int) -> bool:
    """Whether the sentence before or after a repeat repeats the one beside the original:
    a passage copied, not a formula."""
    form = listed.form
    before = index > 0 and earlier > 0 and form(index - 1) == form(earlier - 1) and index - 1 != earlier
    after = index + 1 < len(listed) and form(index + 1) == form(earlier + 1) and earlier + 1 != index
    return before or after
