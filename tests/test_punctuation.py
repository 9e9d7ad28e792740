"""punctuation: glued, orphan and unclosed quotes, hyphens for dashes, lone marks, missing spaces.

Cases are data (tests/data/punctuation/cases.yml); the seed labels and the clean
articles of ../shared are read from disk as the evaluation uses them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import Auditor, Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = yaml.safe_load((ROOT / "tests/data/punctuation/cases.yml").read_text(encoding="utf-8"))
CATEGORY = "punctuation"


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(select=[CATEGORY])


def _findings(auditor: Auditor, text: str, path: str = "case.txt"):
    doc = Document(text, path=path)
    found = [f for f in auditor.check(doc) if f.category == CATEGORY]
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return found


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["rule"] + ":" + c["text"][:30])
def test_flags(auditor, case):
    found = [f for f in _findings(auditor, case["text"]) if f.rule == case["rule"]]
    assert found, f"{case['rule']} did not flag {case['text']!r}"
    if "span" in case:
        found = [f for f in found if f.text == case["span"]]
        assert found, f"wanted span {case['span']!r}"
    if "suggest" in case:
        assert case["suggest"] in [f.suggestions[0] for f in found if f.suggestions]


@pytest.mark.parametrize("text", CASES["pass"], ids=lambda t: t[:40])
def test_passes(auditor, text):
    found = _findings(auditor, text)
    assert found == [], [(f.rule, f.text) for f in found]


def _labels(category: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in (SHARED / "labels/seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["category"] == category:
                out.setdefault(row["doc"], []).append(row)
    return out


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_labels_detected_and_corrected(auditor):
    detected = corrected = total = 0
    false_alarms = []
    labels_by_doc = _labels(CATEGORY)
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = _findings(auditor, text, path.name)
        labels = labels_by_doc.get(path.name, [])
        false_alarms += [f.text for f in found if not any(f.start < x["end"] and x["start"] < f.end for x in labels)]
        for label in labels:
            total += 1
            over = [f for f in found if f.start < label["end"] and label["start"] < f.end]
            detected += bool(over)
            want = " ".join((text[: label["start"]] + label["correction"] + text[label["end"] :]).split())
            corrected += any(
                f.suggestions and " ".join((text[: f.start] + f.suggestions[0] + text[f.end :]).split()) == want
                for f in over
            )
    assert total == 6
    assert detected >= 5
    assert corrected >= 5
    assert false_alarms == []


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
def test_no_findings_on_clean_articles(auditor):
    flagged = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        flagged += [(path.name, f.rule, f.text) for f in _findings(auditor, path.read_text(encoding="utf-8"))]
    assert flagged == []


def test_crlf_text_keeps_offsets(auditor):
    text = "Members agreed.\r\n\r\n.\r\nA January-24 session, our red line-the end.Then more.\r\n"
    found = _findings(auditor, text)
    assert {f.rule for f in found} >= {
        "punct.lone-mark",
        "punct.hyphen-date",
        "punct.hyphen-dash",
        "punct.missing-space",
    }


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["rule"] + ":" + c["text"][:30])
def test_fixes_reach_a_fixed_point(auditor, case):
    from audit.fix import fix_text

    result = fix_text(case["text"], lambda t: auditor.check(Document(t)), unsafe=True)
    assert result.converged
    assert [f.text for f in result.remaining if f.category == CATEGORY] == []
    assert result.text != case["text"]


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# (name, where in clean text, how to break it): each breaks one real spot of a clean article
_INJECTIONS = [
    ("missing space", r"[a-z]{2}\. (?=[A-Z][a-z])", lambda m: m.group()[:-1]),
    (
        "hyphen for dash",
        r"[a-z]{3}(?:,| —| –) (?=(?:the|and|that|which|who|he|she|they|we|this) )",
        lambda m: m.group()[:3] + "-",
    ),
    ("hyphen in date", rf"(?:{_MONTHS}) (?=\d{{1,2}}\b)", lambda m: m.group()[:-1] + "-"),
    ("lone full stop", r"\.\n\n", lambda m: m.group() + ".\n"),
    ("doubled comma", r"[a-z],(?= )", lambda m: m.group() + ","),
    ("split possessive", r"[A-Za-z][’']s\b", lambda m: m.group()[0] + " " + m.group()[1:]),
    ("space before comma", r"[a-z],(?= )", lambda m: m.group()[0] + " ,"),
    ("stray opening quote", r"(?<=[a-z] )[a-z]{3,}(?= [a-z]+ [a-z]+ [a-z]+)", lambda m: "‘" + m.group()),
]


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
@pytest.mark.parametrize(("name", "where", "breaking"), _INJECTIONS, ids=[i[0] for i in _INJECTIONS])
def test_injected_defects_are_found_and_nothing_else(auditor, name, where, breaking):
    import random
    import re

    rng = random.Random(11)
    injected = detected = 0
    outside = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spots = list(re.finditer(where, text))
        if not spots:
            continue
        m = rng.choice(spots)
        broken = breaking(m)
        doc_text = text[: m.start()] + broken + text[m.end() :]
        start, end = m.start(), m.start() + len(broken)
        found = _findings(auditor, doc_text, path.name)
        hits = [f for f in found if f.start < end and start < f.end]
        injected += 1
        detected += bool(hits)
        outside += [f.text for f in found if f not in hits]
    assert injected >= 3
    assert outside == []
    assert detected / injected >= 0.9


_PIECES = [
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    "-",
    "—",
    " ",
    ",",
    ".",
    "..",
    "\n",
    "\r\n",
    "the",
    "January",
    "24",
    "s",
    "é",
    "中",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40))
def test_any_text_gives_exact_spans(auditor, pieces):
    doc = Document("".join(pieces))
    for f in auditor.check(doc):
        assert 0 <= f.start < f.end <= len(doc.text)
        assert doc.text[f.start : f.end] == f.text
