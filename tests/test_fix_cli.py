"""`audit check --fix/--unsafe-fixes/--diff/--patch` on real files, run as a user runs them.

Also the issue's "Done when" on the five seed documents: --fix removes every
boilerplate label span and the broken URL; --unsafe-fixes also corrects the
entity labels; the --patch output applies with `git apply` to a copy of
samples/ and gives byte-identical results.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import SAMPLES, SHARED, run_audit

LABELS = SHARED / "labels" / "seeds.jsonl"
SEEDS = sorted(SAMPLES.glob("00*.txt"))
needs_labels = pytest.mark.skipif(not LABELS.exists(), reason="shared/ labels not beside the repository")

SELECT = ("--select", "boilerplate.ad-marker,boilerplate.comment-form")  # only the rules a case is about


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )


def _copy_samples(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in SAMPLES.iterdir():
        if p.is_file():
            shutil.copy(p, dest / p.name)
            (dest / p.name).chmod(0o644)  # a writable copy, whatever the checkout's modes
    _git(dest, "init", "-q", ".")
    _git(dest, "add", ".")
    _git(dest, "commit", "-qm", "seeds")
    return dest


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _count(text: str, phrase: str) -> int:
    return len(re.findall(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text))


# --- Done when ----------------------------------------------------------------------


@needs_labels
def test_fix_removes_every_boilerplate_label_and_the_broken_url(tmp_path):
    work = _copy_samples(tmp_path / "s")
    before = _snapshot(work)
    proc = run_audit("check", "--fix", "--format", "concise", *[p.name for p in SEEDS], cwd=work)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Fixed " in proc.stdout
    missing = []
    for category in ("boilerplate", "broken-url"):
        wanted = Counter((lab["doc"], lab["text"]) for lab in _labels() if lab["category"] == category)
        for (doc, text), n in wanted.items():
            old = before[doc].decode("utf-8")
            new = (work / doc).read_text(encoding="utf-8")
            if new.count(text) > old.count(text) - n:
                missing.append((doc, text[:50]))
    assert missing == []
    after = json.loads(run_audit("check", "--format", "json", *[p.name for p in SEEDS], cwd=work).stdout)
    safe_left = [(f["rule"], f["text"]) for entry in after["files"] for f in entry["findings"] if f["fix"] == "safe"]
    assert safe_left == []


@needs_labels
def test_unsafe_fixes_correct_the_entity_labels(tmp_path):
    work = _copy_samples(tmp_path / "s")
    before = _snapshot(work)
    proc = run_audit("check", "--unsafe-fixes", "--format", "concise", *[p.name for p in SEEDS], cwd=work)
    assert proc.returncode in (0, 1), proc.stderr
    wrong = []
    labels = [lab for lab in _labels() if lab["category"] == "entity" and lab["correction"]]
    assert labels
    for (doc, text, correction), n in Counter((x["doc"], x["text"], x["correction"]) for x in labels).items():
        old = before[doc].decode("utf-8")
        new = (work / doc).read_text(encoding="utf-8")
        if _count(new, text) > _count(old, text) - n or _count(new, correction) == 0:
            wrong.append((doc, text, correction))
    assert wrong == []


def test_patch_applies_with_git_apply_byte_identically(tmp_path):
    fixed = _copy_samples(tmp_path / "fixed")
    patched = _copy_samples(tmp_path / "patched")
    patch_file = tmp_path / "fixes.patch"
    proc = run_audit("check", "--patch", str(patch_file), "--format", "concise", ".", cwd=patched)
    assert proc.returncode in (0, 1), proc.stderr
    assert _snapshot(patched) == _snapshot(fixed), "--patch alone must not write the files"
    proc = run_audit("check", "--fix", "--format", "concise", ".", cwd=fixed)
    assert proc.returncode in (0, 1), proc.stderr
    assert patch_file.read_bytes(), "the seeds have safe fixes, so the patch is not empty"
    _git(patched, "apply", "--check", str(patch_file))
    _git(patched, "apply", str(patch_file))
    assert _snapshot(patched) == _snapshot(fixed)
    # GNU patch from the root accepts the same file.
    again = _copy_samples(tmp_path / "again")
    subprocess.run(["patch", "-p1", "-s", "-i", str(patch_file)], cwd=again, check=True)
    assert _snapshot(again) == _snapshot(fixed)


def test_patch_paths_are_relative_to_the_repository_root(tmp_path):
    repo = _copy_samples(tmp_path / "r")
    sub = repo / "docs" / "news"
    sub.mkdir(parents=True)
    (sub / "a b.txt").write_text("Talks resumed.\n\n[ad_1]\n\nThe end.\n", encoding="utf-8")
    patch_file = tmp_path / "p.diff"
    run_audit("check", "--patch", str(patch_file), "a b.txt", cwd=sub)
    text = patch_file.read_text(encoding="utf-8")
    assert "--- a/docs/news/a b.txt" in text and "+++ b/docs/news/a b.txt" in text
    _git(repo, "apply", "--check", str(patch_file))


# --- --diff and --fix behaviour -----------------------------------------------------

DOC = "The talks resumed [ad_1] on Monday.\n\n[ad_2]\n\nBoth sides spoke.\n\nLeave a Reply\n"
FIXED = "The talks resumed on Monday.\n\nBoth sides spoke.\n"


def test_diff_prints_the_change_writes_nothing_and_exits_1(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DOC, encoding="utf-8")
    proc = run_audit("check", *SELECT, "--diff", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("diff --git a/doc.txt b/doc.txt\n")
    assert "-[ad_2]" in proc.stdout and "+The talks resumed on Monday." in proc.stdout
    assert "Would fix 3 findings" in proc.stderr
    assert f.read_text(encoding="utf-8") == DOC
    f.write_text(FIXED, encoding="utf-8")
    clean = run_audit("check", *SELECT, "--diff", "doc.txt", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == ""


def test_fix_reports_fixed_and_remaining_and_is_idempotent(tmp_path):
    f = tmp_path / "doc.txt"
    f.write_text(DOC, encoding="utf-8")
    proc = run_audit("check", *SELECT, "--fix", "--format", "concise", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Fixed 3 findings in 1 file(s); 0 remaining." in proc.stdout
    assert f.read_text(encoding="utf-8") == FIXED
    again = run_audit("check", *SELECT, "--fix", "--format", "concise", "doc.txt", cwd=tmp_path)
    assert again.returncode == 0 and "Fixed 0 findings" in again.stdout
    assert f.read_text(encoding="utf-8") == FIXED


def test_fix_json_output_stays_parseable(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    proc = run_audit("check", *SELECT, "--fix", "--format", "json", "doc.txt", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert data["summary"]["fixed"] == 3 and data["summary"]["findings"] == 0
    assert "Fixed 3 findings" in proc.stderr


def test_fixing_stdin_in_place_is_a_usage_error():
    proc = run_audit("check", *SELECT, "--fix", "-", stdin=b"[ad_1] x\n")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    diff = run_audit("check", *SELECT, "--diff", "-", stdin=b"[ad_1] x\n")
    assert diff.returncode in (0, 1) and "Traceback" not in diff.stderr
