"""Shared helpers: run the real `audit` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"


def run_audit(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """`python -m audit ARGS` as a user runs it; returns the CompletedProcess (text)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "audit", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=300,
    )
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture
def audit_cli():
    return run_audit
