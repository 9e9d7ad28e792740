"""`audit eval` scores exactly as the project's external scorer does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

SCORER = SHARED / "tools" / "score.py"
SEEDS = SHARED / "seeds"
LABELS = SHARED / "labels" / "seeds.jsonl"


@pytest.mark.skipif(not SCORER.exists(), reason="shared/ scorer not beside the repository")
def test_eval_agrees_with_shared_scorer(audit_cli):
    ours = audit_cli("eval", str(SEEDS), str(LABELS), "--json")
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(
        [sys.executable, str(SCORER), str(SEEDS), str(LABELS), "--audit", f"{sys.executable} -m audit", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert theirs.returncode == 0, theirs.stderr
    assert json.loads(ours.stdout) == json.loads(theirs.stdout)


def test_eval_on_own_labels_counts_hits_misses_and_false_positives(audit_cli, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Intro [ad_1] text and [ad_2] end.\n", encoding="utf-8")
    (docs / "clean.txt").write_text("Nothing [ad_3] here is labelled.\n", encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    rows = [
        {"doc": "a.txt", "start": 6, "end": 12, "category": "boilerplate", "text": "[ad_1]", "correction": ""},
        {"doc": "a.txt", "start": 0, "end": 5, "category": "mt-garble", "text": "Intro", "correction": None},
    ]
    labels.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    proc = audit_cli("eval", str(docs), str(labels), "--select", "boilerplate.ad-marker", "--json", "--show")
    out = json.loads(proc.stdout)
    assert out["labels"] == 2 and out["findings"] == 3
    assert out["precision"] == round(1 / 3, 3)
    assert out["detection_recall"] == 0.5 and out["correction_accuracy"] == 1.0
    assert out["by_category"]["boilerplate"] == {"labels": 1, "detected": 1, "categorised": 1, "corrected": 1}
    assert len(out["false_positives"]) == 2 and out["missed"] == [["a.txt", "mt-garble", "Intro"]]


def test_eval_bad_labels_line_is_reported(audit_cli, tmp_path):
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"doc": "a.txt"}\nnot json\n', encoding="utf-8")
    proc = audit_cli("eval", str(tmp_path), str(bad))
    assert proc.returncode == 2 and f"{bad}:1: bad label line" in proc.stderr
