"""The `audit check` command as users and scripts meet it: formats, exit codes, bad input."""

from __future__ import annotations

import json

from conftest import ROOT, SAMPLES

SEED = "samples/003_3875d9b5bdc13eeb.txt"
AD_ONLY = ["--select", "boilerplate.ad-marker"]


def test_json_output_follows_the_contract(audit_cli):
    proc = audit_cli("check", "--format", "json", *AD_ONLY, SEED)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["version"] == 1
    (entry,) = report["files"]
    assert entry["path"] == SEED
    text = (ROOT / SEED).read_text(encoding="utf-8")
    for f in entry["findings"]:
        assert set(f) >= {"rule", "category", "severity", "start", "end", "line", "column", "text", "message"}
        assert set(f) >= {"suggestions", "confidence"}
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["rule"] == "boilerplate.ad-marker" and f["suggestions"] == [""]
    assert [f["text"] for f in entry["findings"]] == ["[ad_1]", "[ad_2]"]
    assert report["summary"] == {"files": 1, "findings": 2, "by_category": {"boilerplate": 2}}


def test_jsonl_adds_the_path_to_each_finding(audit_cli):
    proc = audit_cli("check", "--format", "jsonl", *AD_ONLY, SEED)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["path"] for r in rows] == [SEED, SEED]
    assert rows[0]["line"] == 5 and rows[0]["column"] == 1


def test_exit_zero_when_nothing_fails(audit_cli, tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("The talks in Geneva ended on Friday.\n", encoding="utf-8")
    proc = audit_cli("check", str(clean))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All checks passed" in proc.stdout


def test_fail_on_error_ignores_warnings(audit_cli):
    assert audit_cli("check", *AD_ONLY, "--fail-on", "error", SEED).returncode == 0
    assert audit_cli("check", *AD_ONLY, "--fail-on", "warning", SEED).returncode == 1
    bad = audit_cli("check", "--fail-on", "fatal", SEED)
    assert bad.returncode == 2 and "severity" in bad.stderr


def test_unknown_selector_is_a_usage_error(audit_cli):
    proc = audit_cli("check", "--select", "no-such-rule", SEED)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "audit: unknown rule selector 'no-such-rule' (see `audit rules`)"


def test_select_ignore_by_category_and_prefix(audit_cli):
    only = audit_cli("check", "--format", "jsonl", "--select", "boilerplate", "--ignore", "boilerplate.ad", SEED)
    assert "boilerplate.ad-marker" not in only.stdout
    again = audit_cli(
        "check", "--format", "jsonl", "--select", "boilerplate.ad-marker", "--ignore", "boilerplate", SEED
    )
    assert again.stdout.count("boilerplate.ad-marker") == 2  # the more specific selector wins, as in Ruff


def test_stdin_is_a_document(audit_cli):
    proc = audit_cli("check", "--format", "jsonl", *AD_ONLY, "-", stdin=b"Intro [ad_1] outro\n")
    (row,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert row["path"] == "-" and row["start"] == 6 and row["text"] == "[ad_1]"


def test_bad_input_is_one_line_each_and_others_still_checked(audit_cli, tmp_path):
    (tmp_path / "good.txt").write_text("News [ad_1] here\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 [ad_1]\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = audit_cli("check", "--format", "jsonl", *AD_ONLY, str(tmp_path), str(tmp_path / "missing.txt"))
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert any(line.endswith("latin1.txt: invalid UTF-8 at byte 3 (invalid continuation byte)") for line in errors)
    assert any("binary.txt: binary file (contains NUL bytes), skipped" in line for line in errors)
    assert any(line.endswith("missing.txt: no such file or directory") for line in errors)
    assert len(errors) == 3 and "Traceback" not in proc.stderr
    assert [json.loads(x)["path"].endswith("good.txt") for x in proc.stdout.splitlines()] == [True]


def test_directory_without_matching_files(audit_cli, tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    proc = audit_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert "no files to check (include: *.txt, *.md)" in proc.stderr


def test_include_and_exclude_globs(audit_cli, tmp_path):
    (tmp_path / "a.csv").write_text("x [ad_1]\n", encoding="utf-8")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "b.txt").write_text("y [ad_1]\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("z [ad_1]\n", encoding="utf-8")
    proc = audit_cli(
        "check", "--format", "jsonl", *AD_ONLY, "--include", "*.csv,*.txt", "--exclude", "skip", str(tmp_path)
    )
    paths = sorted(json.loads(x)["path"].rsplit("/", 1)[-1] for x in proc.stdout.splitlines())
    assert paths == ["a.csv", "c.txt"]


def test_bom_and_crlf_keep_code_point_offsets_and_lines(audit_cli, tmp_path):
    path = tmp_path / "crlf.txt"
    text = "\ufeffFirst line\r\nSecond [ad_1] line\r\n"
    path.write_bytes(text.encode("utf-8"))
    proc = audit_cli("check", "--format", "jsonl", *AD_ONLY, str(path))
    (row,) = [json.loads(x) for x in proc.stdout.splitlines()]
    decoded = path.read_bytes().decode("utf-8")
    assert decoded[row["start"] : row["end"]] == "[ad_1]"
    assert (row["line"], row["column"]) == (2, 8)


def test_statistics_counts_per_rule(audit_cli):
    proc = audit_cli("check", "--statistics", *AD_ONLY, SEED)
    assert proc.returncode == 1
    assert "2  boilerplate.ad-marker" in " ".join(proc.stdout.split("  ")) or "boilerplate.ad-marker" in proc.stdout
    assert "[ad_1]" not in proc.stdout


def test_html_report_is_self_contained(audit_cli, tmp_path):
    page = tmp_path / "report.html"
    proc = audit_cli("check", "--format", "rich", *AD_ONLY, "--html", str(page), SEED)
    assert proc.returncode == 1
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "boilerplate.ad-marker" in html and "<script" not in html


def test_rules_and_rule_docs(audit_cli):
    listing = audit_cli("rules", "--format", "json")
    rows = json.loads(listing.stdout)
    assert any(r["code"] == "boilerplate.ad-marker" for r in rows)
    doc = audit_cli("rule", "boilerplate.ad-marker")
    assert doc.returncode == 0 and "Flags:" in doc.stdout and "Passes:" in doc.stdout
    missing = audit_cli("rule", "nope.nothing")
    assert missing.returncode == 2 and "unknown rule 'nope.nothing'" in missing.stderr


def test_samples_directory_runs_clean_of_errors(audit_cli):
    proc = audit_cli("check", "--format", "json", str(SAMPLES))
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["summary"]["files"] >= 5


def test_markdown_code_and_link_targets_are_not_prose(audit_cli, tmp_path):
    body = "Intro `[ad_1]` and [a link](https://x.example/[ad_2]).\n\n```\n[ad_3]\n```\n\nProse [ad_4] here.\n"
    (tmp_path / "page.md").write_text(body, encoding="utf-8")
    (tmp_path / "page.txt").write_text(body, encoding="utf-8")
    proc = audit_cli("check", "--format", "jsonl", *AD_ONLY, str(tmp_path))
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    md = [r["text"] for r in rows if r["path"].endswith(".md")]
    txt = [r["text"] for r in rows if r["path"].endswith(".txt")]
    assert md == ["[ad_4]"]
    assert txt == ["[ad_1]", "[ad_2]", "[ad_3]", "[ad_4]"]
