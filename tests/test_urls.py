"""broken-url: URLs split by spaces, cut off, run into the prose or glued to a word.

Cases live in tests/data/urls/cases.yml; the seed and clean-set tests read the
real files of ../shared.
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

CASES = yaml.safe_load((ROOT / "tests/data/urls/cases.yml").read_text(encoding="utf-8"))
AUDITOR = Auditor(select=["broken-url"])


def _check(text: str):
    doc = Document(text, path="case.txt")
    found = AUDITOR.check(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
        assert f.category == "broken-url"
    return found


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: f"{c['code']}:{c['span'][:40]}")
def test_flags_broken_url(case):
    found = _check(case["text"])
    hits = [f for f in found if f.text == case["span"]]
    assert hits, f"wanted {case['span']!r}, got {[(f.rule, f.text) for f in found]}"
    assert hits[0].rule == case["code"]
    if "suggest" in case:
        assert hits[0].suggestions[:1] == [case["suggest"]]


@pytest.mark.parametrize("text", CASES["pass"], ids=lambda t: t[:50])
def test_passes_well_formed_urls(text):
    assert [(f.rule, f.text) for f in _check(text)] == []


def test_run_on_offers_rejoined_url_second():
    found = _check("with Iran https://www.reuters.com/world/middle-east/russian-envoy- Iran- says its program.")
    assert found[0].suggestions == [
        "",
        "https://www.reuters.com/world/middle-east/russian-envoy-iran-says-its-program",
    ]


def test_findings_only_for_selected_codes():
    only = Auditor(select=["url.glued"])
    text = "See https://www. and https://example.com/pageThe president."
    assert [f.rule for f in only.check(Document(text))] == ["url.glued"]


def _labels(category: str) -> list[dict]:
    rows = [json.loads(line) for line in (SHARED / "labels/seeds.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in rows if r["category"] == category]


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_labels_found_with_the_labelled_correction():
    labels = _labels("broken-url")
    assert labels
    for label in labels:
        text = (SHARED / "seeds" / label["doc"]).read_text(encoding="utf-8")
        found = [f for f in _check(text) if f.start < label["end"] and label["start"] < f.end]
        assert found, label
        f = found[0]
        assert (f.start, f.end) == (label["start"], label["end"])
        want = _fold(text[: label["start"]] + label["correction"] + text[label["end"] :])
        assert _fold(text[: f.start] + f.suggestions[0] + text[f.end :]) == want


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
def test_clean_articles_have_no_broken_urls():
    noise = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        noise += [(path.name, f.rule, f.text) for f in _check(path.read_text(encoding="utf-8"))]
    assert noise == []


def test_cli_reports_seed_run_on_url(tmp_path: Path):
    doc = tmp_path / "story.txt"
    doc.write_text(
        "Talks covered Iran https://www.reuters.com/world/middle-east/russian-envoy- Iran- says its program.\n",
        encoding="utf-8",
    )
    proc = run_audit("check", "--format", "json", "--select", "broken-url", str(doc))
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert finding["rule"] == "url.run-on"
    assert finding["category"] == "broken-url"
    assert finding["text"] == "https://www.reuters.com/world/middle-east/russian-envoy- Iran- says its program"
    assert finding["suggestions"][0] == ""
    assert (finding["line"], finding["column"]) == (1, 20)


def test_hostile_input_stays_linear():
    """Long URL-ish runs, dangling hyphens and endless pieces must not backtrack."""
    text = (
        "https://"
        + "a-" * 20000
        + " "
        + " ".join(["x-"] * 5000)
        + " "
        + "www."
        + "b." * 20000
        + " "
        + "athttps://"
        + "c/" * 20000
        + "The "
        + ("see https://example.com/a- b " * 2000)
    )
    start = time.perf_counter()
    _check(text)
    assert time.perf_counter() - start < 60  # a hang guard (catastrophic backtracking), not a speed target


def test_run_on_deletion_is_safe_only_with_slug_pieces():
    proven = _check("with Iran https://www.reuters.com/world/russian-envoy- Iran- says its program.")[0]
    weak = _check("The minister said http://example.org/politics/biden-putin- call ends without a deal")[0]
    assert (proven.rule, proven.safe) == ("url.run-on", True)
    assert (weak.rule, weak.safe) == ("url.run-on", False)
    assert weak.confidence < proven.confidence
