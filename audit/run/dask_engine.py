"""Run tasks on a Dask cluster (`--engine dask`), results in input order.

`scheduler="tcp://host:8786"` connects to a running cluster; without one a
`LocalCluster` of `jobs` single-threaded worker processes is started for the
run. Tasks are files, JSONL byte ranges and Parquet row groups, read by the
workers themselves (so every worker must see the input paths, e.g. on a shared
file system), plus records the client read itself (stdin). Each worker rebuilds
the Auditor once from its construction arguments and keeps it.

A worker that dies takes its running tasks with it; the scheduler gives them to
another worker (`retries` covers tasks that fail outright), so nothing is lost.
Results are gathered in task order with a bounded window of tasks in flight.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..engine import Auditor
from ..errors import AuditError
from ..sources.files import InputProblem
from .plan import Task
from .worker import ExecOptions, Result, auditor_args, execute_remote

# no dashboard, and the scheduler's small HTTP server on a free port rather than 8787
_QUIET_HTTP = {"dashboard": False, "dashboard_address": ":0"}


@contextlib.contextmanager
def connect(scheduler: str | None = None, jobs: int = 2):
    """A `distributed.Client`: to `scheduler`, or to a LocalCluster closed on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("--engine dask needs dask.distributed: pip install 'audit[corpus]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise AuditError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_kwargs=_QUIET_HTTP
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def map_dask(
    fn: Callable[[Task], Any],
    tasks: Iterable[Task | InputProblem],
    client,
    window: int | None = None,
    retries: int = 3,
) -> Iterator[Any]:
    """`fn(task)` for every task on the cluster, yielded in task order; problems pass through."""
    if window is None:
        workers = len(client.scheduler_info().get("workers", {})) or 1
        window = 4 * workers
    run_id = uuid.uuid4().hex[:12]
    pending: deque = deque()

    def resolve(item) -> Any:
        if isinstance(item, InputProblem):
            return item
        try:
            return item.result()
        finally:
            item.release()

    try:
        for task in tasks:
            if isinstance(task, InputProblem):
                pending.append(task)
            else:
                pending.append(client.submit(fn, task, key=f"audit-{run_id}-{task.seq}", retries=retries))
            while len(pending) >= window or (pending and (isinstance(pending[0], InputProblem) or pending[0].done())):
                yield resolve(pending.popleft())
        while pending:
            yield resolve(pending.popleft())
    finally:
        for item in pending:
            if not isinstance(item, InputProblem):
                item.cancel()


def run_dask(
    auditor: Auditor,
    tasks: Iterable[Task | InputProblem],
    options: ExecOptions,
    client,
    window: int | None = None,
    retries: int = 3,
) -> Iterator[Result | InputProblem]:
    """Results of `tasks` in their order, computed on the cluster behind `client`.

    Each task carries the Auditor's construction arguments (a few hundred
    bytes); workers rebuild it once and keep it (`cached_auditor`).
    """
    fn = functools.partial(execute_remote, auditor_args(auditor), options=options)
    return map_dask(fn, tasks, client, window, retries)
