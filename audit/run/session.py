"""The corpus side of `audit check`: engine, jobs, record options, progress bar, `--output`.

`CorpusRun` turns the parsed command line into the stream of
`(document, findings)` pairs and input problems that the reporters consume, and
owns what happens around it: a progress bar on standard error when that is a
terminal, and the fixed copies of record files written to `--output`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..engine import Auditor
from ..errors import AuditError
from ..sources.files import InputProblem, discover
from ..sources.records import Record, RecordOptions, RecordWriter, record_kind
from . import check_paths, default_jobs
from .plan import PlanOptions

ENGINES = ("local", "dask")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpus flags of `audit check` (and `audit learn`)."""
    g = parser.add_argument_group("corpus")
    g.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    g.add_argument("--engine", choices=ENGINES, help="local processes (default) or a Dask cluster")
    g.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786 (default: local)")
    g.add_argument("--text-field", metavar="NAME", help="record field holding the text (default: text)")
    g.add_argument("--id-field", metavar="NAME", help="record field naming it in FILE#ID (default: id)")


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        metavar="PATH",
        help="write fixed copies of JSONL/Parquet inputs here (a file, or a directory for several)",
    )


def jobs_of(args: argparse.Namespace, settings: dict[str, Any]) -> int:
    jobs = getattr(args, "jobs", None)
    if jobs is None:
        jobs = settings.get("jobs") or default_jobs()
    if jobs < 1:
        raise AuditError("--jobs must be at least 1")
    return jobs


def record_options(args: argparse.Namespace, settings: dict[str, Any]) -> RecordOptions:
    return RecordOptions(
        text_field=getattr(args, "text_field", None) or settings.get("text_field") or "text",
        id_field=getattr(args, "id_field", None) or settings.get("id_field") or "id",
    )


class _Progress:
    """Documents, MB, MB/s and ETA on standard error, redrawn at most ten times a second."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.start = time.monotonic()
        self.docs = 0
        self.bytes = 0
        self.last = 0.0
        self.bar = Progress(
            TextColumn("[bold]checking"),
            BarColumn(),
            TextColumn("{task.fields[docs]:,} docs  {task.fields[mb]:.1f}/{task.fields[size]:.1f} MB"),
            TextColumn("{task.fields[rate]:.2f} MB/s"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            auto_refresh=False,
            transient=True,
        )
        self.task = self.bar.add_task("check", total=max(total, 1), docs=0, mb=0.0, size=total / 1e6, rate=0.0)
        self.bar.start()

    def __call__(self, docs: int, nbytes: int) -> None:
        self.docs += docs
        self.bytes += nbytes
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        rate = self.bytes / 1e6 / max(now - self.start, 1e-6)
        self.bar.update(self.task, completed=self.bytes, docs=self.docs, mb=self.bytes / 1e6, rate=rate)
        self.bar.refresh()

    def stop(self) -> None:
        self.bar.stop()


def _input_bytes(paths: list[str], options: PlanOptions) -> int:
    total = 0
    for item in discover(paths, options.include, options.exclude):
        if isinstance(item, Path):
            with contextlib.suppress(OSError):
                total += item.stat().st_size
    return total


class _Outputs:
    """Fixed copies of record files: one RecordWriter per input file, opened in input order."""

    def __init__(self, output: str, paths: list[str], options: RecordOptions) -> None:
        self.output = Path(output)
        self.options = options
        records = [p for p in paths if record_kind(p) and Path(p).is_file()]
        self.directory = (
            self.output.is_dir() or output.endswith(os.sep) or len(records) != 1 or any(Path(p).is_dir() for p in paths)
        )
        if self.directory:
            self.output.mkdir(parents=True, exist_ok=True)
        self.writer: RecordWriter | None = None
        self.source: str | None = None
        self.written: list[Path] = []
        self.fixed = 0
        self.records = 0

    def add(self, doc: Record) -> None:
        if doc.source != self.source:
            self._close_current()
            target = self.output / Path(doc.source).name if self.directory else self.output
            if target in self.written:
                raise AuditError(f"{target}: two inputs would be written to the same output file")
            self.writer = RecordWriter(doc.source, target, self.options)
            self.source = doc.source
            self.written.append(target)
        if doc.fixed is not None:
            assert self.writer is not None
            self.writer.replace(doc.index, doc.fixed)
            self.fixed += doc.applied
            self.records += 1

    def _close_current(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def close(self) -> None:
        self._close_current()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self.writer = None


class CorpusRun:
    """Iterate to get `(document, findings)` and problems in input order; see the module doc."""

    def __init__(
        self,
        args: argparse.Namespace,
        settings: dict[str, Any],
        auditor: Auditor,
        include: list[str],
        exclude: list[str],
        unsafe: bool = False,
    ) -> None:
        self.args = args
        self.auditor = auditor
        self.paths = list(args.paths)
        self.jobs = jobs_of(args, settings)
        self.engine = getattr(args, "engine", None) or settings.get("engine") or "local"
        if self.engine not in ENGINES:
            raise AuditError(f"unknown engine {self.engine!r} (local or dask)")
        self.scheduler = getattr(args, "scheduler", None) or settings.get("scheduler")
        if self.scheduler and self.engine != "dask":
            self.engine = "dask"
        self.records = record_options(args, settings)
        self.plan = PlanOptions(include=tuple(include), exclude=tuple(exclude), records=self.records)
        output = getattr(args, "output", None)
        self.outputs = _Outputs(output, self.paths, self.records) if output else None
        self.fix = ("unsafe" if unsafe else "safe") if self.outputs else None
        self.quiet = bool(getattr(args, "quiet", False))

    @property
    def fixed(self) -> int:
        return self.outputs.fixed if self.outputs else 0

    def __iter__(self) -> Iterator:
        progress = None
        if not self.quiet and sys.stderr.isatty() and "-" not in self.paths:
            progress = _Progress(_input_bytes(self.paths, self.plan))
        ok = False
        try:
            items = check_paths(
                self.auditor,
                self.paths,
                self.plan,
                jobs=self.jobs,
                engine=self.engine,
                scheduler=self.scheduler,
                fix=self.fix,
                progress=progress,
            )
            for item in items:
                if self.outputs is not None and isinstance(item, tuple) and isinstance(item[0], Record):
                    self.outputs.add(item[0])
                yield item
            ok = True
        finally:
            if progress is not None:
                progress.stop()
            if self.outputs is not None:
                if ok:
                    self.outputs.close()
                else:
                    self.outputs.abort()
        if self.outputs is not None and not self.quiet:
            where = ", ".join(str(p) for p in self.outputs.written) or "nothing (no record inputs)"
            sys.stderr.write(
                f"audit: fixed {self.outputs.fixed} finding(s) in {self.outputs.records} record(s); wrote {where}\n"
            )


def is_output_record(doc: Any, args: argparse.Namespace) -> bool:
    """True for records whose fixes go to `--output` (the in-place fixer must leave them alone)."""
    return bool(getattr(args, "output", None)) and isinstance(doc, Record)


__all__ = ["CorpusRun", "InputProblem", "add_arguments", "add_output_argument", "is_output_record"]
