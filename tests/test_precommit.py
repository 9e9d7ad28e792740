"""The shipped pre-commit hooks, run by the real `pre-commit try-repo` in a temporary git repository.

try-repo installs hooks from a repository's committed HEAD, so the test commits a
snapshot of this working tree (the package, its rules, pyproject and the hooks
file) into a temporary repository and points try-repo at that: it tests exactly
the code under test, committed or not, and needs no history (CI's fresh clone).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

SNAPSHOT = ("audit", "rules", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE")
CLEAN = "The committee met on Tuesday and approved the budget for the coming year.\n"
DIRTY = "The committee met on Tuesday.\n\n[ad_1]\n\nIt approved the budget.\n\nLeave a Reply\n"
FIXED = "The committee met on Tuesday.\n\nIt approved the budget.\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This working tree's package, committed in a throwaway repository."""
    dest = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SNAPSHOT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy(src, dest / name)
    _git(dest, "init", "-q", ".")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "snapshot")
    return dest


@pytest.fixture(scope="module")
def pc_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repo(tmp_path) -> Path:
    repo = tmp_path / "corpus"
    repo.mkdir()
    _git(repo, "init", "-q", ".")
    return repo


def try_repo(hook_repo: Path, pc_home: Path, cwd: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    _git(cwd, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pc_home), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--color", "never", "--files", *files],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_audit_hook_fails_on_a_seed_document(hook_repo, pc_home, user_repo):
    seed = sorted(SAMPLES.glob("003_*.txt"))[0]
    (user_repo / "seed.txt").write_bytes(seed.read_bytes())
    proc = try_repo(hook_repo, pc_home, user_repo, "audit", "seed.txt")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout and "seed.txt:" in proc.stdout and "boilerplate." in proc.stdout


def test_audit_hook_passes_on_a_clean_document(hook_repo, pc_home, user_repo):
    (user_repo / "clean.txt").write_text(CLEAN, encoding="utf-8")
    proc = try_repo(hook_repo, pc_home, user_repo, "audit", "clean.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_audit_fix_hook_rewrites_the_file_and_then_passes(hook_repo, pc_home, user_repo):
    doc = user_repo / "news.md"
    doc.write_text(DIRTY, encoding="utf-8")
    first = try_repo(hook_repo, pc_home, user_repo, "audit-fix", "news.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert doc.read_text(encoding="utf-8") == FIXED
    second = try_repo(hook_repo, pc_home, user_repo, "audit-fix", "news.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert doc.read_text(encoding="utf-8") == FIXED
