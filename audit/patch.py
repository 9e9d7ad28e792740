"""Unified diffs of fixes that `git apply` and `patch -p1` accept from the repository root.

Paths are relative to the root (the enclosing git work tree, else the working
directory) with `a/` and `b/` prefixes; names that need it are C-quoted as git
does. Lines keep their own endings (a CRLF file's diff carries CRLF), a last line
without a newline is marked `\\ No newline at end of file`, and the diff is
bytes in the file's encoding so that it applies byte for byte.
"""

from __future__ import annotations

import difflib
import os
import subprocess
from functools import lru_cache
from pathlib import Path

NO_NEWLINE = "\\ No newline at end of file"


@lru_cache(maxsize=64)
def _git_root(directory: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=directory,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def repo_root(start: Path | str | None = None) -> Path:
    """The directory a patch is applied from: the git work tree holding `start`, else cwd."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    root = _git_root(str(here)) if here.is_dir() else None
    return Path(root) if root else Path.cwd().resolve()


def patch_path(path: Path | str, root: Path | str | None = None) -> str:
    """`path` relative to `root` in POSIX form (absolute paths outside it stay as they are)."""
    path = Path(path)
    full = Path(os.path.realpath(path.parent or ".")) / path.name
    base = Path(os.path.realpath(root if root is not None else repo_root(full.parent)))
    return full.relative_to(base).as_posix() if full.is_relative_to(base) else full.as_posix()


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\a": "\\a", "\b": "\\b"}


def _quote(name: str) -> str:
    """Git's C-style quoting for names with specials; plain names stay plain."""
    if not any(c in _ESCAPES or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return name
    out = []
    for c in name:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\{ord(c):03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _lines(text: str) -> list[str]:
    """Lines with their endings; only `\\n` ends a line (as for git and patch)."""
    if not text:
        return []
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(old: str, new: str, path: str, context: int = 3) -> str:
    """The unified diff turning `old` into `new` for the file at relative `path` ("" when equal)."""
    if old == new:
        return ""
    a, b = _lines(old), _lines(new)
    out: list[str] = []
    has_space = " " in path
    a_name, b_name = _quote("a/" + path), _quote("b/" + path)
    out.append(f"diff --git {a_name} {b_name}\n")
    # A tab after a name with spaces tells `patch` where the name ends.
    out.append(f"--- {a_name}{chr(9) if has_space else ''}\n")
    out.append(f"+++ {b_name}{chr(9) if has_space else ''}\n")
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        i1, i2 = group[0][1], group[-1][2]
        j1, j2 = group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out.extend(_emit(" ", a[x1:x2]))
                continue
            if tag in ("replace", "delete"):
                out.extend(_emit("-", a[x1:x2]))
            if tag in ("replace", "insert"):
                out.extend(_emit("+", b[y1:y2]))
    return "".join(out)


def _range(start: int, stop: int) -> str:
    length = stop - start
    first = start + 1 if length else start
    return f"{first}" if length == 1 else f"{first},{length}"


def _emit(mark: str, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(mark + line)
        else:
            out.append(mark + line + "\n" + NO_NEWLINE + "\n")
    return out


def file_patch(old: str, new: str, path: Path | str, root: Path | str | None = None, encoding: str = "utf-8") -> bytes:
    """The diff for one file as bytes, ready to concatenate into a patch file."""
    return unified_diff(old, new, patch_path(path, root)).encode(encoding, errors="surrogateescape")
