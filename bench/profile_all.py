"""CPU time per matcher and check, a findings snapshot, and an optional cProfile.

    .venv/bin/python bench/profile_all.py                      # clean set + 2 MB of bench corpus
    .venv/bin/python bench/profile_all.py --mb 5 --repeat 3    # more text, best of 3 per stage
    .venv/bin/python bench/profile_all.py --dump before.jsonl  # every finding, to diff after a change
    .venv/bin/python bench/profile_all.py --cprofile 40        # top 40 functions by own time

Unlike bench/profile_checks.py (wall time) this measures `time.process_time()`:
the machine is shared and loaded, so wall time is mostly noise. Caches are
warmed by one untimed pass first, as in a long run. Each stage runs exactly as
`Auditor.check` runs it (matchers, then checks in order, then `_finish`).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

from audit import Auditor, Document, Finding
from audit.engine import Context

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLEAN = ROOT.parent / "shared" / "clean"
SEEDS = ROOT.parent / "shared" / "seeds"
BENCH = HERE / "out" / "20mb" / "txt"
TESTDATA = ROOT / "tests" / "data"  # defect-rich test documents: many findings to compare


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


def load(paths: list[Path], mb: float) -> tuple[list[Document], int]:
    """The given files, or the clean set, the seeds, tests/data and `mb` MB of the bench corpus."""
    if paths:
        files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*.txt")))
    else:
        files = sorted(CLEAN.glob("*.txt")) + sorted(SEEDS.glob("*.txt")) + sorted(TESTDATA.rglob("*.txt"))
        budget, bench = mb * 1e6, []
        for f in sorted(BENCH.rglob("*.txt")):
            if budget <= 0:
                break
            bench.append(f)
            budget -= f.stat().st_size
        files += bench
    docs = [Document(f.read_text(encoding="utf-8"), path=str(f.resolve())) for f in files]
    return docs, sum(len(d.text.encode("utf-8")) for d in docs)


def timed_pass(auditor: Auditor, docs: list[Document], spent: dict[str, float]) -> list[list[Finding]]:
    clock = time.process_time
    out = []
    for doc in docs:
        # A fresh Document, as a run reads each one once: its lazy line index and
        # lowered copy are paid for in the pass, not left over from the warm-up.
        doc = Document(doc.text, path=doc.path, id=doc.id)
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
            found.extend(check.run(doc, ctx))
            spent[f"check: {check.name}"] += clock() - t
        t = clock()
        out.append(auditor._finish(doc, found))
        spent["resolve"] += clock() - t
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path, help="text files or directories (default: see above)")
    ap.add_argument("--mb", type=float, default=2.0, help="MB of the bench corpus added to the clean set")
    ap.add_argument("--repeat", type=int, default=1, help="timed passes; the best per stage is shown")
    ap.add_argument("--dump", type=Path, help="write every finding as JSONL (to diff before/after a change)")
    ap.add_argument("--cprofile", type=int, metavar="N", help="also profile one pass, show top N by own time")
    ap.add_argument("--select", help="comma-separated rule selectors, as `audit check --select`")
    args = ap.parse_args(argv)
    docs, size = load(args.paths, args.mb)
    auditor = Auditor(select=args.select.split(",") if args.select else None)
    for doc in docs:
        auditor.check(doc)  # warm caches and lazy tables, as a long run would
    best: dict[str, float] = {}
    results = None
    for _ in range(max(1, args.repeat)):
        spent: dict[str, float] = defaultdict(float)
        results = timed_pass(auditor, docs, spent)
        for k, v in spent.items():
            best[k] = min(v, best.get(k, v))
    total = sum(best.values())
    mb = size / 1e6
    print(f"{len(docs)} documents, {mb:.2f} MB, CPU {total:.2f} s = {mb / total:.2f} MB/s (one process, warm)")
    for name, sec in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<32} {sec:7.3f} s  {100 * sec / total:5.1f}%  {mb / sec if sec else float('inf'):9.1f} MB/s")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for doc, found in zip(docs, results or [], strict=True):
                for f in found:
                    fh.write(json.dumps({"path": doc.path, **f.to_dict()}, sort_keys=True, ensure_ascii=False) + "\n")
        print(f"findings: {sum(len(r) for r in results or [])} written to {args.dump}")
    if args.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        timed_pass(auditor, docs, defaultdict(float))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
