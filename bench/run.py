"""Benchmark `audit check` against codespell and typos on the same generated corpus.

    .venv/bin/python bench/run.py                 # 20 MB and 200 MB, --jobs 1 and --jobs N
    .venv/bin/python bench/run.py --sizes 20      # quicker
    .venv/bin/python bench/run.py --records       # also audit the same corpus as one JSONL file

Every command runs on the same files (bench/out/<size>mb/txt, a directory of
news-like articles with planted defects) with its output thrown away. For each
run the table shows wall time, MB/s, the peak RSS of the largest single process
(what /usr/bin/time reports) and the peak summed PSS of the whole process tree
(workers included), the CPU time of the process tree, the 1-minute load average
when the command ended (on a shared machine wall times are only comparable at
similar load), then the ratios audit/codespell and audit/typos.
Targets: one process at >= 5 MB/s with the foundation rules (issue 3: the run
"foundation rules") and with all rules (issues 4, 5: "audit --jobs 1");
issue 7: --jobs 1 no slower than codespell; --jobs 2 within 1.5x of typos;
peak RSS <= 400 MB and flat from 20 MB to 200 MB; 200 MB <= 11x 20 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The rule families of the foundation issue (3): scraping chrome and surface defects.
FOUNDATION = "boilerplate,broken-url,repetition,link-case,punctuation"
FOUNDATION_RUN = "audit --jobs 1 (foundation rules)"
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus_gen import generate  # noqa: E402


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(cmd: list[str], cwd: Path) -> dict:
    """Run `cmd` with output discarded; wall time, peak RSS (largest process) and peak tree PSS."""
    # As installed: pip byte-compiles a package, so bytecode is read, not compiled per run
    # (a shell's PYTHONDONTWRITEBYTECODE would add ~0.1 s of compiling to every audit run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.25):
            peak_tree = max(peak_tree, sum(_pss(p) for p in _tree(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall": wall,
        "rss": usage.ru_maxrss * 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "load": os.getloadavg()[0],
        "tree": max(peak_tree, usage.ru_maxrss * 1024),
        "code": proc.returncode,
        "stderr": err.decode("utf-8", "replace")[-500:],
    }


def corpus_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20,200", help="corpus sizes in MB (default: 20,200)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="N for the --jobs N run (default: cores)")
    ap.add_argument("--records", action="store_true", help="also run audit on the corpus as one JSONL file")
    ap.add_argument("--out", default=str(HERE / "out"), help="where corpora are generated (default: bench/out)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args(argv)

    venv_bin = Path(sys.executable).parent
    audit = [str(venv_bin / "audit")] if (venv_bin / "audit").exists() else [sys.executable, "-m", "audit"]
    codespell = shutil.which("codespell", path=str(venv_bin)) or shutil.which("codespell")
    typos = shutil.which("typos", path=str(venv_bin)) or shutil.which("typos")
    rows = []
    for size in [float(s) for s in args.sizes.split(",") if s.strip()]:
        t0 = time.perf_counter()
        txt, jsonl = generate(Path(args.out) / f"{size:g}mb", size)
        mb = corpus_bytes(txt) / 1e6
        print(f"corpus {size:g} MB: {txt} ({mb:.1f} MB, ready in {time.perf_counter() - t0:.1f}s)", flush=True)
        runs = [
            (
                FOUNDATION_RUN,
                [*audit, "check", "--format", "jsonl", "--quiet", "--jobs", "1", "--select", FOUNDATION, str(txt)],
            ),
            ("audit --jobs 1", [*audit, "check", "--format", "jsonl", "--quiet", "--jobs", "1", str(txt)]),
            (
                f"audit --jobs {args.jobs}",
                [*audit, "check", "--format", "jsonl", "--quiet", "--jobs", str(args.jobs), str(txt)],
            ),
        ]
        if args.records:
            runs.append(
                (
                    f"audit --jobs {args.jobs} (jsonl)",
                    [*audit, "check", "--format", "jsonl", "--quiet", "--jobs", str(args.jobs), str(jsonl)],
                )
            )
        if codespell:
            runs.append(("codespell", [codespell, str(txt)]))
        if typos:
            runs.append(("typos", [typos, "--no-ignore", "--hidden", str(txt)]))
        for name, cmd in runs:
            r = measure(cmd, ROOT)
            r.update(name=name, size=size, mb=mb, rate=mb / r["wall"])
            if name.startswith("audit") and r["code"] not in (0, 1):
                print(f"  {name}: exit {r['code']}: {r['stderr']}", file=sys.stderr)
            rows.append(r)
            print(
                f"  {name:<28} {r['wall']:8.2f} s {r['rate']:8.2f} MB/s  peak RSS {r['rss'] / 1e6:7.1f} MB"
                f"  tree PSS {r['tree'] / 1e6:7.1f} MB  cpu {r['cpu']:7.1f} s  load {r['load']:.1f}",
                flush=True,
            )
    print()
    print(report(rows, args.jobs))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


def report(rows: list[dict], jobs: int) -> str:
    """The markdown table and the target checks."""
    lines = [
        "| corpus | command | wall s | MB/s | CPU s | peak RSS MB | tree PSS MB | / codespell | / typos | load |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by = {(r["size"], r["name"]): r for r in rows}
    for r in rows:
        cs = by.get((r["size"], "codespell"))
        ty = by.get((r["size"], "typos"))
        ratio_cs = f"{r['wall'] / cs['wall']:.2f}" if cs else "-"
        ratio_ty = f"{r['wall'] / ty['wall']:.2f}" if ty else "-"
        lines.append(
            f"| {r['size']:g} MB | {r['name']} | {r['wall']:.2f} | {r['rate']:.2f} | {r['cpu']:.1f} |"
            f" {r['rss'] / 1e6:.0f} | {r['tree'] / 1e6:.0f} | {ratio_cs} | {ratio_ty} | {r['load']:.1f} |"
        )
    sizes = sorted({r["size"] for r in rows})
    lines.append("")

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    for size in sizes:
        for name, issues in ((FOUNDATION_RUN, "issue 3"), ("audit --jobs 1", "issues 4, 5")):
            r = by.get((size, name))
            if r:
                lines.append(
                    f"- {size:g} MB: {name} {r['rate']:.2f} MB/s (target >= 5, {issues}) {verdict(r['rate'] >= 5)}"
                )
        one, par = by.get((size, "audit --jobs 1")), by.get((size, f"audit --jobs {jobs}"))
        cs, ty = by.get((size, "codespell")), by.get((size, "typos"))
        if one and cs:
            ok = one["wall"] <= cs["wall"]
            lines.append(
                f"- {size:g} MB: --jobs 1 / codespell = {one['wall'] / cs['wall']:.2f} (target <= 1.0) {verdict(ok)}"
            )
        if par and ty:
            ok = par["wall"] <= 1.5 * ty["wall"]
            lines.append(
                f"- {size:g} MB: --jobs {jobs} / typos = {par['wall'] / ty['wall']:.2f} (target <= 1.5) {verdict(ok)}"
            )
        for r in (one, par):
            if r:
                ok = r["rss"] <= 400e6
                lines.append(
                    f"- {size:g} MB: {r['name']} peak RSS {r['rss'] / 1e6:.0f} MB (target <= 400) {verdict(ok)}"
                )
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        for name in ("audit --jobs 1", f"audit --jobs {jobs}"):
            a, b = by.get((small, name)), by.get((big, name))
            if a and b:
                scale = b["wall"] / a["wall"]
                limit = 1.1 * big / small
                lines.append(
                    f"- {name}: {big:g} MB run = {scale:.1f}x the {small:g} MB run (target <= {limit:.0f}x)"
                    f" {verdict(scale <= limit)}; RSS {a['rss'] / 1e6:.0f} -> {b['rss'] / 1e6:.0f} MB"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
