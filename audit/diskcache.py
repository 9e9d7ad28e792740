"""Tables derived from installed data, kept between runs so start-up does not rebuild them.

Ruff keeps `.ruff_cache`; audit keeps what it derives from its dependencies'
data (wordfreq's English list, for one) in the user's cache directory
(`$XDG_CACHE_HOME/audit`, else `~/.cache/audit`). An entry's name carries a hash
of everything it is derived from (the caller's key: data file sizes and
mtimes, the source of the code that builds it, the Python version), so a stale
entry is never read: a changed input is a different file. Entries are written
to a temporary file and renamed into place, so a crash or a second process
never leaves half an entry. An unwritable directory only costs the rebuild.

`AUDIT_CACHE_DIR` moves the directory; `AUDIT_NO_CACHE=1` turns caching off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
V = TypeVar("V")


def cache_dir() -> Path | None:
    """Where entries live, or None when caching is off."""
    if os.environ.get("AUDIT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("AUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "audit"


def source_hash(*files: str | Path) -> str:
    """A short hash of source files: code that builds an entry is part of its key."""
    h = hashlib.sha256()
    for f in files:
        h.update(Path(f).read_bytes())
    return h.hexdigest()[:16]


def file_stamp(path: str | Path) -> str:
    """Size and mtime of an input file (cheap: no read)."""
    st = os.stat(path)
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def load_or_build(name: str, key: str, build: Callable[[], bytes]) -> bytes:
    """The bytes cached under (name, key), built by `build()` and stored when missing."""
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(f"{key}|{sys.version}".encode()).hexdigest()[:20]
    entry = folder / f"{name}-{digest}.bin"
    try:
        with open(entry, "rb") as fh:
            # Entries are pickles and opcodes: one another user could have written is not read.
            if not hasattr(os, "getuid") or os.fstat(fh.fileno()).st_uid == os.getuid():
                return fh.read()
    except OSError:
        pass
    data = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: the table was built, it just is not kept
    return data


def stored_object(name: str, key: str, build: Callable[[], T], kind: type | tuple[type, ...] = object) -> T:
    """`build()`, or the object a former run stored under (name, key), pickled.

    A damaged or foreign entry (it does not unpickle to `kind`) is not trusted:
    the object is built again.
    """
    built: list[T] = []

    def dump() -> bytes:
        built.append(build())
        return pickle.dumps(built[0], protocol=pickle.HIGHEST_PROTOCOL)

    try:
        data = load_or_build(name, key, dump)
    except (pickle.PicklingError, TypeError, AttributeError, KeyError, RecursionError):
        if built:
            return built[0]  # built, but it does not pickle: used, not kept
        raise
    if built:
        return built[0]
    try:
        value = pickle.loads(data)
    except Exception:
        return build()
    return value if isinstance(value, kind) else build()


def stored_table(
    name: str, keys: Iterable[str], compute: Callable[[str], V], code: Iterable[Path], extra: str = ""
) -> dict[str, V]:
    """`{key: compute(key)}` for the distinct keys, kept between runs.

    For analyses of rule patterns: the entry is keyed by the keys themselves,
    the source of `code` (what computes them) and `extra` (other inputs).
    """
    unique = sorted(set(keys))

    def build() -> dict[str, V]:
        return {key: compute(key) for key in unique}

    if not unique:
        return {}
    try:
        stamp = "|".join([source_hash(*code), extra, *unique])
    except OSError:
        return build()
    stored = stored_object(name, stamp, build, dict)
    return stored if set(stored) == set(unique) else build()


def wordfreq_stamp() -> str:
    """wordfreq's installed code and English list: values derived from it change with them."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return "no wordfreq"
    folder = Path(spec.origin).parent
    try:
        return "|".join(file_stamp(p) for p in (folder / "__init__.py", folder / "data" / "large_en.msgpack.gz"))
    except OSError:
        return "wordfreq without data"
