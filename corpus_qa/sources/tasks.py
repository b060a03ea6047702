"""Units of reading work. Each is small to pickle and yields Documents inside a worker."""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Union

from corpus_qa.model import Document
from corpus_qa.sources.documents import (document_from_bytes, document_from_file, document_from_record_text,
                                         printable_path, printable_text, problem_document)

if TYPE_CHECKING:
    from corpus_qa.sources import SourceOptions


@dataclass(frozen=True)
class FileTask:
    files: tuple[tuple[str, str], ...]  # (path, display name = document id)

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        for path, display in self.files:
            yield document_from_file(Path(path), display, max_bytes=options.max_file_size)

    def size(self) -> int:
        total = 0
        for path, _ in self.files:
            try:
                total += Path(path).stat().st_size
            except OSError:
                pass
        return total


@dataclass(frozen=True)
class JsonlSliceTask:
    """Lines `first_line`.. of a plain JSONL file, read by byte range in the worker."""

    path: str
    display: str
    start: int
    end: int
    first_line: int

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            data = handle.read(self.end - self.start)
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        numbered = []
        offset = self.start
        for line_no, line in enumerate(lines, start=self.first_line):
            numbered.append((line_no, offset, line))
            offset += len(line) + 1
        yield from records_from_lines(self.path, self.display, numbered, options)

    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class JsonlLinesTask:
    """Lines already read by the main process (gzip cannot seek)."""

    path: str
    display: str
    lines: tuple[tuple[int, int, bytes], ...]  # (line number, uncompressed offset, line)
    compressed_size: int

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        yield from records_from_lines(self.path, self.display, self.lines, options)

    def size(self) -> int:
        return self.compressed_size


@dataclass(frozen=True)
class RowsTask:
    """Rows of a table (Parquet, CSV, TSV): (row number, id or None, text or None, the
    row's other fields or None). A CSV row's number is the line it starts on."""

    path: str
    display: str
    rows: tuple[tuple[int, Any, Any, dict | None], ...]
    byte_size: int

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        for row_no, row_id, text, meta in self.rows:
            yield _record_document(self.path, self.display, row_no, row_id, text, options, meta)

    def size(self) -> int:
        return self.byte_size


@dataclass(frozen=True)
class ProblemTask:
    """A record file that broke while the main process read it, or that holds no record:
    one finding, and the run goes on."""

    path: str
    display: str
    detail: str
    problem: str = "unreadable"  # or "empty"

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        detail = printable_text(" ".join(self.detail.split()))  # library messages can span lines
        yield problem_document(self.display, self.problem, detail, source=printable_path(self.path))

    def size(self) -> int:
        return 0


@dataclass(frozen=True)
class ArchiveRecordsTask:
    """Records of a WARC/WET archive already read by the main process (a .gz archive
    cannot seek): (record number, target URI, date, declared charset, payload, is HTML)."""

    path: str
    display: str
    records: tuple[tuple[int, str | None, str | None, str | None, bytes, bool], ...]
    compressed_size: int

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        for number, uri, date, charset, payload, is_html in self.records:
            doc_id = printable_text(uri) if uri else f"{self.display}:{number}"
            fields = {"source": printable_path(self.path), "source_line": number,
                      "format": "html" if is_html else "text", "meta": {"url": uri or "", "date": date or ""}}
            doc = document_from_bytes(doc_id, payload, max_bytes=options.max_file_size, **fields)
            declared = _declared_decoding(payload, charset) if not doc.problem else None
            if declared is not None and declared[0] != doc.encoding:  # the server's word, when the bytes agree
                doc = dataclasses.replace(doc, text=declared[1], encoding=declared[0], losses=(), encoding_confidence=1.0)
            yield doc

    def size(self) -> int:
        return self.compressed_size


def _declared_decoding(payload: bytes, charset: str | None) -> tuple[str, str] | None:
    """(codec, text) of the payload in the charset its HTTP header declares, when that
    decodes it cleanly; None otherwise (the bytes are then decoded as a file's are)."""
    from corpus_qa.sources.decode import decoder_for

    codec = decoder_for(charset) if charset else None
    if codec is None:
        return None
    try:
        return codec, payload.decode(codec)
    except UnicodeError:
        return None


KEY_BYTES = 20  # a result-cache key (engine/cache.py: document_key)


@dataclass(frozen=True)
class CachedFilesTask:
    """Documents of files unchanged since the cache recorded them (same size and mtime): a
    worker fetches their results by key and reads nothing. Should the cache have lost one,
    it reads the documents after all: `parts` say where they are."""

    parts: tuple[tuple[str, str, int, int], ...]  # (path, display, first document, count) per file
    key_bytes: bytes  # the documents' keys, concatenated in document order
    byte_size: int

    def keys(self) -> list[bytes]:
        return [self.key_bytes[i : i + KEY_BYTES] for i in range(0, len(self.key_bytes), KEY_BYTES)]

    def documents(self, options: "SourceOptions") -> Iterator[Document]:
        for path, display, first, count in self.parts:
            yield from itertools.islice(file_documents(path, display, options), first, first + count)

    def size(self) -> int:
        return self.byte_size


