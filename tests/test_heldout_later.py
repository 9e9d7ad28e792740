"""The later held-out sets: MT-style documents written by helpers that read no rule or check.

Each set's README.md says how it was built and what its first measurement was, before
any rule was changed for it:

- tests/data/heldout2: precision 0.889, detection recall 0.355, category recall 0.340,
  correction accuracy 0.703. The rules were then improved on its misses (for their kind,
  with examples in the packs), so it is no longer held out.
- tests/data/heldout3: precision 0.955, detection recall 0.403, category recall 0.388,
  correction accuracy 0.931 (measured once; see its README for what it is still worth).

The floors sit just under the latest numbers, so a regression fails
(tests/test_heldout.py runs them with the first set's). The five clean controls of each
set must stay silent. Both sets are rebuilt from their templates by heldout2's builder.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import ROOT

DATA = ROOT / "tests" / "data"

# name -> (score floors, detected labels per category); first measurement in brackets
SETS = {
    "heldout2": (
        # measured 2026-12-03: precision 0.919, detection 0.598, category 0.587, correction 0.791
        {"precision": 0.9, "detection_recall": 0.58, "category_recall": 0.57, "correction_accuracy": 0.72},
        {
            "boilerplate": 40,  # (27)
            "broken-url": 16,  # (9)
            "encoding": 15,  # (15)
            "entity": 25,  # (15)
            "link-case": 16,  # (5)
            "mt-garble": 11,  # (5)
            "punctuation": 14,  # (7)
            "repetition": 18,  # (9)
        },
    ),
    "heldout3": (
        # first measurement 2026-12-03: precision 0.955, detection 0.403, category 0.388, correction 0.931
        # latest 2026-12-03: precision 0.977, detection 0.647, category 0.624, correction 0.933
        {"precision": 0.95, "detection_recall": 0.63, "category_recall": 0.6, "correction_accuracy": 0.9},
        {
            "boilerplate": 40,  # (18)
            "broken-url": 14,  # (11)
            "encoding": 24,  # (24)
            "entity": 32,  # (13)
            "link-case": 15,  # (6)
            "mt-garble": 5,  # (2)
            "punctuation": 18,  # (17)
            "repetition": 19,  # (13)
        },
    ),
}


def folder(name: str):
    return DATA / name


def labels_file(name: str):
    return DATA / name / "labels.jsonl"


def _labels(name: str) -> list[dict]:
    lines = labels_file(name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _builder(name: str):
    """heldout2's builder, pointed at this set's directory (heldout3's build.py runs it so too)."""
    spec = importlib.util.spec_from_file_location(f"{name}_build", DATA / "heldout2" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.HERE, build.SRC = folder(name), folder(name) / "src"
    return build


@pytest.mark.parametrize("name", sorted(SETS))
def test_files_and_labels_are_what_the_generator_builds(name):
    build = _builder(name)
    renderer = build._load_renderer()
    rows = []
    for doc, marked in build.templates().items():
        text, labels = renderer.render(marked)
        assert (folder(name) / f"{doc}.txt").read_text(encoding="utf-8") == text, doc
        for lab in sorted(labels, key=lambda r: (r["start"], -r["end"])):
            assert text[lab["start"] : lab["end"]] == lab["text"], (doc, lab)
            rows.append({"doc": f"{doc}.txt", **lab})
    assert rows == _labels(name)
    assert len(rows) >= 250 and len({r["doc"] for r in rows}) == 20
    for control in sorted((folder(name) / "src").glob("c*.txt")):
        assert (folder(name) / control.name).read_text(encoding="utf-8") == control.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETS))
def test_clean_controls_draw_no_finding(name):
    from conftest import run_audit

    controls = sorted(str(p) for p in folder(name).glob("c*.txt"))
    assert len(controls) == 5
    proc = run_audit("check", "--format", "jsonl", *controls)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == ""
