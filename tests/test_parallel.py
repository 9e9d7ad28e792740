"""`--jobs N` gives exactly the output of `--jobs 1`, in the same order, on every input kind."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import make_corpus, make_records, write_jsonl

from audit import Auditor
from audit.run import PlanOptions, check_paths, plan
from audit.run.plan import Task
from audit.sources.files import InputProblem

ROOT = Path(__file__).resolve().parent.parent


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
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    paths = make_corpus(root)
    bad = root / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Leave a Reply"}\nnot json\n{"id": "n", "text": null}\n')
    return [str(p) for p in paths] + [str(bad), str(root / "missing.txt")]


@pytest.fixture(scope="module")
def auditor():
    return Auditor()


def test_plan_cuts_every_input_kind_into_small_tasks(corpus):
    items = list(plan(corpus, PlanOptions(target_bytes=2000)))
    tasks = [t for t in items if isinstance(t, Task)]
    assert [t.seq for t in tasks] == list(range(len(tasks)))
    assert any(t.files for t in tasks) and any(t.shard and t.shard.kind == "jsonl" for t in tasks)
    assert any(t.jsonl for t in tasks), "gzip is streamed by the client in blocks"
    assert sum(1 for t in tasks if t.shard and t.shard.kind == "parquet") == 5
    assert str(items[-1]).endswith("missing.txt: no such file or directory")


@pytest.mark.parametrize("target", [1500, 1 << 20])
def test_jobs_2_equals_jobs_1(corpus, auditor, target):
    one = _flat(check_paths(auditor, corpus, PlanOptions(target_bytes=target), jobs=1))
    two = _flat(check_paths(auditor, corpus, PlanOptions(target_bytes=target), jobs=2))
    assert two == one
    paths = [p for p, _ in one]
    assert [p.rsplit("/", 1)[-1] for p in paths[:12]] == [f"{i:03d}.txt" for i in range(12)]
    assert sum(1 for p in paths if "a.jsonl#" in p) == 40
    assert sum(1 for p in paths if "b.jsonl.gz#" in p) == 25
    assert sum(1 for p in paths if "c.parquet#" in p) == 35
    assert sum(len(f) for p, f in one if p != "problem") > 10
    problems = [f for p, f in one if p == "problem"]
    assert len(problems) == 3 and any("bad.jsonl:2" in p for p in problems)


def test_progress_counts_every_document_and_byte(corpus, auditor):
    seen = {"docs": 0, "bytes": 0}

    def progress(docs, nbytes):
        seen["docs"] += docs
        seen["bytes"] += nbytes

    items = list(check_paths(auditor, corpus, PlanOptions(target_bytes=3000), jobs=2, progress=progress))
    assert seen["docs"] == sum(1 for i in items if not isinstance(i, InputProblem))
    total = sum(p.stat().st_size for c in corpus[:5] for p in ([Path(c)] if Path(c).is_file() else Path(c).iterdir()))
    assert abs(seen["bytes"] - total) <= total * 0.02


def test_text_dropped_for_clean_documents_when_not_needed(corpus, auditor):
    for doc, _ in (i for i in check_paths(auditor, corpus, jobs=2, keep_text=False) if isinstance(i, tuple)):
        assert doc.text == ""
    kept = [d for d, f in (i for i in check_paths(auditor, corpus[:2], jobs=2) if isinstance(i, tuple)) if f]
    assert kept and all(d.text for d in kept)


def test_big_parquet_row_group_is_shipped_in_pieces(tmp_path, auditor):
    from corpus import write_parquet

    rows = make_records(300)
    path = write_parquet(tmp_path / "one_group.parquet", rows, row_group_size=10_000)
    tasks = [t for t in plan([str(path)], PlanOptions(target_bytes=5000)) if isinstance(t, Task)]
    assert len(tasks) > 5 and all(t.docs for t in tasks)
    got = [d.id for d, _ in check_paths(auditor, [str(path)], PlanOptions(target_bytes=5000), jobs=2)]
    assert got == [r["id"] for r in rows]


def test_cli_jobs_output_is_identical(tmp_path):
    rows = make_records(120, seed=3)
    write_jsonl(tmp_path / "d.jsonl", rows)
    with gzip.open(tmp_path / "e.jsonl.gz", "wt") as fh:
        for r in rows[:30]:
            fh.write(json.dumps(r) + "\n")
    outs = []
    for jobs in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "audit", "check", "--format", "jsonl", "--jobs", jobs, "d.jsonl", "e.jsonl.gz"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr == ""
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
    first = json.loads(outs[0].splitlines()[0])
    assert first["path"].startswith("d.jsonl#doc-")


def test_progress_bar_on_a_terminal_only(tmp_path):
    import os
    import pty

    write_jsonl(tmp_path / "d.jsonl", make_records(300, seed=4))
    cmd = [sys.executable, "-m", "audit", "check", "--format", "jsonl", "-j", "2", "d.jsonl"]
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out, _ = proc.communicate(timeout=300)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 1
    assert b"docs" in seen and b"MB/s" in seen, seen[-400:]
    assert all(line.startswith(b'{"path"') for line in out.splitlines()), "stdout carries only findings"
    quiet = subprocess.run([*cmd, "--quiet"], cwd=tmp_path, capture_output=True)
    piped = subprocess.run(cmd, cwd=tmp_path, capture_output=True)
    assert quiet.stderr == b"" and piped.stderr == b""
    assert quiet.stdout == piped.stdout == out
