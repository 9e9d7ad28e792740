"""Run an Auditor over inputs: in this process, in a process pool, or on Dask.

`check_paths` is the one entry point the command line uses: it plans tasks from
the input paths (files, directories, record files, stdin), runs them on the
chosen engine and yields `(document, findings)` pairs and `InputProblem`s in
input order, identical for every engine and number of jobs.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator

from ..document import Document
from ..engine import Auditor
from ..finding import Finding
from ..sources.files import InputProblem
from .plan import PlanOptions, Task, plan
from .worker import ExecOptions, Result, execute

__all__ = [
    "ExecOptions",
    "PlanOptions",
    "Result",
    "Task",
    "check_paths",
    "default_jobs",
    "execute",
    "plan",
    "results",
]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def results(
    auditor: Auditor,
    tasks: Iterable[Task | InputProblem],
    options: ExecOptions | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[Result | InputProblem]:
    """Task results in task order from the chosen engine.

    A local run whose input is a single task runs in this process: starting
    workers would only cost time.
    """
    options = options or ExecOptions()
    if engine == "dask":
        from .dask_engine import connect, run_dask

        with connect(scheduler, jobs) as client:
            yield from run_dask(auditor, tasks, options, client)
        return
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    tasks = iter(tasks)
    head = list(itertools.islice(tasks, 2))
    tasks = itertools.chain(head, tasks)
    if jobs > 1 and sum(isinstance(t, Task) for t in head) > 1:
        from .parallel import run_parallel

        yield from run_parallel(auditor, tasks, options, jobs)
    else:
        from .local import run_local

        yield from run_local(auditor, tasks, options)


def check_paths(
    auditor: Auditor,
    paths: Iterable[str],
    options: PlanOptions | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    keep_text: bool = True,
    fix: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[Document, list[Finding]] | InputProblem]:
    """`(document, findings)` and problems for every input, in input order.

    `fix` ("safe"/"unsafe") fixes records in the workers (see `execute`);
    `progress(docs, nbytes)` is called after each task with what it covered.
    """
    options = options or PlanOptions()
    if engine == "dask":
        options.client_reads = False
    tasks = plan(paths, options)
    exec_options = ExecOptions(options.records, keep_text, fix)
    for result in results(auditor, tasks, exec_options, jobs, engine, scheduler):
        if isinstance(result, InputProblem):
            yield result
            continue
        yield from result.items
        if progress is not None:
            progress(result.docs, result.nbytes)
