"""The package as users install it: rule packs inside the wheel, code lint-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT


def test_wheel_ships_the_rule_packs(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("audit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*.y*ml"))
    assert packs, "no rule packs in rules/"
    missing = [p for p in packs if f"audit/{p}" not in names]
    assert missing == []
    assert "audit/cli.py" in names


@pytest.mark.skipif(shutil.which("ruff") is None and not (ROOT / ".venv/bin/ruff").exists(), reason="ruff missing")
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff_clean(command):
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    proc = subprocess.run([ruff, *command, "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
