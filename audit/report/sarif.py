"""SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and others).

One rule entry per rule that reported (with its message, rationale and examples
as help), one result per finding. Columns are counted in Unicode code points,
as everywhere in audit, and the run says so (`columnKind: unicodeCodePoints`);
`charOffset`/`charLength` give the same span as offsets. Fixable findings carry
a `fixes` entry whose replacement deletes the span and inserts the suggestion.
Paths are relative to the repository root (`%SRCROOT%`), as uploaders expect.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from .. import __version__
from ..baseline import fingerprint
from ..document import Document
from ..finding import Finding, Severity
from ..patch import patch_path, repo_root
from . import Reporter, Summary

if TYPE_CHECKING:
    from ..packs import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_name(code: str) -> str:
    """`boilerplate.ad-marker` -> `BoilerplateAdMarker` (SARIF's optional friendly name)."""
    return "".join(part.capitalize() for part in code.replace(".", "-").split("-") if part)


def rule_descriptor(code: str, rule: Rule | None, message: str = "") -> dict:
    """The reportingDescriptor for one rule: its docs as plain text and markdown."""
    if rule is None:
        return {"id": code, "name": _rule_name(code), "shortDescription": {"text": message or code}}
    lines = [rule.message]
    if rule.rationale:
        lines += ["", rule.rationale.strip()]
    examples = rule.examples.get("flag", [])[:3]
    if examples:
        lines += ["", "Flags:"]
        lines += ["    " + (ex["text"] if isinstance(ex, dict) else ex).strip().replace("\n", "\\n") for ex in examples]
    text = "\n".join(lines)
    return {
        "id": rule.code,
        "name": _rule_name(rule.code),
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": (rule.rationale or rule.message).strip()},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.default},
        "properties": {"category": rule.category, "fix": rule.fix, "tags": [rule.category]},
    }


class SarifReporter(Reporter):
    """Streams results as files arrive; rule descriptors follow once all are known."""

    def __init__(self, out: TextIO, rules: dict[str, Rule] | None = None, root: Path | None = None) -> None:
        self.out = out
        self.rules = rules or {}
        self.root = root or repo_root()
        self.index: dict[str, int] = {}
        self.messages: dict[str, str] = {}
        self.count = 0

    def begin(self) -> None:
        self.out.write('{\n "$schema": "' + SCHEMA + '",\n "version": "2.1.0",\n "runs": [{\n  "results": [')

    def _uri(self, path: str) -> str:
        if path in ("-", "<string>"):
            return "stdin"
        file_part, sep, record = path.partition("#")
        rel = patch_path(file_part, self.root) if Path(file_part).exists() else Path(file_part).as_posix()
        uri = quote(rel, safe="/")
        return uri + ("#" + quote(record, safe="") if sep else "")

    def _region(self, doc: Document, start: int, end: int) -> dict:
        line, col = doc.line_col(start)
        end_line, end_col = doc.line_col(end)
        return {
            "startLine": line,
            "startColumn": col,
            "endLine": end_line,
            "endColumn": end_col,
            "charOffset": start,
            "charLength": end - start,
        }

    def result(self, doc: Document, f: Finding, uri: str) -> dict:
        if f.rule not in self.index:
            self.index[f.rule] = len(self.index)
            self.messages[f.rule] = f.message
        region = self._region(doc, f.start, f.end)
        region["snippet"] = {"text": f.text}
        artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"}
        text = f.message
        if f.suggestions:
            text += f' ("{f.text}" -> "{f.suggestions[0]}")' if f.suggestions[0] else f' (delete "{f.text}")'
        out: dict = {
            "ruleId": f.rule,
            "ruleIndex": self.index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {"auditContext/v1": fingerprint(doc, f)},
            "properties": {"category": f.category, "confidence": round(float(f.confidence), 3)},
        }
        if f.suggestions:
            out["fixes"] = [
                {
                    "description": {"text": ("safe" if f.safe else "unsafe") + f" fix: {s!r}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": artifact,
                            "replacements": [
                                {"deletedRegion": self._region(doc, f.start, f.end), "insertedContent": {"text": s}}
                            ],
                        }
                    ],
                }
                for s in f.suggestions[:3]
            ]
        return out

    def file(self, doc: Document, findings: list[Finding]) -> None:
        if not findings:
            return
        uri = self._uri(doc.path)
        for f in findings:
            sep = "," if self.count else ""
            self.out.write(sep + "\n   " + json.dumps(self.result(doc, f, uri), ensure_ascii=False))
            self.count += 1

    def end(self, summary: Summary) -> None:
        rules = [rule_descriptor(code, self.rules.get(code), self.messages.get(code, "")) for code in self.index]
        driver = {
            "name": "audit",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": rules,
        }
        tail = {
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": self.root.resolve().as_uri() + "/"}},
            "invocations": [{"executionSuccessful": summary.problems == 0}],
        }
        body = json.dumps(tail, ensure_ascii=False, indent=1)[1:-1].strip()
        self.out.write("\n  ],\n  " + body + "\n }]\n}\n")
        self.out.flush()
