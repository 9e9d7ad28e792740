"""Where the time of `audit check` goes: seconds and MB/s per matcher and per check.

    .venv/bin/python bench/profile_checks.py [DIR_OR_FILES...] [--mb 2] [--select CODES]

Runs the default Auditor over about `--mb` MB of the bench corpus (or the given
files) in one process, timing each stage exactly as `Auditor.check` runs them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from audit import Auditor, Document, Finding
from audit.engine import Context

HERE = Path(__file__).resolve().parent


def _finding(text: str, m) -> Finding:
    """A data-rule match as the engine turns it into a Finding (see `Auditor.check`)."""
    rule = m.rule
    return Finding(
        rule=rule.code,
        category=rule.category,
        severity=rule.severity,
        start=m.start,
        end=m.end,
        text=text[m.start : m.end],
        message=rule.message,
        suggestions=[] if m.suggestion is None or rule.fix == "none" else [m.suggestion],
        confidence=rule.confidence,
        safe=rule.safe,
        signal=rule.signal,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", help="text files or directories (default: the 20 MB bench corpus)")
    ap.add_argument("--mb", type=float, default=2.0, help="how much text to time (default 2 MB)")
    ap.add_argument("--select", help="rule selection as for `audit check --select` (default: all default rules)")
    args = ap.parse_args(argv)
    paths = [Path(p) for p in args.paths] or [HERE / "out" / "20mb" / "txt"]
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.txt")))
    if not files:
        print("no files: run bench/run.py --sizes 20 first or give paths", file=sys.stderr)
        return 2
    docs, size = [], 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        docs.append(Document(text, path=str(f)))
        size += len(text.encode("utf-8"))
        if size >= args.mb * 1e6:
            break
    auditor = Auditor(select=args.select.split(",") if args.select else None)
    for doc in docs[:5]:
        auditor.check(doc)  # warm caches and lazy tables, as a long run would
    spent: dict[str, float] = defaultdict(float)
    clock = time.perf_counter
    start = clock()
    for doc in docs:
        ctx = Context(doc, auditor.resources)
        found = ctx.findings
        text = doc.text
        for name, matcher, arg in (
            ("phrases", auditor.phrases, text),
            ("regexes", auditor.regexes, text),
            ("lines", auditor.lines, doc),
        ):
            t = clock()
            found.extend(_finding(text, m) for m in matcher.finditer(arg))
            spent[f"matcher: {name}"] += clock() - t
        for check in auditor.checks:
            t = clock()
            ctx.findings.extend(check.run(doc, ctx))
            spent[f"check: {check.name}"] += clock() - t
        t = clock()
        auditor._finish(doc, ctx.findings)
        spent["resolve"] += clock() - t
    total = clock() - start
    mb = size / 1e6
    print(f"{len(docs)} documents, {mb:.2f} MB in {total:.2f} s = {mb / total:.2f} MB/s (one process)")
    for name, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<32} {sec:7.3f} s  {100 * sec / total:5.1f}%  {mb / sec if sec else float('inf'):9.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
