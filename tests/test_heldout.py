"""Held-out evaluation: defective documents written apart from the rules, and extra clean prose.

tests/data/heldout holds MT-style news documents (not the seeds' topics or people) with
computed labels (build.py); tests/data/cleanprose holds clean real article text. The
floors sit just below what `audit` measured when the set was built (docs/heldout.md), so
a regression fails; raise them when the rules improve.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

HELDOUT = ROOT / "tests" / "data" / "heldout"
LABELS = HELDOUT / "labels.jsonl"
CLEANPROSE = ROOT / "tests" / "data" / "cleanprose"
# a second clean set, from other packages (article-extractor 0.5.9, Debian's goose test texts),
# built 2026-12-03 to find false alarms the first set did not show (tests/data/cleanprose2/SOURCES.md)
CLEANPROSE_SETS = [CLEANPROSE, ROOT / "tests" / "data" / "cleanprose2"]
CATEGORIES = {
    "entity", "mt-garble", "broken-url", "boilerplate", "repetition", "link-case",
    "punctuation", "grammar", "spelling", "encoding", "style",
}  # fmt: skip

# measured 2026-11-23: precision 0.976, detection 0.493, category 0.484, correction 0.914.
# Correction since 2026-12-03: 0.739, because this set labels each line of a chrome block
# alone while the seeds (and held-out 2 and 3) label the block, which audit now reports as
# one finding; with `merge-chrome-blocks = false` it is 0.902 (the test below holds that).
FLOORS = {"precision": 0.95, "detection_recall": 0.46, "category_recall": 0.45, "correction_accuracy": 0.72}
# detected labels per category at that time (of 85 boilerplate, 15 broken-url, 20 encoding,
# 88 entity, 12 link-case, 84 mt-garble, 16 punctuation, 15 repetition)
DETECTED_FLOORS = {
    "boilerplate": 62,
    "broken-url": 9,
    "encoding": 19,
    "entity": 35,
    "link-case": 0,
    "mt-garble": 11,
    "punctuation": 6,
    "repetition": 12,
}

# warning+ findings on clean prose when the set was built: every one a false alarm


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_heldout_set_size_and_label_spans():
    docs = sorted(HELDOUT.glob("*.txt"))
    labels = _labels()
    assert len(docs) >= 25 and len(labels) >= 150
    by_doc: dict[str, list[dict]] = {}
    for lab in labels:
        by_doc.setdefault(lab["doc"], []).append(lab)
        assert lab["category"] in CATEGORIES
        assert lab["correction"] is None or isinstance(lab["correction"], str)
    assert sorted(by_doc) == [d.name for d in docs], "every document carries labels"
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        for lab in by_doc[doc.name]:
            assert 0 <= lab["start"] < lab["end"] <= len(text)
            assert text[lab["start"] : lab["end"]] == lab["text"], (doc.name, lab)


def test_heldout_files_are_what_the_generator_builds():
    spec = importlib.util.spec_from_file_location("heldout_build", HELDOUT / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    sys.path.insert(0, str(HELDOUT / "src"))
    try:
        sources = build.sources()
    finally:
        sys.path.remove(str(HELDOUT / "src"))
    rows = []
    for name, marked in sorted(sources.items()):
        text, labels = build.render(marked)
        assert (HELDOUT / f"{name}.txt").read_text(encoding="utf-8") == text, name
        rows += [{"doc": f"{name}.txt", **lab} for lab in sorted(labels, key=lambda r: (r["start"], -r["end"]))]
    assert rows == _labels()


# Every held-out set: (directory, labels, score floors, detected-per-category floors).
# The later sets' floors live in tests/test_heldout_later.py beside their own tests.
def _sets() -> dict[str, tuple[Path, Path, dict, dict]]:
    import test_heldout_later as later

    sets = {"heldout": (HELDOUT, LABELS, FLOORS, DETECTED_FLOORS)}
    for name, (floors, detected) in later.SETS.items():
        sets[name] = (later.folder(name), later.labels_file(name), floors, detected)
    return sets


@functools.cache
def _scores(name: str) -> dict:
    """`audit eval --json` of one held-out set, run once per test session."""
    from conftest import run_audit

    folder, labels, _, _ = _sets()[name]
    proc = run_audit("eval", str(folder), str(labels), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name,metric", [(n, m) for n, s in _sets().items() for m in sorted(s[2])])
def test_heldout_score_floor(name, metric):
    scores = _scores(name)
    assert scores[metric] >= _sets()[name][2][metric], scores


def test_heldout_corrections_line_by_line():
    """This set's per-line chrome labels, scored against per-line findings."""
    from audit import Auditor
    from audit.eval import evaluate

    auditor = Auditor(settings={"merge_chrome_blocks": False})
    assert evaluate(HELDOUT, LABELS, auditor).scores["correction_accuracy"] >= 0.87


@pytest.mark.parametrize("name,category", [(n, c) for n, s in _sets().items() for c in sorted(s[3])])
def test_heldout_detected_per_category_floor(name, category):
    got = _scores(name)["by_category"][category]
    assert got["detected"] >= _sets()[name][3][category], got


@pytest.fixture(scope="module", params=CLEANPROSE_SETS, ids=lambda p: p.name)
def cleanprose(request):
    """(directory, findings) of one clean prose set."""
    from conftest import run_audit

    proc = run_audit("check", "--format", "jsonl", str(request.param))
    assert proc.returncode in (0, 1), proc.stderr
    return request.param, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _key(f: dict) -> tuple[str, str, str]:
    return (Path(f["path"]).name, f["rule"], f["text"])


def test_cleanprose_has_no_warning_findings(cleanprose):
    _, findings = cleanprose
    loud = [_key(f) for f in findings if f["severity"] in ("warning", "error")]
    assert loud == []


def test_cleanprose_info_findings_at_most_one_per_10k_words(cleanprose):
    folder, findings = cleanprose
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))
    assert words > 25_000, f"{folder}: the clean set is missing or truncated"
    info = [_key(f) for f in findings if f["severity"] == "info"]
    assert len(info) <= words / 10_000, info
