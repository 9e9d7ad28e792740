"""Read a text file with what it takes to write it back the same way; write atomically.

Decoding matches `sources/files.py`: strict UTF-8, a BOM kept in the text as
U+FEFF (so offsets agree with the check), CRLF kept as CRLF. `TextFile` records
the BOM, the line ending, the trailing newline and the permissions, and
`write_text` restores what a fix must not change. Writes go to a temporary file
in the same directory and `os.replace` it over the original, so an interrupted
run leaves each file either untouched or fully written; any failure is an
`AuditError` with one line, and the original is left intact.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import AuditError

BOM = "\ufeff"


@dataclass
class TextFile:
    """A decoded file and the facts needed to write it back faithfully."""

    path: Path
    text: str
    raw: bytes
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    trailing_newline: bool = False
    mode: int = 0o644

    @property
    def body(self) -> str:
        """The text without its BOM."""
        return self.text[1:] if self.bom else self.text


def newline_of(text: str) -> str:
    """The dominant line ending: CRLF when at least half the breaks are CRLF."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> TextFile:
    """Decode as the checker does, or raise a one-line AuditError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditError(f"{path}: invalid UTF-8 at byte {exc.start} ({exc.reason})") from None
    return TextFile(
        path=Path(path),
        text=text,
        raw=data,
        bom=text.startswith(BOM),
        newline=newline_of(text),
        trailing_newline=text.endswith("\n"),
    )


def read_text(path: Path | str) -> TextFile:
    """Read and decode `path` (following symlinks), keeping its metadata."""
    path = Path(path)
    try:
        data = path.read_bytes()
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        raise AuditError(f"{path}: cannot read: {exc.strerror or exc}") from None
    tf = decode_bytes(data, path)
    tf.mode = mode
    return tf


def encode(tf: TextFile, text: str) -> bytes:
    """`text` as bytes in `tf`'s encoding, with its BOM put back if a fix dropped it."""
    if tf.bom and not text.startswith(BOM):
        text = BOM + text
    return text.encode(tf.encoding)


def _writable(path: Path) -> None:
    """Refuse read-only files even when running as root (os.replace would not care)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise AuditError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise AuditError(f"{path}: cannot write: file is read-only")


def write_bytes_atomic(path: Path | str, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` via a temporary file in the same directory.

    Keeps permissions (and ownership when allowed). On any error the temporary
    file is removed, the original stays as it was, and AuditError says why.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))
    _writable(target)
    try:
        st = target.stat()
    except OSError:
        st = None
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st else 0o644
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".audit-tmp")
    except OSError as exc:
        raise AuditError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if st is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        reason = exc.strerror or str(exc)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            reason = f"{reason} (disk full or file too large); file left unchanged"
        raise AuditError(f"{path}: cannot write: {reason}") from None


def write_text(tf: TextFile, text: str) -> bool:
    """Write fixed `text` back to `tf.path` if it changed; True when written."""
    data = encode(tf, text)
    if data == tf.raw:
        return False
    write_bytes_atomic(tf.path, data, tf.mode)
    return True
