"""What a worker does with one task: read its documents, check them, return the results.

The same function runs in-process (`--jobs 1`), in a process pool and on Dask
workers, which is why every engine produces the same output.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..engine import Auditor
from ..sources.files import InputProblem
from ..sources.records import Record, RecordOptions
from .plan import Task, read_task


@dataclass
class Result:
    """The results of one task in input order, and how much input it covered."""

    seq: int
    items: list[Any] = field(default_factory=list)
    nbytes: int = 0
    docs: int = 0


def _light(doc: Document) -> Document:
    """The document without its text, for documents with nothing to show or fix."""
    if isinstance(doc, Record):
        return Record("", path=doc.path, id=doc.id, source=doc.source, index=doc.index)
    return Document("", path=doc.path, id=doc.id)


@dataclass(frozen=True)
class ExecOptions:
    """How workers read and what they send back (see `execute`)."""

    records: RecordOptions = field(default_factory=RecordOptions)
    keep_text: bool = True
    fix: str | None = None


def execute(auditor: Auditor, task: Task, options: ExecOptions | None = None) -> Result:
    """Check every document of `task`.

    Texts travel back only for documents with findings and only when
    `keep_text` (the rich report and fixes need them; JSON output does not).
    With `fix` ("safe" or "unsafe") records are fixed here, in the worker, so
    that the fix loop's re-checks run in parallel too: the Record carries its
    corrected text and the findings returned are those that remain.
    """
    options = options or ExecOptions()
    keep_text, fix = options.keep_text, options.fix
    out = Result(task.seq, nbytes=task.nbytes)
    for item in read_task(task, options.records):
        if isinstance(item, InputProblem):
            out.items.append(item)
            continue
        findings = auditor.check(item)
        out.docs += 1
        if fix and isinstance(item, Record) and findings:
            findings = _fix_record(auditor, item, findings, fix == "unsafe")
        keep = (keep_text and findings) or (isinstance(item, Record) and item.fixed is not None)
        out.items.append((item if keep else _light(item), findings))
    return out


def _fix_record(auditor: Auditor, rec: Record, findings: list, unsafe: bool) -> list:
    from ..fix import applicable, fix_text

    if not applicable(findings, unsafe):
        return findings

    def check(text: str) -> list:
        return auditor.check(Document(text, path=rec.path, id=rec.id))

    result = fix_text(rec.text, check, unsafe=unsafe, findings=findings)
    if result.text != rec.text:
        # what remains is reported against the text written to --output, as --fix does for files
        rec.fixed = rec.text = result.text
        rec._starts = None
        rec.applied = result.fixed
    return result.remaining


def auditor_args(auditor: Auditor) -> bytes:
    """The Auditor's construction arguments, pickled: a cheap, hashable key to rebuild it."""
    return pickle.dumps(auditor.__reduce__()[1][0])


_CACHE: dict[bytes, Auditor] = {}


def cached_auditor(args: bytes) -> Auditor:
    """Build the Auditor once per worker process and reuse it for every task."""
    auditor = _CACHE.get(args)
    if auditor is None:
        auditor = Auditor(**pickle.loads(args))
        _CACHE.clear()
        _CACHE[args] = auditor
    return auditor


def execute_remote(args: bytes, task: Task, options: ExecOptions) -> Result:
    """`execute` with the Auditor rebuilt from its arguments (once per worker)."""
    return execute(cached_auditor(args), task, options)
