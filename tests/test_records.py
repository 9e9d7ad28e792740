"""Record inputs: JSONL, gzipped JSONL and Parquet stream as Documents named FILE#ID.

Bad records are reported with file and line (or row) and skipped; shards of a
file read separately give exactly the records of the whole file; fixes are
written to a new file in the input's format.
"""

from __future__ import annotations

import gzip
import itertools
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from corpus import make_records, write_jsonl, write_parquet

from audit.sources.files import InputProblem
from audit.sources.records import (
    Record,
    RecordOptions,
    RecordWriter,
    iter_records,
    plan_file,
    read_shard,
    record_kind,
)


def _docs(items):
    return [(d.path, d.id, d.index, d.text) for d in items if isinstance(d, Record)]


def _problems(items):
    return [str(p) for p in items if isinstance(p, InputProblem)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.jsonl", "jsonl"),
        ("A.NDJSON", "jsonl"),
        ("a.jsonl.gz", "jsonl.gz"),
        ("a.parquet", "parquet"),
        ("a.txt", None),
    ],
)
def test_kind_by_extension(name, kind):
    assert record_kind(name) == kind


@pytest.mark.parametrize("name", ["data.jsonl", "data.jsonl.gz", "data.parquet"])
def test_every_format_gives_the_same_records(tmp_path, name):
    rows = make_records(30)
    path = tmp_path / name
    (write_parquet if name.endswith(".parquet") else write_jsonl)(path, rows)
    items = list(iter_records(path, display=name))
    assert _problems(items) == []
    assert _docs(items) == [(f"{name}#{r['id']}", r["id"], i, r["text"]) for i, r in enumerate(rows)]


def test_custom_fields_and_index_when_no_id(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"body": "one"}, {"body": "two", "uid": 7}])
    items = list(iter_records(path, RecordOptions(text_field="body", id_field="uid"), display="x.jsonl"))
    assert [d.path for d in items] == ["x.jsonl#0", "x.jsonl#7"]


def test_bad_jsonl_records_are_reported_with_line_and_skipped(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": 1, "text": "good one"}\n'
        b"{not json\n"
        b"\n"
        b'{"id": 3, "body": "no text field"}\n'
        b'{"id": 4, "text": 42}\n'
        b'["a", "list"]\n'
        b'{"id": 6, "text": "caf\xff"}\n'
        b'{"id": 7, "text": "good two"}'
    )
    items = list(iter_records(path, display="bad.jsonl"))
    assert [d.path for d in items if isinstance(d, Record)] == ["bad.jsonl#1", "bad.jsonl#7"]
    problems = _problems(items)
    assert [p.split(": ")[0] for p in problems] == [f"bad.jsonl:{n}" for n in (2, 4, 5, 6, 7)]
    assert "not JSON" in problems[0]
    assert "no text field 'text'" in problems[1]
    assert "is int, not a string" in problems[2]
    assert "not a JSON object" in problems[3]
    assert "UTF-8" in problems[4]


def test_bad_parquet_rows_and_missing_column(tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": ["fine", None, "also fine"]}), path)
    items = list(iter_records(path, display="p.parquet"))
    assert [d.path for d in items if isinstance(d, Record)] == ["p.parquet#a", "p.parquet#c"]
    assert _problems(items) == ["p.parquet:row 1: text field 'text' is null, not a string"]
    missing = list(iter_records(path, RecordOptions(text_field="body"), display="p.parquet"))
    assert len(missing) == 1 and "no text column 'body'" in str(missing[0])


def test_not_parquet_is_one_problem(tmp_path):
    path = tmp_path / "fake.parquet"
    path.write_text("hello")
    items = list(iter_records(path))
    assert len(items) == 1 and "cannot read Parquet" in str(items[0])


@pytest.mark.parametrize("target", [1, 50, 333, 1000, 10**6])
def test_jsonl_shards_cover_the_file_exactly(tmp_path, target):
    rows = make_records(40)
    path = write_jsonl(tmp_path / "s.jsonl", rows)
    with path.open("ab") as fh:
        fh.write(b'{"id": "last", "text": "no newline at the end"}')
    whole = _docs(iter_records(path))
    shards = list(plan_file(str(path), str(path), RecordOptions(), target))
    assert len(shards) >= (2 if target < 10**6 else 1)
    assert shards[0].start == 0 and shards[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(shards))
    pieces = [d for s in shards for d in _docs(read_shard(s, RecordOptions()))]
    assert pieces == whole and len(whole) == 41


def test_parquet_is_read_by_row_group(tmp_path):
    rows = make_records(35)
    path = write_parquet(tmp_path / "r.parquet", rows, row_group_size=8)
    shards = list(plan_file(str(path), "r.parquet", RecordOptions()))
    assert [s.start for s in shards] == [0, 1, 2, 3, 4]
    assert [s.first for s in shards] == [0, 8, 16, 24, 32]
    got = [d for s in shards for d in _docs(read_shard(s, RecordOptions()))]
    assert [g[2] for g in got] == list(range(35))


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.parquet"])
def test_writer_replaces_text_and_keeps_everything_else(tmp_path, name):
    rows = make_records(2000)
    src = tmp_path / ("in" + name[3:])
    (write_parquet if name.endswith(".parquet") else write_jsonl)(src, rows)
    out = tmp_path / name
    with RecordWriter(src, out) as writer:
        for i in (0, 5, 1500, 1999):
            writer.replace(i, f"fixed {i}")
    got = list(iter_records(out))
    assert len(got) == len(rows)
    for i, (doc, row) in enumerate(zip(got, rows, strict=True)):
        assert doc.id == row["id"]
        assert doc.text == (f"fixed {i}" if i in (0, 5, 1500, 1999) else row["text"])
    if name.endswith(".parquet"):
        assert pq.read_table(out).column_names == ["id", "text", "lang"]
    else:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(out, "rt", encoding="utf-8") as fh:
            first = json.loads(fh.readline())
        assert first == {"id": rows[0]["id"], "text": "fixed 0", "lang": "en"}
    assert not list(tmp_path.glob(".*tmp*"))


def test_writer_refuses_to_overwrite_input(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_records(3))
    with pytest.raises(ValueError, match="overwrite"):
        RecordWriter(src, src)


def test_writer_abort_leaves_no_file(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_records(3))
    out = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), RecordWriter(src, out) as writer:
        writer.replace(1, "x")
        raise RuntimeError("boom")
    assert not out.exists() and not list(tmp_path.glob(".*tmp*"))


