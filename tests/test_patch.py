"""Unified diffs that `git apply` and `patch -p1` accept from the repository root, byte for byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from audit.patch import NO_NEWLINE, file_patch, patch_path, unified_diff

# name -> (old text, new text): the awkward shapes a fix can produce.
CASES = {
    "plain.txt": ("a\nb\nc\n", "a\nc\n"),
    "sub/no newline.txt": ("x\ny\n\nLatest Posts", "x\ny"),
    "crlf.txt": ("l1\r\nl2 [ad]\r\nl3\r\n", "l1\r\nl2\r\nl3\r\n"),
    "bom.txt": ("\ufeffHead\n\nBody [x]\n", "\ufeffHead\n\nBody\n"),
    "gains newline.txt": ("p\nq", "p\nq\n"),
    "emptied.txt": ("[ad_1]\n", ""),
    "unicode ✓ é.txt": ("é\nü x\n", "é\nü\n"),
    "tab\tname.txt": ("t\n", "u\n"),
    "far apart.txt": (
        "\n".join(f"line {i}" for i in range(40)) + "\n",
        "\n".join(f"line {i}" for i in range(40) if i not in (3, 30)) + "\n",
    ),
    "lone cr.txt": ("a\rb\nc [x]\n", "a\rb\nc\n"),
}


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=cwd,
        capture_output=True,
        check=check,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name, (old, _new) in CASES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(old.encode("utf-8"))
    _git(root if root.exists() else tmp_path, "init", "-q", str(root))
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    return root


def _patch(root: Path) -> bytes:
    return b"".join(file_patch(old, new, root / name, root) for name, (old, new) in CASES.items())


def _assert_fixed(root: Path) -> None:
    for name, (_old, new) in CASES.items():
        assert (root / name).read_bytes() == new.encode("utf-8"), name


def test_git_apply_accepts_the_patch(repo, tmp_path):
    patch = tmp_path / "fix.patch"
    patch.write_bytes(_patch(repo))
    _git(repo, "apply", "--check", str(patch))
    _git(repo, "apply", str(patch))
    _assert_fixed(repo)
    # and reverses cleanly
    _git(repo, "apply", "-R", str(patch))
    assert _git(repo, "status", "--porcelain").stdout == b""


def test_patch_p1_accepts_the_patch(repo, tmp_path):
    patch = tmp_path / "fix.patch"
    patch.write_bytes(_patch(repo))
    proc = subprocess.run(["patch", "-p1", "-i", str(patch)], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _assert_fixed(repo)


def test_headers_use_a_b_prefixes_and_relative_posix_paths(repo):
    text = unified_diff("x\n", "y\n", patch_path(repo / "sub" / "no newline.txt", repo))
    assert text.splitlines()[:3] == [
        "diff --git a/sub/no newline.txt b/sub/no newline.txt",
        "--- a/sub/no newline.txt\t",
        "+++ b/sub/no newline.txt\t",
    ]


def test_missing_final_newline_is_marked():
    text = unified_diff("a\nb", "a\nc", "f.txt")
    assert text.endswith(f"-b\n{NO_NEWLINE}\n+c\n{NO_NEWLINE}\n")


def test_crlf_lines_keep_their_carriage_returns():
    assert "-l2 [ad]\r\n+l2\r\n" in unified_diff(*CASES["crlf.txt"], "crlf.txt")


def test_no_change_no_diff():
    assert unified_diff("same\n", "same\n", "f.txt") == ""


def test_patch_path_outside_a_git_repository_is_relative_to_the_given_root(tmp_path):
    (tmp_path / "d").mkdir()
    assert patch_path(tmp_path / "d" / "x.txt", tmp_path) == "d/x.txt"


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_patch_path_finds_the_git_root(repo):
    assert patch_path(repo / "sub" / "no newline.txt") == "sub/no newline.txt"
