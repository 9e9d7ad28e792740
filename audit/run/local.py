"""Run tasks one after another in this process (`--jobs 1`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..engine import Auditor
from ..sources.files import InputProblem
from .plan import Task
from .worker import ExecOptions, Result, execute


def run_local(
    auditor: Auditor, tasks: Iterable[Task | InputProblem], options: ExecOptions
) -> Iterator[Result | InputProblem]:
    for task in tasks:
        yield task if isinstance(task, InputProblem) else execute(auditor, task, options)
