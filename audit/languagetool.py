"""LanguageTool through language-tool-python's client: chunks, offsets, cache, pool.

LanguageTool is a Java server the user provides (a URL, or `local = true` with
an unpacked release under `LTP_PATH`); nothing here downloads it. Documents are
sent in chunks that end at paragraph breaks and stay under the server's size
limit, a bounded pool of threads sends them concurrently, and answers are
cached by chunk hash for the run. LanguageTool counts offsets in UTF-16 code
units (Java strings); they are converted to code points here, so a match's
`start`/`end` index the Python string directly.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from bisect import bisect_left
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from .errors import ConfigError

SETUP_HINT = (
    "set [tool.audit.languagetool] url = 'http://localhost:8081' for a running server "
    "(docker run -d -p 8081:8010 erikvl87/languagetool) or local = true with LTP_PATH "
    "pointing at an unpacked LanguageTool release"
)
DEFAULT_MAX_CHARS = 15_000
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_LIMIT_RE = re.compile(r"exceeds the limit|too long|413", re.IGNORECASE)
_BREAKS = (
    re.compile(r"\n[ \t\r]*\n\s*"),  # paragraphs
    re.compile(r"\n"),  # lines
    re.compile(r"(?<=[.!?…])\s+"),  # sentences
    re.compile(r"\s+"),  # words
)


class LanguageToolUnavailable(Exception):
    """No LanguageTool could be reached or started; `str()` is one line with the remedy."""


@dataclass(frozen=True)
class LTSettings:
    """`[tool.audit.languagetool]`, validated."""

    url: str | None = None
    local: bool = False
    language: str = "en-US"
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    enabled_only: bool = False
    picky: bool = False
    mother_tongue: str | None = None
    required: bool = False
    max_chars: int = DEFAULT_MAX_CHARS
    workers: int = 4
    timeout: int = 60

    @classmethod
    def from_settings(cls, raw: dict[str, Any] | None) -> LTSettings:
        raw = {str(k).replace("-", "_"): v for k, v in (raw or {}).items()}
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(raw) - known)
        if unknown:
            raise ConfigError(f"languagetool: unknown option {unknown[0]!r} (one of {', '.join(sorted(known))})")
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key in ("enabled_rules", "disabled_rules", "enabled_categories", "disabled_categories"):
                items = value.split(",") if isinstance(value, str) else value
                if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                    raise ConfigError(f"languagetool: {key} must be a list of LanguageTool ids")
                out[key] = tuple(v.strip() for v in items if v.strip())
            elif key in ("local", "required", "enabled_only", "picky"):
                if not isinstance(value, bool):
                    raise ConfigError(f"languagetool: {key} must be true or false")
                out[key] = value
            elif key in ("max_chars", "workers", "timeout"):
                if not isinstance(value, int) or isinstance(value, bool) or value < (200 if key == "max_chars" else 1):
                    raise ConfigError(f"languagetool: {key} must be a positive integer")
                out[key] = value
            else:
                if value is not None and not isinstance(value, str):
                    raise ConfigError(f"languagetool: {key} must be a string")
                out[key] = value or None if key == "url" else value
        return cls(**out)


@dataclass(slots=True)
class LTMatch:
    """One LanguageTool match with code-point offsets into the checked text."""

    start: int
    end: int
    rule_id: str
    category_id: str
    issue_type: str
    message: str
    replacements: list[str] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Java (and LanguageTool) counts it."""
    return len(text) + len(_ASTRAL.findall(text))


