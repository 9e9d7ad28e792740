"""Baselines: `--write-baseline` records today's findings; `--baseline` reports only new ones.

Findings match by file, rule, flagged text and a fingerprint of the words around
them, so edits elsewhere do not resurrect old findings.
"""

from __future__ import annotations

import json

from conftest import run_audit as _run

from audit import Auditor, Document
from audit.baseline import Baseline, fingerprint

SELECT = ("--select", "boilerplate.ad-marker,boilerplate.comment-form")


def run_audit(*args, **kw):
    """The CLI with only the rules these cases are about, so other rules' growth cannot move them."""
    return _run(*args[:1], *SELECT, *args[1:], **kw)


DOC = "Talks resumed on Monday.\n\n[ad_1]\n\nBoth sides spoke. [ad_2] Then they left.\n\nLeave a Reply\n"


def _findings(proc) -> list[tuple[str, str]]:
    return [(f["rule"], f["text"]) for entry in json.loads(proc.stdout)["files"] for f in entry["findings"]]


def test_baseline_hides_known_findings_and_shows_new_ones(tmp_path):
    doc = tmp_path / "news" / "doc.txt"
    doc.parent.mkdir()
    doc.write_text(DOC, encoding="utf-8")
    wrote = run_audit("check", "--write-baseline", "audit-baseline.json", "news", cwd=tmp_path)
    assert wrote.returncode == 0, wrote.stderr
    assert "wrote 3 finding(s)" in wrote.stderr
    recorded = json.loads((tmp_path / "audit-baseline.json").read_text(encoding="utf-8"))
    assert {row["path"] for row in recorded["findings"]} == {"news/doc.txt"}

    same = run_audit("check", "--baseline", "audit-baseline.json", "--format", "json", "news", cwd=tmp_path)
    assert same.returncode == 0 and _findings(same) == []

    # Edits elsewhere (a new first paragraph, a reworded sentence) move every offset and line.
    lead = "The committee published its report on the negotiations late on Sunday evening.\n\n"
    doc.write_text(lead + DOC.replace("Talks resumed on Monday.", "Talks resumed on Monday morning."), "utf-8")
    moved = run_audit("check", "--baseline", "audit-baseline.json", "--format", "json", "news", cwd=tmp_path)
    assert moved.returncode == 0 and _findings(moved) == []

    # A new copy of a known finding in a new place is new.
    doc.write_text(doc.read_text("utf-8") + "\nAnother paragraph. [ad_1] Ends here.\n", "utf-8")
    new = run_audit("check", "--baseline", "audit-baseline.json", "--format", "json", "news", cwd=tmp_path)
    assert new.returncode == 1 and _findings(new) == [("boilerplate.ad-marker", "[ad_1]")]


def test_baseline_paths_work_from_another_directory(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    run_audit("check", "--write-baseline", "b.json", "doc.txt", cwd=tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    proc = run_audit("check", "--baseline", "../b.json", "--format", "json", "../doc.txt", cwd=sub)
    assert proc.returncode == 0 and _findings(proc) == []


def test_changing_the_context_of_a_finding_makes_it_new():
    auditor = Auditor(select=["boilerplate.ad-marker"])
    old = Document("Both sides spoke. [ad_2] Then they left the room at noon.", path="d.txt")
    new = Document("Both sides argued. [ad_2] Then they left the room at noon.", path="d.txt")
    f_old, f_new = auditor.check(old)[0], auditor.check(new)[0]
    assert fingerprint(old, f_old) != fingerprint(new, f_new)
    far = Document("Both sides spoke. [ad_2] Then they left the room at noon. Later, everyone went home.", path="d.txt")
    assert fingerprint(far, auditor.check(far)[0]) == fingerprint(old, f_old)


def test_bad_baseline_is_a_one_line_error(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    for name in ("bad.json", "missing.json"):
        proc = run_audit("check", "--baseline", name, "doc.txt", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and name in proc.stderr


def test_baseline_round_trip(tmp_path):
    auditor = Auditor(select=["boilerplate.ad-marker"])
    doc = Document("[ad_1]\n\nx [ad_1] y\n\n[ad_1]\n", path=str(tmp_path / "d.txt"))
    found = auditor.check(doc)
    b = Baseline(tmp_path / "b.json")
    b.add(doc, found)
    b.save()
    loaded = Baseline.load(tmp_path / "b.json")
    assert loaded.entries == b.entries and sum(loaded.entries.values()) == 3
    assert loaded.filter(doc, found) == []
    assert len(loaded.filter(doc, found + found[:1])) == 1
