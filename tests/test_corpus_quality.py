"""Whole-tool quality gates: the seed set's scores, the clean corpus, the span invariant.

The seed thresholds are the "Done when" figures of the issues; the clean corpus
(85 name-dense, well-edited articles) must produce no finding at all at warning
or above, and at most one `info` finding per 10,000 words.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, SAMPLES, SHARED

from audit import Auditor, Document, Severity
from audit.eval import evaluate

SEEDS = SHARED / "seeds"
LABELS = SHARED / "labels" / "seeds.jsonl"
CLEAN = SHARED / "clean"
needs_shared = pytest.mark.skipif(not LABELS.exists(), reason="shared/ data not beside the repository")

# category -> minimum labels detected with the right category (issue 3, 4, 5 "Done when")
SEED_MINIMUM = {
    "boilerplate": 23,
    "broken-url": 1,
    "repetition": 4,
    "link-case": 5,
    "punctuation": 5,
    "entity": 6,
    "mt-garble": 7,
}


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor()


@pytest.fixture(scope="module")
def seed_result(auditor):
    return evaluate(SEEDS, LABELS, auditor)


@needs_shared
@pytest.mark.parametrize("category", sorted(SEED_MINIMUM))
def test_seed_recall_per_category(seed_result, category):
    row = seed_result.scores["by_category"][category]
    missed = [m for m in seed_result.misses if m[1] == category]
    assert row["categorised"] >= SEED_MINIMUM[category], missed


@needs_shared
def test_seed_precision(seed_result):
    assert seed_result.scores["precision"] >= 0.9, seed_result.false_positives


@needs_shared
def test_seed_entity_corrections_are_right(seed_result):
    row = seed_result.scores["by_category"]["entity"]
    assert row["corrected"] == row["labels"]


@needs_shared
def test_no_false_alarm_on_clean_corpus(auditor):
    words = 0
    info = []
    loud = []
    for path in sorted(CLEAN.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for f in auditor.check(Document(text, path=path.name)):
            (loud if f.severity >= Severity.WARNING else info).append((path.name, f.rule, f.text))
    assert loud == []
    assert len(info) <= words / 10_000, info


def test_every_finding_on_every_sample_keeps_the_span_invariant(auditor):
    for path in sorted(SAMPLES.iterdir()):
        text = path.read_text(encoding="utf-8")
        doc = Document(text, path=path.name)
        for f in auditor.check(doc):
            assert text[f.start : f.end] == f.text
            assert (f.line, f.column) == doc.line_col(f.start)
            assert 0 <= f.confidence <= 1


def test_clean_samples_have_no_findings(auditor):
    for path in sorted(SAMPLES.glob("clean_*")):
        assert auditor.check(Document(path.read_text(encoding="utf-8"), path=path.name)) == [], path


def test_root_is_the_repository():
    assert (ROOT / "pyproject.toml").exists()