class Utf16Offsets:
    """Convert UTF-16 code-unit offsets of `text` to code-point offsets.

    Only characters outside the BMP take two units, so the conversion subtracts
    the number of such characters that start before the offset (an offset that
    falls between the two halves of a pair maps to the start of its character).
    """

    def __init__(self, text: str) -> None:
        self._starts = [m.start() + i for i, m in enumerate(_ASTRAL.finditer(text))]

    def to_cp(self, offset16: int) -> int:
        if not self._starts:
            return offset16
        return offset16 - bisect_left(self._starts, offset16)


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, each under `limit` UTF-16 units.

    Pieces end at paragraph breaks; a paragraph longer than the limit is cut at
    line breaks, then sentence ends, then spaces, and only as a last resort
    inside a word.
    """
    out: list[tuple[int, str]] = []
    _pack(text, 0, len(text), limit, 0, out)
    return out


def _pack(text: str, start: int, end: int, limit: int, level: int, out: list[tuple[int, str]]) -> None:
    if utf16_len(text[start:end]) <= limit:
        if start < end:
            out.append((start, text[start:end]))
        return
    if level == len(_BREAKS):
        step = max(1, limit // 2)  # code points; at most two units each
        for pos in range(start, end, step):
            out.append((pos, text[pos : min(end, pos + step)]))
        return
    cuts = [m.end() for m in _BREAKS[level].finditer(text, start, end) if start < m.end() < end]
    bounds = [start, *cuts, end]
    cur_start, cur_len = start, 0
    for a, b in pairwise(bounds):
        size = utf16_len(text[a:b])
        if cur_len + size <= limit:
            cur_len += size
            continue
        if cur_start < a:
            out.append((cur_start, text[cur_start:a]))
        if size > limit:
            _pack(text, a, b, limit, level + 1, out)
            cur_start, cur_len = b, 0
        else:
            cur_start, cur_len = a, size
    if cur_start < end:
        out.append((cur_start, text[cur_start:end]))


def _local_version() -> str | None:
    """The LanguageTool version unpacked under LTP_PATH (None with LTP_JAR_DIR_PATH).

    language-tool-python downloads a release when it finds none; audit never
    lets it: without an unpacked release the backend is unavailable.
    """
    jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
    if jar_dir and Path(jar_dir).is_dir():
        return None
    root = os.environ.get("LTP_PATH")
    if not root or not Path(root).is_dir():
        raise LanguageToolUnavailable(f"local = true needs LTP_PATH (or LTP_JAR_DIR_PATH); {SETUP_HINT}")
    versions = []
    for p in Path(root).iterdir():
        m = re.fullmatch(r"LanguageTool-(\d+(?:\.\d+)*)", p.name)
        if m and p.is_dir():
            versions.append(tuple(int(x) for x in m.group(1).split(".")))
    if not versions:
        raise LanguageToolUnavailable(f"no unpacked LanguageTool-X.Y directory in LTP_PATH={root}; {SETUP_HINT}")
    return ".".join(map(str, max(versions)))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    refused = re.search(r"Connection refused|Name or service not known|timed out|No route to host", text)
    return refused.group(0).lower() if refused else (text[:160] or type(exc).__name__)


class LanguageToolClient:
    """One connection to LanguageTool per run, shared by every document.

    Thread-safe: chunks go out through a pool of `settings.workers` threads;
    the cache maps a chunk's hash to its matches (chunk-relative offsets).
    """

    def __init__(self, settings: LTSettings) -> None:
        self.settings = settings
        self._tool: Any = None
        self._error: str | None = None
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._cache: dict[str, list[LTMatch]] = {}
        self.requests = 0

    def connect(self) -> None:
        """Reach (or start) LanguageTool now; raises LanguageToolUnavailable."""
        self._connect()

    def _connect(self) -> Any:
        with self._lock:
            if self._error is not None:
                raise LanguageToolUnavailable(self._error)
            if self._tool is not None:
                return self._tool
            try:
                self._tool = self._open()
            except LanguageToolUnavailable as exc:
                self._error = str(exc)
                raise
            self._pool = ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="languagetool")
            return self._tool

    def _open(self) -> Any:
        s = self.settings
        if not s.url and not s.local:
            raise LanguageToolUnavailable(f"LanguageTool is not configured: {SETUP_HINT}")
        import language_tool_python as ltp

        where = s.url or "a local server started from LTP_PATH"
        # the client's own class with audit's request timeout (its default is 300 s)
        client = type("AuditLanguageTool", (ltp.LanguageTool,), {"_TIMEOUT": s.timeout})
        try:
            if s.url:
                tool = client(s.language, remote_server=s.url)
            else:
                version = _local_version()
                kwargs = {"language_tool_download_version": version} if version else {}
                tool = client(s.language, **kwargs)
        except LanguageToolUnavailable:
            raise
        except ValueError as exc:  # unsupported language
            raise LanguageToolUnavailable(f"LanguageTool at {where}: {_one_line(exc)}") from None
        except Exception as exc:
            raise LanguageToolUnavailable(
                f"cannot reach LanguageTool at {where} ({_one_line(exc)}); {SETUP_HINT}"
            ) from None
        tool.enabled_rules = set(s.enabled_rules)
        tool.disabled_rules = set(s.disabled_rules)
        tool.enabled_categories = set(s.enabled_categories)
        tool.disabled_categories = set(s.disabled_categories)
        tool.enabled_rules_only = s.enabled_only
        tool.picky = s.picky
        tool.mother_tongue = s.mother_tongue
        return tool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._tool is not None:
            self._tool.close()
            self._tool = None

    def check(self, text: str) -> list[LTMatch]:
        """Every match in `text`, offsets in code points; raises LanguageToolUnavailable."""
        tool = self._connect()
        pieces = [(off, piece) for off, piece in chunks(text, self.settings.max_chars) if not piece.isspace()]
        keys = [self._key(piece) for _, piece in pieces]
        todo = {k: piece for k, (_, piece) in zip(keys, pieces, strict=True) if k not in self._cache}
        if todo:
            assert self._pool is not None
            limit = self.settings.max_chars
            results = self._pool.map(lambda piece: self._check_piece(tool, piece, limit), todo.values())
            try:
                for key, matches in zip(todo, results, strict=True):
                    self._cache[key] = matches
            except LanguageToolUnavailable as exc:
                self._error = str(exc)  # later documents fail fast instead of waiting again
                raise
            if len(self._cache) > 100_000:
                self._cache.clear()
        out: list[LTMatch] = []
        for (off, _), key in zip(pieces, keys, strict=True):
            for m in self._cache.get(key, []):
                out.append(
                    LTMatch(
                        m.start + off, m.end + off, m.rule_id, m.category_id, m.issue_type, m.message, m.replacements
                    )
                )
        return out

    def _key(self, piece: str) -> str:
        return hashlib.blake2b(piece.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _check_piece(self, tool: Any, piece: str, limit: int) -> list[LTMatch]:
        """One request; a piece the server finds too long is split and retried."""
        from language_tool_python.exceptions import LanguageToolError

        try:
            response = self._query(tool, piece)
        except LanguageToolError as exc:
            if _LIMIT_RE.search(str(exc)) and limit > 200:
                out: list[LTMatch] = []
                for off, sub in chunks(piece, limit // 2):
                    for m in self._check_piece(tool, sub, limit // 2):
                        m.start += off
                        m.end += off
                        out.append(m)
                return out
            raise LanguageToolUnavailable(f"LanguageTool request failed ({_one_line(exc)}); {SETUP_HINT}") from None
        return list(_matches(piece, response.get("matches", [])))

    def _query(self, tool: Any, piece: str) -> dict[str, Any]:
        """The raw JSON answer of /v2/check, through the client's own request code.

        The client's `check()` builds `Match` objects whose offset fix-up keeps
        global state (not thread-safe) and leaves lengths in UTF-16 units, so
        the raw answer is converted here instead.
        """
        self.requests += 1
        url = tool.url.rstrip("/") + "/check"
        params = tool._create_params(piece)
        try:
            return tool._query_server(url, params, method="post")
        except TypeError:  # language-tool-python < 3: no `method`
            return tool._query_server(url, params)


def _matches(text: str, raw: Iterable[dict[str, Any]]) -> Iterable[LTMatch]:
    conv = Utf16Offsets(text)
    for m in raw:
        rule = m.get("rule") or {}
        offset, length = int(m.get("offset", 0)), int(m.get("length", 0))
        start, end = conv.to_cp(offset), conv.to_cp(offset + length)
        if not 0 <= start < end <= len(text):
            continue
        yield LTMatch(
            start=start,
            end=end,
            rule_id=str(rule.get("id", "UNKNOWN")),
            category_id=str((rule.get("category") or {}).get("id", "")),
            issue_type=str(rule.get("issueType", "")),
            message=" ".join(str(m.get("message", "")).split()),
            replacements=[r["value"] for r in m.get("replacements", []) if isinstance(r, dict) and "value" in r],
        )


def category_of(match: LTMatch) -> str:
    """audit's category for a LanguageTool match: spelling, punctuation or grammar.

    LanguageTool's category decides: its issue type "misspelling" also marks
    grammar rules such as EN_A_VS_AN (category MISC), so it counts only when a
    match carries no category.
    """
    if match.category_id == "TYPOS" or (not match.category_id and match.issue_type == "misspelling"):
        return "spelling"
    if match.category_id in ("PUNCTUATION", "TYPOGRAPHY"):
        return "punctuation"
    return "grammar"
