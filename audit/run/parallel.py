"""Run tasks in a pool of worker processes, results in input order (`--jobs N`).

Tasks are submitted a few at a time (a window of `4 * jobs`), so the planner
streams the input and memory holds only the results waiting for their turn to
be printed. Workers are forked where the platform allows it, so they inherit
the compiled Auditor instead of rebuilding it; elsewhere (spawn) each worker
rebuilds it once from its pickled arguments.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..engine import Auditor
from ..errors import AuditError
from ..sources.files import InputProblem
from .plan import Task
from .worker import ExecOptions, Result, auditor_args, execute, execute_remote

_AUDITOR: Auditor | None = None


def _init_forked(auditor: Auditor) -> None:
    global _AUDITOR
    _AUDITOR = auditor


def _run_forked(task: Task, options: ExecOptions) -> Result:
    assert _AUDITOR is not None
    return execute(_AUDITOR, task, options)


def run_parallel(
    auditor: Auditor,
    tasks: Iterable[Task | InputProblem],
    options: ExecOptions,
    jobs: int,
    window: int | None = None,
) -> Iterator[Result | InputProblem]:
    """Results of `tasks` in their order, computed by `jobs` worker processes."""
    window = window or 4 * jobs
    if "fork" in mp.get_all_start_methods():
        pool = ProcessPoolExecutor(jobs, mp.get_context("fork"), initializer=_init_forked, initargs=(auditor,))

        def submit(task: Task) -> Future:
            return pool.submit(_run_forked, task, options)
    else:  # pragma: no cover - macOS/Windows
        pool = ProcessPoolExecutor(jobs, mp.get_context("spawn"))
        args = auditor_args(auditor)

        def submit(task: Task) -> Future:
            return pool.submit(execute_remote, args, task, options)

    pending: deque[Future | InputProblem] = deque()

    def resolve(item: Future | InputProblem) -> Result | InputProblem:
        if isinstance(item, InputProblem):
            return item
        try:
            return item.result()
        except BrokenProcessPool:
            raise AuditError("a worker process died (out of memory?); rerun with fewer --jobs") from None

    try:
        for task in tasks:
            pending.append(task if isinstance(task, InputProblem) else submit(task))
            while len(pending) >= window or (pending and _done(pending[0])):
                yield resolve(pending.popleft())
        while pending:
            yield resolve(pending.popleft())
    finally:
        for item in pending:
            if isinstance(item, Future):
                item.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _done(item: Future | InputProblem) -> bool:
    return isinstance(item, InputProblem) or item.done()
