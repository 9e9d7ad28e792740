"""Record files (JSON Lines, gzipped JSON Lines, Parquet) as a stream of Documents.

Corpora come as millions of records, not one file per document. Each record
becomes a `Record` (a Document whose `path` is `FILE#ID`); a bad record (not
JSON, no text field, text not a string) becomes an `InputProblem` naming the
file and line or row, and the run goes on.

Files are read in *shards* so that memory stays bounded and work can be split:
a JSONL file by byte ranges cut at line boundaries, a Parquet file by row group
(read batch by batch, never whole). Gzip cannot be split, so a `.jsonl.gz` is one
shard read as a stream. `RecordWriter` writes a copy of a record file with some
records' text replaced, in the input's own format.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..document import Document
from .files import InputProblem

KINDS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl.gz",
    ".ndjson.gz": "jsonl.gz",
    ".parquet": "parquet",
}
BLOCK = 1 << 20
BATCH_ROWS = 256


def record_kind(path: str | Path) -> str | None:
    """`jsonl`, `jsonl.gz` or `parquet` from the file name, else None (a text file)."""
    name = str(path).lower()
    for suffix, kind in KINDS.items():
        if name.endswith(suffix):
            return kind
    return None


@dataclass
class RecordOptions:
    """Which fields hold the text and the id (`--text-field`, `--id-field`)."""

    text_field: str = "text"
    id_field: str = "id"


@dataclass(eq=False)
class Record(Document):
    """A Document from a record file; `index` is its 0-based position in the file.

    `fixed` is the corrected text when a worker applied fixes (`--output`),
    `applied` how many fixes that took.
    """

    source: str = ""
    index: int = 0
    fixed: str | None = None
    applied: int = 0


@dataclass(frozen=True)
class Shard:
    """A piece of one record file that a worker can read on its own.

    JSONL: bytes [start, end) of `path`, beginning at 0-based line `first`.
    Parquet: row group `start`, whose first row is row `first` of the file.
    `nbytes` is the share of the input file it covers (for progress).
    """

    kind: str
    path: str
    display: str
    start: int = 0
    end: int | None = None
    first: int = 0
    nbytes: int = 0


def _record_id(value: Any, index: int) -> str:
    if value is None or isinstance(value, (dict, list)):
        return str(index)
    return str(value)


def make_record(data: Any, display: str, index: int, where: str, opts: RecordOptions) -> Record | InputProblem:
    """A Record from one decoded record, or the InputProblem that says what is wrong with it."""
    if not isinstance(data, dict):
        return InputProblem(f"{display}:{where}", "record is not a JSON object")
    if opts.text_field not in data:
        return InputProblem(f"{display}:{where}", f"record has no text field {opts.text_field!r}")
    text = data[opts.text_field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        return InputProblem(f"{display}:{where}", f"text field {opts.text_field!r} is {kind}, not a string")
    rid = _record_id(data.get(opts.id_field), index)
    return Record(text, path=f"{display}#{rid}", id=rid, source=display, index=index)


def parse_line(raw: bytes, display: str, index: int, opts: RecordOptions) -> Record | InputProblem | None:
    """One JSONL line (0-based line `index`); None for a blank line."""
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        return InputProblem(f"{display}:{index + 1}", f"invalid UTF-8 at byte {exc.start} of the line")
    except ValueError as exc:
        return InputProblem(f"{display}:{index + 1}", f"not JSON ({str(exc).split(':')[0]})")
    return make_record(data, display, index, str(index + 1), opts)


# -- planning -----------------------------------------------------------------


def plan_jsonl(path: str, display: str, target: int = 4 << 20) -> Iterator[Shard]:
    """Byte ranges of about `target` bytes cut after a newline, with their first line number.

    One pass over the file that only counts newlines (no JSON parsing), so the
    planner streams shards to workers as it reads.
    """
    size = os.path.getsize(path)
    if size == 0:
        return
    start = 0
    line = 0
    with open(path, "rb") as fh:
        while start < size:
            want = start + target
            if want >= size:
                yield Shard("jsonl", path, display, start, size, line, size - start)
                return
            fh.seek(start)
            chunk = fh.read(target)
            lines = chunk.count(b"\n")
            cut = start + len(chunk)
            # extend to the end of the line that straddles the cut
            while True:
                block = fh.read(BLOCK)
                if not block:
                    break
                nl = block.find(b"\n")
                if nl != -1:
                    cut += nl + 1
                    lines += 1
                    break
                cut += len(block)
            yield Shard("jsonl", path, display, start, cut, line, cut - start)
            line += lines
            start = cut


def parquet_file(path: str):
    import pyarrow.parquet as pq

    return pq.ParquetFile(path)


def plan_parquet(path: str, display: str, opts: RecordOptions) -> Iterator[Shard | InputProblem]:
    """One shard per row group; a missing text column is one problem for the file."""
    try:
        pf = parquet_file(path)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        yield InputProblem(display, f"cannot read Parquet: {exc}")
        return
    meta = pf.metadata
    if opts.text_field not in pf.schema_arrow.names:
        yield InputProblem(display, f"no text column {opts.text_field!r} (columns: {', '.join(pf.schema_arrow.names)})")
        return
    size = os.path.getsize(path)
    rows = max(meta.num_rows, 1)
    first = 0
    for rg in range(meta.num_row_groups):
        n = meta.row_group(rg).num_rows
        yield Shard("parquet", path, display, rg, None, first, size * n // rows)
        first += n


def plan_file(path: str, display: str, opts: RecordOptions, target: int = 4 << 20) -> Iterator[Shard | InputProblem]:
    """The shards of one record file, in file order."""
    kind = record_kind(path)
    if kind == "jsonl":
        yield from plan_jsonl(path, display, target)
    elif kind == "parquet":
        yield from plan_parquet(path, display, opts)
    elif kind == "jsonl.gz":
        yield Shard("jsonl.gz", path, display, 0, None, 0, os.path.getsize(path))
    else:
        raise ValueError(f"{path}: not a record file")


# -- reading ------------------------------------------------------------------


def _lines(fh: BinaryIO, limit: int | None) -> Iterator[bytes]:
    """Lines of `fh` up to `limit` bytes from its position, read in blocks."""
    left = limit
    rest = b""
    while left is None or left > 0:
        block = fh.read(BLOCK if left is None else min(BLOCK, left))
        if not block:
            break
        if left is not None:
            left -= len(block)
        block = rest + block
        lines = block.split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


def read_shard(shard: Shard, opts: RecordOptions) -> Iterator[Record | InputProblem]:
    """Records of one shard in order; bad records as problems in their place."""
    try:
        if shard.kind == "parquet":
            yield from _read_parquet(shard, opts)
            return
        if shard.kind == "jsonl.gz":
            fh: BinaryIO = gzip.open(shard.path, "rb")  # type: ignore[assignment]  # noqa: SIM115
            limit = None
        else:
            fh = open(shard.path, "rb")  # noqa: SIM115 - closed below, generator
            fh.seek(shard.start)
            limit = None if shard.end is None else shard.end - shard.start
        with fh:
            for i, raw in enumerate(_lines(fh, limit), start=shard.first):
                item = parse_line(raw, shard.display, i, opts)
                if item is not None:
                    yield item
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputProblem(shard.display, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _read_parquet(shard: Shard, opts: RecordOptions) -> Iterator[Record | InputProblem]:
    pf = parquet_file(shard.path)
    names = pf.schema_arrow.names
    with_id = opts.id_field in names and opts.id_field != opts.text_field
    columns = [opts.text_field] + ([opts.id_field] if with_id else [])
    index = shard.first
    for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=[shard.start], columns=columns):
        texts = batch.column(opts.text_field).to_pylist()
        ids = batch.column(opts.id_field).to_pylist() if len(columns) > 1 else [None] * len(texts)
        for text, rid in zip(texts, ids, strict=True):
            if isinstance(text, bytes):
                try:
                    text = text.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield InputProblem(f"{shard.display}:row {index}", f"invalid UTF-8 at byte {exc.start}")
                    index += 1
                    continue
            yield make_record({opts.text_field: text, opts.id_field: rid}, shard.display, index, f"row {index}", opts)
            index += 1


def iter_records(path: str | Path, opts: RecordOptions | None = None, display: str | None = None):
    """Every record of one file, in order (a single-process convenience)."""
    opts = opts or RecordOptions()
    path = str(path)
    display = display or path
    if not os.path.isfile(path):
        yield InputProblem(display, "no such file")
        return
    for shard in plan_file(path, display, opts):
        if isinstance(shard, InputProblem):
            yield shard
        else:
            yield from read_shard(shard, opts)


# -- writing ------------------------------------------------------------------


class RecordWriter:
    """Write a copy of a record file with the text of some records replaced.

    Call `replace(index, text)` in increasing record order, then `close()`.
    Records not replaced (and bad records) are copied unchanged, so the output
    has exactly the input's records in the input's format. The output is written
    to a temporary name and renamed on close, so a failed run leaves no half file.
    """

    def __init__(self, source: str | Path, output: str | Path, opts: RecordOptions | None = None) -> None:
        self.source = str(source)
        self.output = Path(output)
        self.opts = opts or RecordOptions()
        self.kind = record_kind(self.source)
        if self.kind is None:
            raise ValueError(f"{source}: not a record file")
        if Path(self.source).resolve() == self.output.resolve():
            raise ValueError(f"{output}: refusing to overwrite the input")
        self.tmp = self.output.with_name(f".{self.output.name}.tmp{os.getpid()}")
        self.pending: dict[int, str] = {}
        self.done = 0  # records before this index are written
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            self._pf = parquet_file(self.source)
            self._batches = self._pf.iter_batches(batch_size=BATCH_ROWS * 4)
            self._next = None
            self._writer = pq.ParquetWriter(str(self.tmp), self._pf.schema_arrow)
        else:
            opener = gzip.open if self.kind == "jsonl.gz" else open
            self._in = opener(self.source, "rb")
            self._out = opener(self.tmp, "wb")
            self._iter = iter(_lines(self._in, None))
            self._ended_nl = True

    def replace(self, index: int, text: str) -> None:
        if index < self.done:
            raise ValueError(f"record {index} replaced out of order")
        self.pending[index] = text
        self._advance(index)

    def _advance(self, upto: int | None) -> None:
        """Write every record with index < upto (all when None)."""
        if self.kind == "parquet":
            self._advance_parquet(upto)
            return
        field = self.opts.text_field
        while upto is None or self.done <= upto:
            raw = next(self._iter, None)
            if raw is None:
                break
            new = self.pending.pop(self.done, None)
            if new is not None:
                data = json.loads(raw)
                data[field] = new
                raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
            self._out.write(raw + b"\n")
            self.done += 1

    def _advance_parquet(self, upto: int | None) -> None:
        import pyarrow as pa

        while True:
            if self._next is None:
                self._next = next(self._batches, None)
                if self._next is None:
                    break
            batch = self._next
            end = self.done + batch.num_rows
            if upto is not None and end > upto + 1:
                break  # later rows of this batch may still be replaced
            self._next = None
            hits = {i - self.done: t for i, t in self.pending.items() if i < end}
            if hits:
                col = batch.schema.get_field_index(self.opts.text_field)
                values = batch.column(col).to_pylist()
                for i, t in hits.items():
                    values[i] = t
                arrays = list(batch.columns)
                arrays[col] = pa.array(values, type=batch.schema.field(col).type)
                batch = pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
                for i in hits:
                    del self.pending[i + self.done]
            self._writer.write_batch(batch)
            self.done = end

    def close(self) -> None:
        self._advance(None)
        if self.kind == "parquet":
            self._writer.close()
        else:
            self._in.close()
            self._out.close()
        os.replace(self.tmp, self.output)

    def abort(self) -> None:
        """Drop the partial output (an error ended the run)."""
        try:
            if self.kind == "parquet":
                self._writer.close()
            else:
                self._in.close()
                self._out.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def read_jsonl_bytes(data: bytes, display: str, first: int, opts: RecordOptions) -> Iterator[Record | InputProblem]:
    """Records of an in-memory block of JSONL lines (a piece of a gzip stream shipped to a worker)."""
    for i, raw in enumerate(_lines(io.BytesIO(data), None), start=first):
        item = parse_line(raw, display, i, opts)
        if item is not None:
            yield item
