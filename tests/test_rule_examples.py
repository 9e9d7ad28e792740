"""Every rule's own examples, from its YAML entry: `flag` must fire, `pass` must not.

Adding a rule is one YAML entry; this test picks it up with no Python to write.
A flag example may be a string or a mapping with `text` and optionally the
expected flagged `span` and first `suggest`ion.
"""

from __future__ import annotations

import pytest

from audit import Auditor, Document

# Each rule's own findings: adjacent chrome lines stay one finding per line here (as
# `merge-chrome-blocks = false` reports them); tests/test_boilerplate.py covers the merge.
_PER_LINE = {"merge_chrome_blocks": False}
_ALL = Auditor(select=["ALL"], settings=_PER_LINE)
_CASES = []
for code, rule in sorted(_ALL.rules.items()):
    # Rules backed by an external service (LanguageTool) run their flag examples in that
    # backend's own tests, against a real server on loopback.
    needs = rule.options.get("requires")
    skip = pytest.mark.skipif(bool(needs), reason=f"needs a {needs} server (see its own tests)")
    for i, example in enumerate(rule.examples.get("flag", [])):
        _CASES.append(pytest.param(code, "flag", example, id=f"{code}-flag-{i}", marks=skip))
    for i, example in enumerate(rule.examples.get("pass", [])):
        _CASES.append(pytest.param(code, "pass", example, id=f"{code}-pass-{i}"))

_ALONE: dict[str, Auditor] = {}


def _findings(code: str, doc: Document, kind: str) -> list:
    """The rule's findings with every rule on (as users run it); a flag example that another
    rule covers first is checked again with the rule selected alone."""
    found = [f for f in _ALL.check(doc) if f.rule == code]
    if kind == "flag" and not found:
        if code not in _ALONE:
            _ALONE[code] = Auditor(select=[code], settings=_PER_LINE)
        found = [f for f in _ALONE[code].check(doc) if f.rule == code]
    return found


def test_every_rule_has_examples_both_ways():
    missing = [
        code for code, rule in _ALL.rules.items() if not rule.examples.get("flag") or not rule.examples.get("pass")
    ]
    assert missing == []


@pytest.mark.parametrize(("code", "kind", "example"), _CASES)
def test_rule_example(code, kind, example):
    text = example["text"] if isinstance(example, dict) else example
    doc = Document(text, path="example.txt")
    found = _findings(code, doc, kind)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    if kind == "pass":
        assert found == [], f"{code} flagged clean example: {[f.text for f in found]}"
        return
    assert found, f"{code} did not flag its example {text!r}"
    if isinstance(example, dict):
        if "span" in example:
            assert example["span"] in [f.text for f in found]
        if "suggest" in example:
            match = [f for f in found if "span" not in example or f.text == example["span"]]
            assert match[0].suggestions and match[0].suggestions[0] == example["suggest"]
