"""`audit check --fix --interactive` in a real pseudo-terminal: accept, reject, edit, skip file, quit."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

SELECT = "boilerplate.ad-marker,boilerplate.comment-form"
DOC = "A [ad_1] b.\n\n[ad_2]\n\nC [ad_3] d.\n\nLeave a Reply\n"
PROMPT = b"[q]uit? "
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A child process on a pty: read what it shows, type answers."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(TERM="xterm-256color", COLUMNS="100", LINES="40", PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "audit", *args], cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env
        )
        os.close(slave)
        self.screen = b""

    def read_until(self, marker: bytes, timeout: float = 60) -> bytes:
        deadline = time.monotonic() + timeout
        start = len(self.screen)
        while marker not in self.screen[start:]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} on screen:\n{self.screen.decode(errors='replace')}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"terminal closed:\n{self.screen.decode(errors='replace')}")
                self.screen += chunk
        return self.screen[start:]

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def finish(self, timeout: float = 60) -> int:
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 1)
                if ready:
                    try:
                        chunk = os.read(self.master, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    self.screen += chunk
                elif self.proc.poll() is not None:
                    break
            return self.proc.wait(timeout=timeout)
        finally:
            os.close(self.master)

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.screen).decode("utf-8", "replace")


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_accept_reject_edit_then_quit(doc):
    term = Terminal(["check", "--select", SELECT, "--fix", "--interactive", "doc.txt"], doc.parent)
    first = term.read_until(PROMPT)
    assert b"\x1b[" in first, "a terminal gets the coloured inline diff"
    assert "[1/4, safe fix]" in ANSI.sub(b"", first).decode()
    term.type("a")
    term.read_until(PROMPT)
    term.type("r")
    term.read_until(PROMPT)
    term.type("e")
    term.read_until(b"delete): ")
    term.type("X")
    term.read_until(PROMPT)
    term.type("q")
    code = term.finish()
    assert doc.read_text(encoding="utf-8") == "A b.\n\n[ad_2]\n\nC X d.\n\nLeave a Reply\n"
    assert "Fixed 2 findings in 1 file(s)" in term.text
    assert code == 1  # [ad_2] and Leave a Reply remain


def test_skip_file_keeps_what_was_accepted_and_asks_again_on_nonsense(doc):
    term = Terminal(["check", "--select", SELECT, "--fix", "--interactive", "doc.txt"], doc.parent)
    term.read_until(PROMPT)
    term.type("maybe")
    term.read_until(b"please answer one of")
    term.type("a")
    term.read_until(PROMPT)
    term.type("s")
    term.finish()
    assert doc.read_text(encoding="utf-8") == "A b.\n\n[ad_2]\n\nC [ad_3] d.\n\nLeave a Reply\n"


def test_accept_all_fixes_the_file(doc):
    term = Terminal(["check", "--select", SELECT, "--fix", "--interactive", "doc.txt"], doc.parent)
    for _ in range(4):
        term.read_until(PROMPT)
        term.type("a")
    code = term.finish()
    assert doc.read_text(encoding="utf-8") == "A b.\n\nC d.\n"
    assert code == 0


def test_interactive_without_a_terminal_is_a_usage_error(doc):
    proc = subprocess.run(
        [sys.executable, "-m", "audit", "check", "--fix", "--interactive", "doc.txt"],
        cwd=doc.parent,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 2 and "terminal" in proc.stderr
    assert doc.read_text(encoding="utf-8") == DOC
