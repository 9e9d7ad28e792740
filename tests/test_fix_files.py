"""Fixes keep what they must not change: encoding, BOM, line endings, trailing newline,
permissions, symlinks; writes are atomic; a read-only file or a full disk is a one-line
error that leaves the original intact."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys

import pytest
from conftest import ROOT, run_audit

from audit.errors import AuditError
from audit.fileio import read_text, write_bytes_atomic, write_text

BODY = "Talks resumed.\n\n[ad_1]\n\nLeave a Reply\n\nThe end, café.\n"
FIXED = "Talks resumed.\n\nThe end, café.\n"

SELECT = ("--select", "boilerplate.ad-marker,boilerplate.comment-form")  # only the rules a case is about


@pytest.mark.parametrize(
    ("name", "raw", "want"),
    [
        ("lf", BODY.encode(), FIXED.encode()),
        ("crlf", BODY.replace("\n", "\r\n").encode(), FIXED.replace("\n", "\r\n").encode()),
        ("bom", b"\xef\xbb\xbf" + BODY.encode(), b"\xef\xbb\xbf" + FIXED.encode()),
        ("no-final-newline", BODY.rstrip("\n").encode(), FIXED.rstrip("\n").encode()),
        (
            "bom-crlf-no-newline",
            b"\xef\xbb\xbf" + BODY.rstrip("\n").replace("\n", "\r\n").encode(),
            b"\xef\xbb\xbf" + FIXED.rstrip("\n").replace("\n", "\r\n").encode(),
        ),
    ],
)
def test_fix_keeps_encoding_bom_line_endings_and_final_newline(tmp_path, name, raw, want):
    f = tmp_path / f"{name}.txt"
    f.write_bytes(raw)
    proc = run_audit("check", *SELECT, "--fix", f.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f.read_bytes() == want


def test_fix_keeps_permissions_and_symlinks(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(BODY, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    proc = run_audit("check", *SELECT, "--fix", "link.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if "audit-tmp" in p.name] == []


def test_read_only_file_is_a_one_line_error_and_stays_intact(tmp_path):
    f = tmp_path / "ro.txt"
    f.write_text(BODY, encoding="utf-8")
    os.chmod(f, 0o444)
    proc = run_audit("check", *SELECT, "--fix", "ro.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "read-only" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert f.read_text(encoding="utf-8") == BODY
    with pytest.raises(AuditError, match="read-only"):
        write_text(read_text(f), FIXED)


def _fill_script(mount: str, target: str) -> str:
    """Shell: a 64 KiB tmpfs, the document on it, the rest filled up, then audit --fix."""
    exe = f"{sys.executable} -m audit"
    return (
        f"mount -t tmpfs -o size=64k tmpfs {mount} && cp {target} {mount}/doc.txt && "
        f"(dd if=/dev/zero of={mount}/fill bs=1k count=1000 2>/dev/null; true) && "
        f"cd {mount} && {exe} check --select boilerplate.ad-marker --fix doc.txt; "
        f'echo "rc=$?"; cat doc.txt > {target}.after'
    )


def test_full_disk_is_a_one_line_error_and_leaves_the_original(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text(BODY * 20, encoding="utf-8")
    mount = tmp_path / "mnt"
    mount.mkdir()
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    unshare = shutil.which("unshare")
    proc = None
    if unshare and os.geteuid() == 0:
        proc = subprocess.run(
            [unshare, "-m", "sh", "-c", _fill_script(str(mount), str(src))],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    if proc is None or "rc=" not in proc.stdout:
        # No mount namespace here: a file-size limit gives the same failed write (EFBIG).
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

        work = tmp_path / "w"
        work.mkdir()
        shutil.copy(src, work / "doc.txt")
        run = subprocess.run(
            [sys.executable, "-m", "audit", "check", "--select", "boilerplate.ad-marker", "--fix", "doc.txt"],
            cwd=work,
            capture_output=True,
            text=True,
            env=env,
            preexec_fn=limit,
            timeout=120,
        )
        proc = subprocess.CompletedProcess(run.args, 0, f"rc={run.returncode}\n", run.stderr)
        (tmp_path / "doc.txt.after").write_bytes((work / "doc.txt").read_bytes())
        leftovers = [p.name for p in work.iterdir() if p.name != "doc.txt"]
        assert leftovers == []
    assert "rc=2" in proc.stdout, proc.stdout + proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("audit:")]
    assert len(errors) == 1 and "cannot write" in errors[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "doc.txt.after").read_bytes() == src.read_bytes()


def test_atomic_write_leaves_no_temporary_file_on_failure(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    with pytest.raises(AuditError, match="cannot write"):
        write_bytes_atomic(d / "missing-dir" / "x.txt", b"x")
    assert list(d.iterdir()) == []
    target = d / "x.txt"
    write_bytes_atomic(target, b"one")
    write_bytes_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in d.iterdir()] == ["x.txt"]


def test_invalid_utf8_is_not_fixed(tmp_path):
    f = tmp_path / "bad.txt"
    raw = b"[ad_1] caf\xe9\n"
    f.write_bytes(raw)
    proc = run_audit("check", *SELECT, "--fix", "bad.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "invalid UTF-8" in proc.stderr
    assert f.read_bytes() == raw
