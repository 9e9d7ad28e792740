"""Baselines: record today's findings so that only new ones are reported later.

A finding is identified by its file, rule, flagged text and a fingerprint of the
text around it (a few words either side on its own line, whitespace-normalised),
never by offsets or line numbers, so that edits elsewhere in the file do not
resurrect old findings. Identical findings in identical context are counted, so
a second copy of a known finding is new. Paths are stored relative to the
baseline file's directory, so the baseline works from any working directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .document import Document
from .errors import AuditError
from .fileio import write_bytes_atomic
from .finding import Finding

VERSION = 1
CONTEXT = 24  # code points of context each side, within the finding's line(s)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(doc: Document, f: Finding, context: int = CONTEXT) -> str:
    """A short hash of the finding's surroundings on its own line(s)."""
    line_start, _ = doc.line_bounds(f.start)
    _, line_end = doc.line_bounds(max(f.end - 1, f.start))
    before = doc.text[max(line_start, f.start - context) : f.start]
    after = doc.text[f.end : min(line_end, f.end + context)]
    # Cut to whole words so that an edit next door changes the print only when it touches them.
    if f.start - context > line_start and " " in before:
        before = before.split(" ", 1)[1]
    if f.end + context < line_end and " " in after:
        after = after.rsplit(" ", 1)[0]
    key = "\x1f".join((_norm(before), _norm(f.text), _norm(after)))
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _key_path(path: str, base: Path) -> str:
    """`path` relative to the baseline's directory when it is a real file, else as given."""
    if "#" in path and not os.path.exists(path):
        file_part, _, record = path.partition("#")
        return _key_path(file_part, base) + "#" + record
    if path in ("-", "<string>"):
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _key(path: str, doc: Document, f: Finding) -> tuple[str, str, str, str]:
    return (path, f.rule, f.text, fingerprint(doc, f))


class Baseline:
    """Known findings (as counted keys) read from or written to a JSON file."""

    def __init__(self, path: Path | str, entries: Counter | None = None) -> None:
        self.path = Path(path)
        self.base = self.path.resolve().parent
        self.entries: Counter = entries or Counter()

    @classmethod
    def load(cls, path: Path | str) -> Baseline:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AuditError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except OSError as exc:
            raise AuditError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise AuditError(f"{path}: not a baseline file: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise AuditError(f"{path}: not a baseline file of version {VERSION}")
        entries: Counter = Counter()
        try:
            for row in data["findings"]:
                entries[(row["path"], row["rule"], row["text"], row["fingerprint"])] += int(row.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise AuditError(f"{path}: malformed baseline entry {row!r:.80}") from None
        return cls(path, entries)

    def add(self, doc: Document, findings: Iterable[Finding]) -> None:
        path = _key_path(doc.path, self.base)
        for f in findings:
            self.entries[_key(path, doc, f)] += 1

    def filter(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """The findings of `doc` that the baseline does not account for."""
        if not self.entries:
            return findings
        path = _key_path(doc.path, self.base)
        budget: Counter = Counter()
        fresh = []
        for f in findings:
            key = _key(path, doc, f)
            budget[key] += 1
            if budget[key] > self.entries.get(key, 0):
                fresh.append(f)
        return fresh

    def to_json(self) -> str:
        rows = [
            {"path": p, "rule": r, "text": t, "fingerprint": fp, **({"count": n} if n > 1 else {})}
            for (p, r, t, fp), n in sorted(self.entries.items())
        ]
        return json.dumps({"version": VERSION, "findings": rows}, ensure_ascii=False, indent=1) + "\n"

    def save(self) -> None:
        write_bytes_atomic(self.path, self.to_json().encode("utf-8"))
