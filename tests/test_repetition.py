"""repetition: doubled words and phrases, lines printed twice, headlines restated.

Cases live in tests/data/repetition/cases.yml; the seed and clean-set tests
read the real files of ../shared.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHARED, run_audit

from audit import Auditor, Document

CASES = yaml.safe_load((ROOT / "tests/data/repetition/cases.yml").read_text(encoding="utf-8"))
AUDITOR = Auditor(select=["repetition"])


def _check(text: str, auditor: Auditor = AUDITOR):
    doc = Document(text, path="case.txt")
    found = auditor.check(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
        assert f.category == "repetition"
    return found


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: f"{c['code']}:{c['span'][:40]}")
def test_flags_repetition(case):
    found = _check(case["text"])
    hits = [f for f in found if f.text == case["span"]]
    assert hits, f"wanted {case['span']!r}, got {[(f.rule, f.text) for f in found]}"
    assert hits[0].rule == case["code"]
    if "suggest" in case:
        assert hits[0].suggestions[:1] == [case["suggest"]]


@pytest.mark.parametrize("text", CASES["pass"], ids=lambda t: t[:50])
def test_passes_legitimate_text(text):
    assert [(f.rule, f.text) for f in _check(text)] == []


def test_lists_are_data_shared_by_every_code():
    """The word lists under repetition.word (function words) apply when only repetition.phrase runs."""
    phrase_only = Auditor(select=["repetition.phrase"])
    found = _check("GUIDE: In The In The Kitchen", phrase_only)
    assert [f.text for f in found] == ["In The In The"]
    assert found[0].safe, "dropping doubled function words is safe: the list lives under repetition.word"
    assert _check("It was was late.", phrase_only) == []


def test_names_are_reduplicated_one_word_at_a_time():
    """ "Walla Walla" is a name; two capitalised words printed twice are a paste or MT slip."""
    assert _check("They drove to Walla Walla and Bora Bora.") == []
    found = _check("The BJP won most seats in the Lok Sabha Lok Sabha election.")
    assert [(f.rule, f.text, f.suggestions) for f in found] == [
        ("repetition.phrase", "Lok Sabha Lok Sabha", ["Lok Sabha"])
    ]


def test_one_finding_per_double():
    found = _check("It was was a long long way, the the end.")
    assert [(f.rule, f.text) for f in found] == [("repetition.word", "was was"), ("repetition.word", "the the")]


def _labels(category: str) -> list[dict]:
    rows = [json.loads(line) for line in (SHARED / "labels/seeds.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in rows if r["category"] == category]


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_labels_found_with_the_labelled_correction():
    labels = _labels("repetition")
    assert len(labels) == 4
    for label in labels:
        text = (SHARED / "seeds" / label["doc"]).read_text(encoding="utf-8")
        found = [f for f in _check(text) if f.start < label["end"] and label["start"] < f.end]
        assert found, label
        want = _fold(text[: label["start"]] + label["correction"] + text[label["end"] :])
        assert any(_fold(text[: f.start] + f.suggestions[0] + text[f.end :]) == want for f in found), label


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seeds_have_no_unlabelled_repetition():
    labelled = {(r["doc"], r["start"]) for r in _labels("repetition")}
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for f in _check(path.read_text(encoding="utf-8")):
            assert any(doc == path.name and abs(start - f.start) < 5 for doc, start in labelled), (path.name, f.text)


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
def test_clean_articles_have_no_repetition():
    noise = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        noise += [(path.name, f.rule, f.text) for f in _check(path.read_text(encoding="utf-8"))]
    assert noise == []


def test_fix_removes_the_repeated_headline_once(tmp_path: Path):
    doc = tmp_path / "story.txt"
    headline = "Video summit: Biden and Putin discussed conflict in Ukraine"
    doc.write_text(f"{headline}\n\n{headline}\n\nThe leaders spoke for two hours.\n", encoding="utf-8")
    proc = run_audit("check", "--fix", "--select", "repetition", str(doc))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert doc.read_text(encoding="utf-8") == f"{headline}\n\nThe leaders spoke for two hours.\n"
    again = run_audit("check", "--format", "json", "--select", "repetition", str(doc))
    assert again.returncode == 0
    assert json.loads(again.stdout)["files"][0]["findings"] == []


def test_cli_json_for_doubled_word(tmp_path: Path):
    doc = tmp_path / "caption.txt"
    doc.write_text("Intro.\n© Reuters. PHOTO PHOTO: Biden speaks.\n", encoding="utf-8")
    proc = run_audit("check", "--format", "json", "--select", "repetition", str(doc))
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (finding["rule"], finding["text"], finding["suggestions"]) == (
        "repetition.word",
        "PHOTO PHOTO",
        ["FILE PHOTO"],
    )
    assert (finding["start"], finding["end"], finding["line"], finding["column"]) == (18, 29, 2, 12)


def test_hostile_input_stays_linear():
    """Long words, runs of one word, combining marks: no catastrophic backtracking."""
    text = (
        "a" * 50000
        + " "
        + "a" * 49999
        + " "
        + "the " * 20000
        + "मैं में " * 5000
        + ("word " * 3 + "\n") * 5000
        + "x" * 100000
    )
    start = time.perf_counter()
    found = _check(text)
    assert time.perf_counter() - start < 60  # a hang guard (catastrophic backtracking), not a speed target
    assert found  # "the the" is found


def test_function_word_doubles_are_safe_fixes_others_are_not():
    found = {
        f.text: f.safe for f in _check("In the in the end, the the PHOTO PHOTO of Cuban Missile Crisis missile crisis.")
    }
    assert found == {
        "In the in the": True,
        "the the": True,
        "PHOTO PHOTO": False,
        "Missile Crisis missile crisis": False,
    }