def _audit(cwd, *args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_reports_bad_records_and_exits_2_at_the_end(tmp_path):
    (tmp_path / "d.jsonl").write_text(
        '{"id": "a", "text": "Fine text.\\n\\nLeave a Reply\\n"}\n{broken\n{"id": "c", "text": "More.\\n[ad_1]\\n"}\n'
    )
    proc = _audit(tmp_path, "check", "--format", "jsonl", "-j", "1", "d.jsonl")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "audit: d.jsonl:2: not JSON (Expecting property name enclosed in double quotes)"
    ]
    paths = [json.loads(line)["path"] for line in proc.stdout.splitlines()]
    assert "d.jsonl#a" in paths and "d.jsonl#c" in paths


def test_cli_text_and_id_fields(tmp_path):
    write_parquet(tmp_path / "p.parquet", [{"key": "k1", "body": "Story.\n\nLeave a Reply\n"}])
    proc = _audit(tmp_path, "check", "--format", "jsonl", "--text-field", "body", "--id-field", "key", "p.parquet")
    assert proc.returncode == 1, proc.stderr
    row = json.loads(proc.stdout.splitlines()[0])
    assert row["path"] == "p.parquet#k1" and row["text"] == "Leave a Reply"


@pytest.mark.parametrize("name", ["d.jsonl", "d.jsonl.gz", "d.parquet"])
def test_cli_output_writes_fixed_records_in_the_same_format(tmp_path, name):
    rows = [
        {"id": "x", "text": "The talks ended.\n\n[ad_1]\n\nThey resume in May.\n"},
        {"id": "y", "text": "Nothing to fix here.\n"},
    ]
    src = tmp_path / name
    (write_parquet if name.endswith(".parquet") else write_jsonl)(src, rows)
    before = src.read_bytes()
    out = tmp_path / ("fixed" + name[1:])
    proc = _audit(tmp_path, "check", "--format", "concise", "--output", out.name, name)
    assert proc.returncode in (0, 1), proc.stderr
    assert src.read_bytes() == before, "the input is never changed"
    fixed = {d.id: d.text for d in iter_records(out)}
    assert fixed == {"x": "The talks ended.\n\nThey resume in May.\n", "y": "Nothing to fix here.\n"}
    again = _audit(tmp_path, "check", "--format", "concise", "--select", "boilerplate", out.name)
    assert again.returncode == 0, again.stdout


def test_cli_output_directory_for_several_record_files(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": "One.\n\n[ad_1]\n"}])
    write_parquet(tmp_path / "b.parquet", [{"id": "2", "text": "Two.\n\nLeave a Reply\n"}])
    proc = _audit(tmp_path, "check", "--format", "json", "-j", "2", "--output", "fixed", "a.jsonl", "b.parquet")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["fixed"] == 2
    assert [d.text for d in iter_records(tmp_path / "fixed" / "a.jsonl")] == ["One.\n"]
    assert [d.text for d in iter_records(tmp_path / "fixed" / "b.parquet")] == ["Two.\n"]


def test_cli_output_reports_what_remains_at_offsets_of_the_fixed_text(tmp_path):
    write_jsonl(tmp_path / "r.jsonl", [{"id": "1", "text": "[ad_1]\n\nA caf\ufffd\ufffd opened.\n"}])
    proc = _audit(
        tmp_path, "check", "--format", "jsonl", "--select", "boilerplate,encoding", "--output", "o.jsonl", "r.jsonl"
    )
    assert proc.returncode == 1, proc.stderr
    (fixed,) = [d.text for d in iter_records(tmp_path / "o.jsonl")]
    assert fixed == "A caf\ufffd\ufffd opened.\n"
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and all(fixed[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {r["rule"] for r in rows} == {"encoding.replacement-char"}
