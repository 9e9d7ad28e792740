"""Cut the inputs of a run into tasks that a worker can do on its own.

A task is small to pickle: a group of text files (paths), a byte range of a
JSONL file, a Parquet row group, or, for inputs that cannot be split or read
elsewhere (gzip streams, stdin), the records themselves. Every engine runs the
same tasks and returns their results in task order, so the output of
`--jobs 8` or a Dask cluster is identical to `--jobs 1`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document
from ..sources.files import DEFAULT_INCLUDE, InputProblem, discover, display_path, read_document, read_file
from ..sources.records import RecordOptions, Shard, plan_file, read_jsonl_bytes, read_shard, record_kind

TARGET_BYTES = 2 << 20
MAX_FILES = 256


@dataclass
class Task:
    """One unit of work; exactly one of `files`, `shard`, `docs`, `jsonl` is set."""

    seq: int
    nbytes: int = 0
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, display)
    shard: Shard | None = None
    docs: list[Document | InputProblem] = field(default_factory=list)
    jsonl: tuple[bytes, str, int] | None = None  # (lines, display, first line) of a gzip stream


@dataclass
class PlanOptions:
    """What to read and how finely to cut it."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    records: RecordOptions = field(default_factory=RecordOptions)
    target_bytes: int = TARGET_BYTES
    client_reads: bool = True  # the client streams gzip and huge row groups and ships blocks (local pools)


def read_task(task: Task, records: RecordOptions) -> Iterator[Document | InputProblem]:
    """The documents (and bad inputs) of a task, in order; runs in the worker."""
    for path, display in task.files:
        yield read_file(path, display)
    if task.shard is not None:
        yield from read_shard(task.shard, records)
    if task.jsonl is not None:
        data, display, first = task.jsonl
        yield from read_jsonl_bytes(data, display, first, records)
    yield from task.docs


def _display(path: Path) -> str:
    """`display_path` without resolving: a relative path below the working directory is shown as given.

    Resolving every path costs a system call per component; on a corpus of many
    small files that was most of the planner's time.
    """
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()
    return display_path(path)


def _gzip_blocks(path: str, display: str, target: int) -> Iterator[tuple[bytes, int, int]]:
    """Blocks of whole lines of a gzip stream: (lines, first line number, compressed bytes read)."""
    import gzip

    with open(path, "rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
        line = 0
        rest = b""
        pos = 0
        while True:
            block = fh.read(target)
            if not block:
                break
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                now = raw.tell()
                yield block[:cut], line, now - pos
                pos = now
                line += block.count(b"\n", 0, cut)
        if rest:
            yield rest, line, raw.tell() - pos


def plan(paths: Iterable[str], options: PlanOptions | None = None) -> Iterator[Task | InputProblem]:
    """Tasks (and problems found while planning) in input order."""
    opts = options or PlanOptions()
    seq = 0
    group: list[tuple[str, str]] = []
    group_bytes = 0

    def flush() -> Iterator[Task]:
        nonlocal seq, group, group_bytes
        if group:
            yield Task(seq, group_bytes, files=group)
            seq += 1
            group, group_bytes = [], 0

    for item in discover(paths, opts.include, opts.exclude):
        if isinstance(item, InputProblem):
            yield from flush()
            yield item
            continue
        if item == "-":
            yield from flush()
            doc = read_document("-")
            yield Task(seq, len(getattr(doc, "text", "")), docs=[doc])
            seq += 1
            continue
        path = str(item)
        display = _display(item)
        kind = record_kind(path)
        if kind is None:
            try:
                size = os.path.getsize(path)
            except OSError:
                size = 0
            group.append((path, display))
            group_bytes += size
            if group_bytes >= opts.target_bytes or len(group) >= MAX_FILES:
                yield from flush()
            continue
        yield from flush()
        if kind == "jsonl.gz" and opts.client_reads:
            try:
                for data, first, nbytes in _gzip_blocks(path, display, opts.target_bytes):
                    yield Task(seq, nbytes, jsonl=(data, display, first))
                    seq += 1
            except (OSError, EOFError) as exc:
                yield InputProblem(display, f"cannot read gzip: {getattr(exc, 'strerror', None) or exc}")
            continue
        for shard in plan_file(path, display, opts.records, opts.target_bytes):
            if isinstance(shard, InputProblem):
                yield shard
            elif opts.client_reads and shard.kind == "parquet" and shard.nbytes > 4 * opts.target_bytes:
                for task in _ship_docs(read_shard(shard, opts.records), seq, opts.target_bytes, shard.nbytes):
                    yield task
                    seq += 1
            else:
                yield Task(seq, shard.nbytes, shard=shard)
                seq += 1
    yield from flush()


def _ship_docs(items: Iterable[Document | InputProblem], seq: int, target: int, total: int) -> Iterator[Task]:
    """Records read by the client, shipped in tasks of about `target` characters.

    A Parquet row group can hold a whole file; cutting it here keeps each
    worker's share (and the results waiting to be printed in order) small.
    """
    docs: list[Document | InputProblem] = []
    size = 0
    shipped = 0
    for item in items:
        docs.append(item)
        size += len(item.text) if isinstance(item, Document) else 0
        if size >= target:
            share = min(size, max(total - shipped, 0))
            shipped += share
            yield Task(seq, share, docs=docs)
            seq += 1
            docs, size = [], 0
    if docs:
        yield Task(seq, max(total - shipped, 0), docs=docs)
