"""Files, directories and stdin as Documents, with bad input reported, not raised.

Every problem becomes an `InputProblem` with a one-line message naming the file;
the run goes on with the other files and exits 2 at the end. Text is decoded as
UTF-8 exactly (a BOM stays in the text as U+FEFF so offsets agree with any tool
that decodes the file as UTF-8; CRLF stays CRLF).
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..document import Document

DEFAULT_INCLUDE = ("*.txt", "*.md")
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}


@dataclass
class InputProblem:
    """A path that could not be checked; `fatal` problems make the exit status 2."""

    path: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _excluded(rel: str, exclude: Iterable[str]) -> bool:
    parts = rel.split("/")
    return any(
        fnmatch.fnmatch(rel, p)
        or any(fnmatch.fnmatch(part, p) for part in parts)
        or rel.startswith(p.rstrip("/") + "/")
        for p in exclude
    )


def display_path(path: Path) -> str:
    """Paths relative to the working directory when below it, as Ruff prints them."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def discover(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
) -> Iterator[Path | str | InputProblem]:
    """Expand the command-line paths: files as given, directories recursively.

    Yields `Path`s in a stable order, the string "-" for stdin, and
    InputProblems for missing paths and directories with nothing to check.
    """
    include = tuple(include) or DEFAULT_INCLUDE
    exclude = tuple(exclude)
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_file():
            yield path
            continue
        if not path.exists():
            yield InputProblem(raw, "no such file or directory")
            continue
        if not path.is_dir():
            yield InputProblem(raw, "not a regular file or directory")
            continue
        found = 0
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                full = Path(root) / name
                rel = full.relative_to(path).as_posix()
                if _matches(rel, include) and not _excluded(rel, exclude):
                    found += 1
                    yield full
            dirs[:] = [d for d in dirs if not _excluded((Path(root) / d).relative_to(path).as_posix(), exclude)]
        if not found:
            yield InputProblem(raw, f"no files to check (include: {', '.join(include)})")


def decode(data: bytes, name: str) -> Document | InputProblem:
    """UTF-8 text as a Document, or the reason it is not text."""
    if b"\x00" in data:
        return InputProblem(name, "binary file (contains NUL bytes), skipped", fatal=False)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputProblem(name, f"invalid UTF-8 at byte {exc.start} ({exc.reason})")
    return Document(text, path=name)


def read_document(path: Path | str) -> Document | InputProblem:
    """Read one file (or stdin for "-")."""
    if path == "-":
        return decode(sys.stdin.buffer.read(), "-")
    return read_file(path, display_path(Path(path)))


def read_file(path: Path | str, name: str) -> Document | InputProblem:
    """One file as a Document named `name`, or the reason it cannot be read.

    `os.open` and `os.read` of the size `fstat` gives: on a corpus of many small
    files, `Path.read_bytes` cost twice as much (objects and buffering around
    the same system calls).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            chunks = [os.read(fd, os.fstat(fd).st_size + 1)]
            while chunks[-1]:  # to the end: a file may grow, or report no size (/proc, pipes)
                chunks.append(os.read(fd, 1 << 20))
        finally:
            os.close(fd)
    except PermissionError:
        return InputProblem(name, "permission denied")
    except IsADirectoryError:
        return InputProblem(name, "is a directory")
    except OSError as exc:
        return InputProblem(name, f"cannot read: {exc.strerror or exc}")
    return decode(b"".join(chunks), name)


def iter_documents(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
) -> Iterator[Document | InputProblem]:
    """Documents in command-line order; problems in their place, never raised."""
    for item in discover(paths, include, exclude):
        if isinstance(item, InputProblem):
            yield item
        else:
            yield read_document(item)
