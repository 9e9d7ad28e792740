"""The README's examples work as written."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_the_multiprocessing_example_runs_and_finds_the_defects(tmp_path):
    (block,) = [b for b in PYTHON_BLOCKS if "multiprocessing" in b]
    script = tmp_path / "example.py"
    script.write_text(block, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "entity.known-misspelling" in proc.stdout and "boilerplate.ad-marker" in proc.stdout


def test_the_readme_documents_every_workflow_the_issues_name():
    for command in ("--fix", "--unsafe-fixes", "--diff", "--patch", "git apply", "--write-baseline", "--baseline"):
        assert command in README, command
    for topic in ("pre-commit-config.yaml", "--format sarif", "LTP_PATH", "entities = [", "--engine dask"):
        assert topic in README, topic
    assert "bench/run.py" in README
