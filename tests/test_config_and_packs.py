"""Configuration discovery and rule-pack validation, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from audit import Auditor, Document
from audit.errors import PackError

BAD = ROOT / "tests" / "data" / "bad_packs"
EXPECTED = yaml.safe_load((BAD / "expected.yml").read_text(encoding="utf-8"))
DOC = "Talks in Kiev [ad_1] ended.\n"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_pack_is_one_line_naming_file_and_rule(audit_cli, tmp_path, name):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "audit.toml").write_text(f'rule-packs = ["{BAD / name}"]\n', encoding="utf-8")
    proc = audit_cli("check", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(f"audit: {BAD / name}: ")
    assert EXPECTED[name] in lines[0]


def test_duplicate_code_names_both_files(tmp_path):
    pack = ROOT / "tests" / "data" / "packs" / "user_pack.yml"
    copy = tmp_path / "copy.yml"
    copy.write_text(pack.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PackError, match=r"rule house.kiev: already defined in .*user_pack.yml"):
        Auditor(rule_packs=[pack, copy])


def test_pyproject_table_selects_and_adds_packs(audit_cli, tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    pack = ROOT / "tests" / "data" / "packs" / "user_pack.yml"
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "corpus"\n\n[tool.audit]\nselect = ["house"]\nrule-packs = ["{pack}"]\n',
        encoding="utf-8",
    )
    sub = tmp_path / "nested" / "deeper"
    sub.mkdir(parents=True)
    proc = audit_cli("check", "--format", "jsonl", "--fail-on", "info", "../../doc.txt", cwd=sub)
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [(r["rule"], r["text"], r["suggestions"]) for r in rows] == [("house.kiev", "Kiev", ["Kyiv"])]
    assert proc.returncode == 1


def test_explicit_config_overrides_discovery(audit_cli, tmp_path):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "audit.toml").write_text('select = ["no-such"]\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('select = ["boilerplate.ad-marker"]\n', encoding="utf-8")
    proc = audit_cli("check", "--format", "jsonl", "--config", str(other), "doc.txt", cwd=tmp_path)
    assert [json.loads(x)["text"] for x in proc.stdout.splitlines()] == ["[ad_1]"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["x"]\n', "unknown option 'selct'"),
        ("select = 3\n", "option 'select' must be a list of strings"),
        ("select = [\n", "invalid TOML"),
        ('per-file-ignores = {"*.txt" = 3}\n', "must be a list of rule codes"),
    ],
)
def test_bad_config_is_a_one_line_error(audit_cli, tmp_path, content, message):
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "audit.toml").write_text(content, encoding="utf-8")
    proc = audit_cli("check", "doc.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr


def test_per_file_ignores_and_allow_list(tmp_path):
    pack = ROOT / "tests" / "data" / "packs" / "user_pack.yml"
    auditor = Auditor(
        select=["house", "boilerplate.ad-marker"], rule_packs=[pack], per_file_ignores={"legacy/*": ["house"]}
    )
    assert {f.rule for f in auditor.check(Document(DOC, path="legacy/a.txt"))} == {"boilerplate.ad-marker"}
    assert {f.rule for f in auditor.check(Document(DOC, path="new/a.txt"))} == {"house.kiev", "boilerplate.ad-marker"}
    allowing = Auditor(select=["house"], rule_packs=[pack], allow=["kiev"])
    assert allowing.check(Document(DOC)) == []


def test_auditor_pickles_and_audit_text_is_the_simple_api():
    import pickle

    from audit import audit_text

    auditor = Auditor(select=["boilerplate.ad-marker"])
    clone = pickle.loads(pickle.dumps(auditor))
    assert [f.text for f in clone.check(Document(DOC))] == ["[ad_1]"]
    assert any(f.text == "[ad_1]" for f in audit_text(DOC))


def test_user_pack_path_relative_to_config(tmp_path):
    rel = Path("packs") / "mine.yml"
    (tmp_path / "packs").mkdir()
    (tmp_path / rel).write_text((ROOT / "tests/data/packs/user_pack.yml").read_text(encoding="utf-8"), encoding="utf-8")
    auditor = Auditor(select=["house"], rule_packs=[rel], base_dir=tmp_path)
    assert [f.suggestions for f in auditor.check(Document(DOC))] == [["Kyiv"]]
