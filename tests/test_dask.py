"""`--engine dask` on a real LocalCluster: same findings as the local engine, even when a worker dies.

The cluster has worker processes (not threads), as a real deployment has; the
test kills one mid-run with SIGKILL and still expects every document's results.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from corpus import make_corpus, make_records, write_jsonl

from audit import Auditor
from audit.run import ExecOptions, PlanOptions, check_paths, plan
from audit.run.dask_engine import _QUIET_HTTP, run_dask
from audit.run.plan import Task
from audit.sources.files import InputProblem

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow


def _flat(items):
    out = []
    for item in items:
        if isinstance(item, InputProblem):
            out.append(("problem", str(item)))
        else:
            doc, findings = item
            out.append((doc.path, [f.to_dict() for f in findings]))
    return out


@pytest.fixture(scope="module")
def cluster():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_kwargs=_QUIET_HTTP
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield cluster, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("dcorpus")
    paths = make_corpus(root)
    (root / "bad.jsonl").write_text('{"id": 1, "text": "Leave a Reply"}\n{oops\n')
    return [str(p) for p in paths] + [str(root / "bad.jsonl")]


@pytest.fixture(scope="module")
def auditor():
    return Auditor()


def test_dask_equals_local_engine(cluster, corpus, auditor):
    _, client = cluster
    local = _flat(check_paths(auditor, corpus, PlanOptions(target_bytes=2000), jobs=1))
    tasks = plan(corpus, PlanOptions(target_bytes=2000, client_reads=False))
    dask = []
    for result in run_dask(auditor, tasks, ExecOptions(), client):
        dask.extend([result] if isinstance(result, InputProblem) else result.items)
    assert _flat(dask) == local
    assert len(local) == 12 + 40 + 25 + 35 + 2
    assert sum(len(f) for p, f in local if p != "problem") > 10


def test_dask_split_by_file_row_group_and_byte_range(corpus):
    tasks = [t for t in plan(corpus, PlanOptions(target_bytes=2000, client_reads=False)) if isinstance(t, Task)]
    kinds = {t.shard.kind for t in tasks if t.shard}
    assert kinds == {"jsonl", "jsonl.gz", "parquet"}
    assert sum(1 for t in tasks if t.shard and t.shard.kind == "parquet") == 5
    assert sum(1 for t in tasks if t.shard and t.shard.kind == "jsonl") > 3
    assert not any(t.docs or t.jsonl for t in tasks), "workers read the inputs themselves"


def _worker_pids(client) -> dict[str, int]:
    return client.run(os.getpid)


def test_killed_worker_loses_nothing(cluster, tmp_path, auditor):
    _, client = cluster
    rows = make_records(400, seed=11)
    path = write_jsonl(tmp_path / "big.jsonl", rows)
    expected = _flat(check_paths(auditor, [str(path)], PlanOptions(target_bytes=3000), jobs=1))
    before = _worker_pids(client)
    got = []
    killed = None
    tasks = plan([str(path)], PlanOptions(target_bytes=3000, client_reads=False))
    for n, result in enumerate(run_dask(auditor, tasks, ExecOptions(), client, window=16)):
        got.extend(result.items)
        if n == 2 and killed is None:
            killed = next(iter(before.values()))
            os.kill(killed, signal.SIGKILL)
    assert killed is not None
    assert _flat(got) == expected
    assert len(expected) == 400
    deadline = time.time() + 30
    while time.time() < deadline and killed in _worker_pids(client).values():
        time.sleep(0.2)
    assert killed not in _worker_pids(client).values(), "the killed worker really died"


def test_check_paths_with_dask_engine_starts_its_own_local_cluster(tmp_path, auditor):
    path = write_jsonl(tmp_path / "small.jsonl", make_records(20, seed=5))
    local = _flat(check_paths(auditor, [str(path)], jobs=1))
    dask = _flat(check_paths(auditor, [str(path)], jobs=1, engine="dask"))
    assert dask == local
