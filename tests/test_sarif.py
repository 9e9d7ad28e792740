"""`--format sarif` validates against the SARIF 2.1.0 schema; `--format github` writes safe annotations.

The schema is the official OASIS file, vendored in tests/data/sarif/ (see its README).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SAMPLES, run_audit

SCHEMA_FILE = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

SELECT = ("--select", "boilerplate.ad-marker,boilerplate.comment-form")  # only the rules a case is about

# Non-BMP characters before the finding: code-point columns differ from UTF-16 ones.
DOC = "😀😀 Talks [ad_1] resumed.\n\nLeave a Reply\n"


@pytest.fixture(scope="module")
def validator():
    raw = SCHEMA_FILE.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "vendored schema changed"
    schema = json.loads(raw)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.fixture
def sarif(tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    proc = run_audit("check", *SELECT, "--format", "sarif", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def test_sarif_validates_against_the_schema(validator, sarif):
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_sarif_of_the_seed_documents_validates_with_every_rule(validator):
    proc = run_audit("check", "--format", "sarif", "--select", "ALL", *sorted(str(p) for p in SAMPLES.glob("*.txt")))
    assert proc.returncode in (0, 1), proc.stderr
    data = json.loads(proc.stdout)
    assert data["runs"][0]["results"]
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_validator_rejects_broken_sarif(validator, sarif):
    broken = json.loads(json.dumps(sarif))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(broken))) >= 2


def test_results_regions_fixes_and_rules(sarif):
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    results = {r["ruleId"]: r for r in run["results"]}
    ad = results["boilerplate.ad-marker"]
    region = ad["locations"][0]["physicalLocation"]["region"]
    start = DOC.index("[ad_1]")
    assert region["charOffset"] == start and region["charLength"] == len("[ad_1]")
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, start + 1, start + 7)
    assert ad["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "doc.txt"
    replacement = ad["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["charOffset"] == start and replacement["insertedContent"]["text"] == ""
    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted(results)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)


def test_github_annotations(tmp_path):
    (tmp_path / "a,b.txt").write_text("x\n\n[ad_1]\ndone [ad_2]\n", encoding="utf-8")
    proc = run_audit("check", *SELECT, "--format", "github", "a,b.txt", cwd=tmp_path)
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == 2
    assert lines[0].startswith(
        "::warning file=a%2Cb.txt,line=3,col=1,endLine=3,endColumn=6,title=boilerplate.ad-marker (boilerplate)::"
    )
    assert lines[0].endswith('"[ad_1]" -> delete')
    assert ",line=4,col=6," in lines[1]


def test_github_escapes_what_would_break_a_command():
    from audit import Document, Finding, Severity
    from audit.report.github import annotation

    text = "a 100%\nb: c"
    doc = Document(text, path="x.txt")
    f = Finding("x.y", "style", Severity.INFO, 2, 9, text[2:9], "m", ["z"], line=1, column=3)
    line = annotation("dir:x.txt", doc, f)
    assert line.startswith("::notice file=dir%3Ax.txt,line=1,col=3,endLine=2,endColumn=2,")
    assert line.endswith('::m: "100%25%0Ab:" -> "z" (unsafe fix)')
