"""`re.compile` whose work is kept between runs.

Python parses and compiles a pattern in pure Python; for the few hundred
patterns of the rule packs (some are alternations of hundreds of phrases)
that is over half a second of every start. What `re` produces is a list of
integer opcodes that `_sre.compile` turns into a pattern object, so this module
keeps those opcodes (with the flags and group names) in one file of the user
cache (see `audit.diskcache`) keyed by the Python build, and rebuilds pattern
objects from it directly. The result is the very object `re.compile` returns
(same code, same behaviour); on any Python whose internals differ the module
falls back to `re.compile`. New entries are added to the file when the process
exits, written to a temporary file and renamed into place.
"""

from __future__ import annotations

import _sre
import atexit
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from .diskcache import cache_dir
from .sre import sre_compile as _compiler
from .sre import sre_parse as _parser

_MAX_ENTRIES = 20000
_Entry = tuple  # (final flags, opcodes, group count, group index, index group)

_entries: dict[tuple[str, int], _Entry] | None = None
_added = False
_objects: dict[tuple[str, int], re.Pattern] = {}


def _file() -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.version_info[3]}{sys.version_info[4]}"
    return folder / f"regex-{tag}.marshal"


def _load() -> dict[tuple[str, int], _Entry]:
    global _entries
    if _entries is None:
        _entries = {}
        path = _file()
        if path is not None:
            try:
                loaded = marshal.loads(path.read_bytes())
                if isinstance(loaded, dict):
                    _entries = loaded
            except (OSError, ValueError, EOFError, TypeError):
                pass
    return _entries


def _build(pattern: str, flags: int) -> tuple[re.Pattern, _Entry]:
    """Compile as `re._compiler.compile` does, keeping what `_sre.compile` is given."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry = (
        int(flags | parsed.state.flags),
        [int(c) for c in code],
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _make(pattern, entry), entry


def _make(pattern: str, entry: _Entry) -> re.Pattern:
    final_flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern:
    """`re.compile(pattern, flags)` for str patterns, from the cache when this Python compiled it before."""
    global _added
    flags = int(flags)
    key = (pattern, flags)
    obj = _objects.get(key)
    if obj is not None:
        return obj
    if not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    entries = _load()
    entry = entries.get(key)
    if entry is not None:
        try:
            obj = _make(pattern, entry)
        except Exception:  # an entry this build cannot read: compile afresh
            entry = None
    if entry is None:
        try:
            obj, entry = _build(pattern, flags)
        except re.error:
            raise
        except Exception:  # internals other than this module knows: the plain way
            return re.compile(pattern, flags)
        if len(entries) < _MAX_ENTRIES:
            entries[key] = entry
            _added = True
    _objects[key] = obj
    return obj


def _save() -> None:
    """Write the entries when this process compiled new ones (merged with what others wrote)."""
    if not _added or _entries is None:
        return
    path = _file()
    if path is None:
        return
    merged: dict[tuple[str, int], Any] = {}
    try:
        loaded = marshal.loads(path.read_bytes())
        if isinstance(loaded, dict):
            merged.update(loaded)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    merged.update(_entries)
    if len(merged) > _MAX_ENTRIES:
        merged = dict(_entries)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".regex-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(merged))  # ValueError if an entry holds something odd
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass


atexit.register(_save)
