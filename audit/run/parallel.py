"""Run tasks in a pool of worker processes, results in input order (`--jobs N`).

Tasks are submitted a few at a time (a window of `4 * jobs`), so the planner
streams the input and memory holds only the results waiting for their turn to
be printed. Workers are forked where the platform allows it, so they inherit
the compiled Auditor instead of rebuilding it; elsewhere (spawn) each worker
rebuilds it once from its pickled arguments.
"""

from __future__ import annotations

import functools
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

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


def _context():
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def map_ordered(
    fn: Callable[[Task], Any],
    tasks: Iterable[Task | InputProblem],
    jobs: int,
    window: int | None = None,
    initializer: Callable | None = None,
    initargs: tuple = (),
) -> Iterator[Any]:
    """`fn(task)` for every task in `jobs` processes, yielded in task order.

    Problems in the task stream pass through in their place. `fn` must be
    picklable (a module-level function or a `functools.partial` of one).
    """
    window = window or 4 * jobs
    pool = ProcessPoolExecutor(jobs, _context(), initializer=initializer, initargs=initargs)
    pending: deque[Future | InputProblem] = deque()

    def resolve(item: Future | InputProblem) -> Any:
        if isinstance(item, InputProblem):
            return item
        try:
            return item.result()
        except BrokenProcessPool:
            raise AuditError("a worker process died (out of memory?); rerun with fewer --jobs") from None

    try:
        for task in tasks:
            pending.append(task if isinstance(task, InputProblem) else pool.submit(fn, task))
            while len(pending) >= window or (pending and _done(pending[0])):
                yield resolve(pending.popleft())
        while pending:
            yield resolve(pending.popleft())
    finally:
        for item in pending:
            if isinstance(item, Future):
                item.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def run_parallel(
    auditor: Auditor,
    tasks: Iterable[Task | InputProblem],
    options: ExecOptions,
    jobs: int,
    window: int | None = None,
) -> Iterator[Result | InputProblem]:
    """Results of `tasks` in their order, computed by `jobs` worker processes."""
    if _context().get_start_method() == "fork":
        fn = functools.partial(_run_forked, options=options)
        return map_ordered(fn, tasks, jobs, window, _init_forked, (auditor,))
    fn = functools.partial(execute_remote, auditor_args(auditor), options=options)  # pragma: no cover
    return map_ordered(fn, tasks, jobs, window)  # pragma: no cover


def _done(item: Future | InputProblem) -> bool:
    return isinstance(item, InputProblem) or item.done()