def file_documents(path: str, display: str, options: "SourceOptions") -> Iterator[Document]:
    """Every document of one file, as the tasks of a normal run would read them."""
    from corpus_qa.sources import is_record_file

    if not is_record_file(path):
        yield document_from_file(Path(path), display, max_bytes=options.max_file_size)
        return
    for task in records_tasks(Path(path), display, options):
        yield from task.documents(options)


Task = Union[FileTask, JsonlSliceTask, JsonlLinesTask, RowsTask, ArchiveRecordsTask, ProblemTask, CachedFilesTask]
RecordsTask = Union[JsonlSliceTask, JsonlLinesTask, RowsTask, ArchiveRecordsTask]


def _record_document(
    path: str,
    display: str,
    number: int,
    record_id: Any,
    text: Any,
    options: "SourceOptions",
    meta: dict | None = None,
    offset: int | None = None,
) -> Document:
    """`meta` keeps the record's other scalar fields (title, url ...) for metadata rules."""
    doc_id = f"{display}:{number}" if record_id is None or record_id == "" else printable_text(str(record_id))
    fields = {"source": printable_path(path), "source_line": number, "source_offset": offset, "format": "record", "meta": meta or {}}
    if text is None:
        return problem_document(doc_id, "unreadable", f"record has no {options.text_field!r} field", **fields)
    if not isinstance(text, str):
        kind = type(text).__name__
        return problem_document(doc_id, "unreadable", f"field {options.text_field!r} is a {kind}, not a string", **fields)
    fields.pop("format")
    return document_from_record_text(doc_id, text, max_bytes=options.max_file_size, **fields)


def records_from_lines(path: str, display: str, numbered_lines, options: "SourceOptions") -> Iterator[Document]:
    """`numbered_lines`: (line number, byte offset, line bytes) of a JSONL file."""
    source = printable_path(path)
    for line_no, offset, line in numbered_lines:
        if not line.strip():
            continue
        fields = {"source": source, "source_line": line_no, "source_offset": offset, "format": "record"}
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            detail = f"line {line_no}: not valid JSON ({error})"
            yield problem_document(f"{display}:{line_no}", "unreadable", detail, **fields)
            continue
        if not isinstance(record, dict):
            detail = f"line {line_no}: a JSON {type(record).__name__}, not an object"
            yield problem_document(f"{display}:{line_no}", "unreadable", detail, **fields)
            continue
        record_id, text = record.get(options.id_field), record.get(options.text_field)
        meta = {
            printable_text(key): printable_text(value) if isinstance(value, str) else value
            for key, value in record.items()
            if key not in (options.text_field, options.id_field) and isinstance(value, (str, int, float, bool))
        }
        yield _record_document(path, display, line_no, record_id, text, options, meta, offset)


def _jsonl_slices(path: Path, display: str, slice_bytes: int) -> Iterator[JsonlSliceTask]:
    """Cut a plain JSONL file at line ends into ~slice_bytes ranges; one sequential read."""
    start = 0
    line = 1
    carry = b""
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(slice_bytes)
            if not chunk:
                break
            data = carry + chunk
            cut = data.rfind(b"\n")
            if cut == -1:
                carry = data
                continue
            body, carry = data[: cut + 1], data[cut + 1 :]
            if not body.isspace():  # blank lines hold no record: no task
                yield JsonlSliceTask(str(path), display, start, start + len(body), line)
            start += len(body)
            line += body.count(b"\n")
    if carry and not carry.isspace():
        yield JsonlSliceTask(str(path), display, start, start + len(carry), line)


def _gzip_batches(path: Path, display: str, slice_bytes: int) -> Iterator[Task]:
    """Lines of a gzipped JSONL file in batches. A file cut short or damaged keeps every
    line read before the break; one ProblemTask then says where it stopped."""
    with open(path, "rb") as raw, gzip.open(raw) as handle:
        batch: list[tuple[int, int, bytes]] = []
        batch_bytes = 0
        last_pos = 0
        offset = 0
        line_no = 0
        lines = iter(handle)
        while True:
            try:
                line = next(lines, None)
            except (OSError, EOFError, zlib.error) as error:  # truncated, bad CRC, corrupt deflate data
                if batch:
                    yield JsonlLinesTask(str(path), display, tuple(batch), raw.tell() - last_pos)
                yield ProblemTask(str(path), display, _broken_after(display, "line", line_no, offset, error))
                return
            if line is None:
                break
            line_no += 1
            if not line.isspace():  # blank lines hold no record
                batch.append((line_no, offset, line.rstrip(b"\r\n")))
            offset += len(line)
            batch_bytes += len(line)
            if batch_bytes >= slice_bytes:
                pos = raw.tell()
                yield JsonlLinesTask(str(path), display, tuple(batch), pos - last_pos)
                batch, batch_bytes, last_pos = [], 0, pos
        if batch:
            yield JsonlLinesTask(str(path), display, tuple(batch), raw.tell() - last_pos)


ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")


