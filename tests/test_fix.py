"""Applying fixes: exact results of edits (data in tests/data/fix/), overlap resolution, the fix loop."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit import Auditor, Document, Finding, Severity
from audit.fix import Edit, apply_edits, fix_text, select_edits

CASES = yaml.safe_load((Path(__file__).parent / "data" / "fix" / "apply_cases.yaml").read_text(encoding="utf-8"))


def _edits(text: str, specs: list[dict]) -> list[Edit]:
    edits, pos = [], 0
    for spec in specs:
        if "after" in spec:
            pos = text.index(spec["after"], pos) + len(spec["after"])
        start = text.index(spec["span"], pos)
        end = start + len(spec["span"])
        edits.append(Edit(start, end, spec.get("replace", "")))
        pos = end
    return edits


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_apply_edits(case):
    assert apply_edits(case["text"], _edits(case["text"], case["edits"])) == case["want"]


def _finding(start, end, text, repl, *, safe=True, rule="x.y", confidence=0.9):
    return Finding(
        rule=rule,
        category="boilerplate",
        severity=Severity.WARNING,
        start=start,
        end=end,
        text=text[start:end],
        message="m",
        suggestions=[repl] if repl is not None else [],
        confidence=confidence,
        safe=safe,
    )


def test_overlaps_resolve_leftmost_then_longest_then_safe():
    text = "abcdefghij"
    findings = [
        _finding(2, 5, text, "X", safe=False),
        _finding(2, 7, text, "Y"),  # same start, longer: wins
        _finding(6, 9, text, "Z"),  # overlaps the winner: retried next pass
        _finding(8, 9, text, "W"),  # after it: kept
        _finding(0, 1, text, None),  # no fix
    ]
    for order in (findings, list(reversed(findings))):
        chosen = select_edits(order, unsafe=True)
        assert [(e.start, e.end, e.replacement) for e in chosen] == [(2, 7, "Y"), (8, 9, "W")]


def test_unsafe_fixes_need_opt_in():
    text = "Binden said"
    findings = [_finding(0, 6, text, "Biden", safe=False)]
    assert select_edits(findings) == []
    assert [e.replacement for e in select_edits(findings, unsafe=True)] == ["Biden"]


def test_bom_is_never_edited():
    text = "\ufeffx"
    assert select_edits([_finding(0, 1, text, "")], protect=1) == []
    result = fix_text(text, lambda t: [_finding(0, 1, t, "")] if t.startswith("\ufeff") else [])
    assert result.text == text and result.fixed == 0


ADS = Auditor(select=["boilerplate.ad-marker", "boilerplate.comment-form"])


def _check(text: str) -> list[Finding]:
    return ADS.check(Document(text, path="t.txt"))


def test_fix_loop_reaches_a_fixed_point():
    text = "Story [ad_1] goes on.\n\n[ad_2]\n\nLeave a Reply\n"
    result = fix_text(text, _check)
    assert result.text == "Story goes on.\n"
    assert result.fixed == 3 and result.remaining == [] and result.converged
    again = fix_text(result.text, _check)
    assert again.text == result.text and again.fixed == 0


def test_fix_loop_retries_what_lost_an_overlap():
    # A real rule plus an overlapping edit; the loser is found again and applied on pass 2.
    text = "Intro [ad_1] end"
    calls = []

    def check(t: str) -> list[Finding]:
        found = _check(t)
        calls.append(t)
        if "Intro" in t:
            start = t.index("Intro")
            found.append(_finding(start, start + len("Intro [a"), t, "Lead [a", rule="z.overlap"))
        return found

    result = fix_text(text, check)
    assert result.passes >= 2
    assert "[ad_1]" not in result.text


def test_fix_loop_is_bounded_when_fixes_cycle():
    def flip(t: str) -> list[Finding]:
        return [_finding(0, 1, t, "b" if t[0] == "a" else "a")]

    result = fix_text("a", flip)
    assert not result.converged
    assert result.passes <= 10
