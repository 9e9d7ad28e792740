"""link-case: anchor-text Title Case mid-sentence, never real names or titles of works.

Cases are data (tests/data/linkcase/cases.yml); the seed labels and the clean
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
CASES = yaml.safe_load((ROOT / "tests/data/linkcase/cases.yml").read_text(encoding="utf-8"))
CATEGORY = "link-case"


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    return Auditor(select=[CATEGORY])


def _findings(auditor: Auditor, text: str, path: str = "case.txt"):
    doc = Document(text, path=path)
    found = [f for f in auditor.check(doc) if f.category == CATEGORY]
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return found


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["text"][:40])
def test_flags(auditor, case):
    found = _findings(auditor, case["text"])
    assert found, f"nothing flagged in {case['text']!r}"
    if "span" in case:
        match = [f for f in found if f.text == case["span"]]
        assert match, f"wanted {case['span']!r}, got {[f.text for f in found]}"
    else:
        match = found
    if "suggest" in case:
        assert case["suggest"] in [f.suggestions[0] for f in match if f.suggestions]


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
    for name, labels in _labels(CATEGORY).items():
        text = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        found = _findings(auditor, text, name)
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
    assert corrected >= 4


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
def test_no_findings_on_clean_articles(auditor):
    flagged = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        flagged += [(path.name, f.text) for f in _findings(auditor, path.read_text(encoding="utf-8"), path.name)]
    assert flagged == []


def test_every_finding_is_anchor_case_with_a_lowercase_fix(auditor):
    text = "The firm said it would Cut Jobs In the coming months and Raise Prices For the holidays."
    found = _findings(auditor, text)
    assert {f.rule for f in found} == {"linkcase.anchor-case"}
    for f in found:
        assert f.suggestions[0] == f.suggestions[0].lower()
        assert f.suggestions[0].lower() == f.text.lower()
        assert f.category == CATEGORY


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["text"][:40])
def test_fixes_reach_a_fixed_point(auditor, case):
    from audit.fix import fix_text

    result = fix_text(case["text"], lambda t: auditor.check(Document(t)), unsafe=True)
    assert result.converged
    assert [f.text for f in result.remaining if f.category == CATEGORY] == []
    assert result.text != case["text"]


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="../shared/clean not present")
def test_injected_anchor_case_is_found_and_nothing_else(auditor):
    """Title-case random mid-sentence word runs of the clean articles, as link anchors do.

    A random anchor has no function word as often as not and is then out of reach, so the
    bar for recall is modest; the bar for precision is not: nothing outside the anchors.
    """
    import random
    import re

    rng = random.Random(7)
    injected = detected = outside = 0
    for path in sorted((SHARED / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words = list(re.finditer(r"[a-z][a-z']+", text))
        if len(words) < 50:
            continue
        for _ in range(3):
            for _attempt in range(20):  # a run of plain lowercase words after a lowercase word
                k, n = rng.randrange(1, len(words) - 6), rng.randint(2, 5)
                start, end = words[k].start(), words[k + n - 1].end()
                if not re.search(r"[^a-z' ]", text[words[k - 1].start() : end]):
                    break
            else:
                continue
            anchor = " ".join(
                w.capitalize() if i == 0 or rng.random() < 0.7 else w for i, w in enumerate(text[start:end].split(" "))
            )
            doc_text = text[:start] + anchor + text[end:]
            found = _findings(auditor, doc_text, path.name)
            injected += 1
            hits = [f for f in found if f.start < start + len(anchor) and start < f.end]
            detected += bool(hits)
            outside += len(found) - len(hits)
    assert injected > 150
    assert outside == 0
    assert detected / injected >= 0.3


_PIECES = [
    "In ",
    "If ",
    "The ",
    "To ",
    "Moscow ",
    "Warn ",
    "the ",
    "a ",
    "said ",
    ". ",
    ", ",
    "“",
    "”",
    "’s ",
    "\n",
    "é",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=30))
def test_any_text_gives_exact_spans(auditor, pieces):
    doc = Document("".join(pieces))
    for f in auditor.check(doc):
        assert 0 <= f.start < f.end <= len(doc.text)
        assert doc.text[f.start : f.end] == f.text