def _archive_batches(path: Path, display: str, slice_bytes: int) -> Iterator[Task]:
    """The HTML responses of a WARC archive and the text conversions of a WET one, in
    batches of about slice_bytes of payload. An archive cut short keeps every record read
    before the break; one ProblemTask then says where it stopped."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as raw:
        records = iter(ArchiveIterator(raw))
        batch: list = []
        batch_bytes, last_pos, done = 0, 0, 0  # done: records read whole
        while True:
            try:
                record = next(records, None)
                if record is None:
                    break
                kept = _archive_record(record, done + 1)
            except Exception as error:  # noqa: BLE001 - warcio meets damage with anything from
                # ArchiveLoadFailed and zlib.error to an AttributeError on a header cut in two
                if batch:
                    yield ArchiveRecordsTask(str(path), display, tuple(batch), raw.tell() - last_pos)
                yield ProblemTask(str(path), display, _broken_after(display, "record", done, None, error))
                return
            done += 1
            if kept is None:
                continue
            batch.append(kept)
            batch_bytes += len(kept[4])
            if batch_bytes >= slice_bytes:
                yield ArchiveRecordsTask(str(path), display, tuple(batch), raw.tell() - last_pos)
                batch, batch_bytes, last_pos = [], 0, raw.tell()
        if batch:
            yield ArchiveRecordsTask(str(path), display, tuple(batch), raw.tell() - last_pos)


def _archive_record(record, number: int):
    """(number, URI, date, charset, payload, is HTML) of a record to check, or None: only
    HTML responses and text conversions hold documents (not requests, metadata, images)."""
    headers = record.rec_headers
    if record.rec_type == "response" and record.http_headers is not None:
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if "html" not in content_type:
            return None
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip() if "charset=" in content_type else None
        is_html = True
    elif record.rec_type == "conversion":
        charset, is_html = "utf-8", False  # WET conversions are UTF-8 by the format's definition
    else:
        return None
    payload = record.content_stream().read()
    return number, headers.get_header("WARC-Target-URI"), headers.get_header("WARC-Date"), charset, payload, is_html


def _broken_after(display: str, unit: str, count: int, offset: int | None, error: BaseException) -> str:
    if not count:
        return f"cannot read {display}: {error}"
    where = f" (uncompressed byte offset {offset})" if offset is not None else ""
    return f"reading {display} stopped after {unit} {count}{where}: {error}; {unit}s 1-{count} were checked"


def _parquet_batches(path: Path, display: str, options: "SourceOptions") -> Iterator[Task]:
    import pyarrow  # optional extra corpus-qa[parquet]; discover() checked it is there
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    names = set(parquet.schema_arrow.names)
    columns = [c for c in (options.text_field, options.id_field) if c in names]
    total_rows = max(parquet.metadata.num_rows, 1)
    file_size = path.stat().st_size
    row = 1
    # row group by row group: pyarrow reads ahead, so damage in one group would cost the ones before
    batches = itertools.chain.from_iterable(
        parquet.iter_batches(batch_size=2048, columns=columns, row_groups=[group])
        for group in range(parquet.num_row_groups)
    )
    while True:
        try:
            batch = next(batches, None)
        except (OSError, ValueError, pyarrow.ArrowException) as error:  # a damaged page or row group
            yield ProblemTask(str(path), display, _broken_after(display, "row", row - 1, None, error))
            return
        if batch is None:
            break
        data = batch.to_pydict()
        texts = data.get(options.text_field, [None] * batch.num_rows)
        ids = data.get(options.id_field, [None] * batch.num_rows)
        rows = tuple((row + i, ids[i], texts[i], None) for i in range(batch.num_rows))
        yield RowsTask(str(path), display, rows, file_size * batch.num_rows // total_rows)
        row += batch.num_rows


_TABLE_ROWS_PER_TASK = 2048


def _table_text(path: Path, limit: int | None = None) -> str:
    """A CSV/TSV file's text (its first `limit` bytes), decoded as a text file is (BOM,
    UTF-8, GB18030, Big5 ...); bytes that do not decode stay U+FFFD in the cells, where
    ENC003 reports them."""
    from corpus_qa.sources.decode import decode

    with open(path, "rb") as handle:
        return decode(handle.read(limit) if limit else handle.read()).text


def _table_reader(path: Path, text: str):
    import csv
    import io

    buffer = io.StringIO(text, newline="")
    return buffer, csv.reader(buffer, delimiter="\t" if path.name.lower().endswith(".tsv") else ",")


def _cell(cells: list[str], at: int | None) -> str | None:
    return cells[at] if at is not None and at < len(cells) else None


def _table_batches(path: Path, display: str, options: "SourceOptions") -> Iterator[Task]:
    """Rows of a CSV or TSV file with a header row: `text-field` and `id-field` name
    columns, the other columns are the record's metadata. Quoted fields may span lines;
    a row's number is the line it starts on. The file is decoded whole in memory."""
    import csv

    csv.field_size_limit(max(csv.field_size_limit(), options.max_file_size))  # an article is one cell
    buffer, reader = _table_reader(path, _table_text(path))
    header = next(reader, None)
    if header is None:
        return  # no header, no row: records_tasks reports the file as empty
    text_at = header.index(options.text_field) if options.text_field in header else None
    id_at = header.index(options.id_field) if options.id_field in header else None
    others = [(at, name) for at, name in enumerate(header) if at not in (text_at, id_at) and name]
    rows: list[tuple[int, Any, Any, dict | None]] = []
    starts_on, taken = reader.line_num + 1, buffer.tell()  # progress counts characters as bytes
    try:
        for cells in reader:
            if any(cells):  # a blank line holds no record
                meta = {name: cells[at] for at, name in others if at < len(cells)}
                rows.append((starts_on, _cell(cells, id_at), _cell(cells, text_at), meta))
            starts_on = reader.line_num + 1
            if len(rows) >= _TABLE_ROWS_PER_TASK:
                yield RowsTask(str(path), display, tuple(rows), buffer.tell() - taken)
                rows, taken = [], buffer.tell()
    except csv.Error as error:  # a NUL character, a field past the size limit
        if rows:
            yield RowsTask(str(path), display, tuple(rows), buffer.tell() - taken)
        yield ProblemTask(str(path), display, _broken_after(display, "line", starts_on - 1, None, error))
        return
    if rows:
        yield RowsTask(str(path), display, tuple(rows), buffer.tell() - taken)


def sample_fields(path: str, options: "SourceOptions", limit: int) -> list[list[str]] | None:
    """The field names of the first `limit` object records of a record file (a Parquet
    file's columns count as one record), or None when none can be read cheaply."""
    name = path.lower()
    try:
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            return [list(pq.ParquetFile(path).schema_arrow.names)]
        if name.endswith(ARCHIVE_SUFFIXES):
            return None  # an archive's documents are its pages: no text field to look for
        if name.endswith((".csv", ".tsv")):
            import csv

            try:
                header = next(_table_reader(Path(path), _table_text(Path(path), _SAMPLE_LINE_BYTES))[1], None)
            except csv.Error:  # the file's own finding when read
                return None
            return [header] if header else None
        opener = gzip.open if name.endswith(".gz") else open
        records: list[list[str]] = []
        with opener(path, "rb") as handle:
            for _ in range(limit * 4):  # blank and broken lines do not count, but end the search
                line = handle.readline(_SAMPLE_LINE_BYTES)
                if not line or (not line.endswith(b"\n") and len(line) >= _SAMPLE_LINE_BYTES):
                    break
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if isinstance(record, dict):
                    records.append(list(record))
                    if len(records) >= limit:
                        break
        return records or None
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error):  # the file's own finding when read
        return None


_SAMPLE_LINE_BYTES = 4 * 1024 * 1024


def records_tasks(path: Path, display: str, options: "SourceOptions") -> Iterator[Task]:
    """The reading tasks of one record file; a file with no record at all (empty, or blank
    lines only) is one empty-document finding, so every file read is accounted for."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        tasks = _parquet_batches(path, display, options)
    elif name.endswith((".csv", ".tsv")):
        tasks = _table_batches(path, display, options)
    elif name.endswith(ARCHIVE_SUFFIXES):
        tasks = _archive_batches(path, display, options.jsonl_slice_bytes)
    elif name.endswith(".gz"):
        tasks = _gzip_batches(path, display, options.jsonl_slice_bytes)
    else:
        tasks = _jsonl_slices(path, display, options.jsonl_slice_bytes)
    anything = False
    try:
        for task in tasks:
            anything = True
            yield task
    except (OSError, EOFError, ValueError, zlib.error) as error:  # truncated gzip, bad Parquet footer ...
        yield ProblemTask(str(path), display, f"cannot read {display}: {error}")
        return
    if not anything:
        yield ProblemTask(str(path), display, "the record file holds no record", problem="empty")
