"""Import + index throughput, before and after a change, in one run (not a test).

    make bench-import-speed BEFORE=<git ref>
    .venv/bin/python bench/bench_import_throughput.py --before 2c67eda --repeat 3

The same machine, the same Python, the same input, two code trees: the ``--before`` ref is
exported (``git archive``) into a folder outside the repository and the working tree is the
"after". Each tree imports, into a fresh library, (1) 1,000 Wikinews articles from
../shared/corpus written as .txt files and (2) the 181 real web pages of
../shared/bench-data/html-extraction; ``Library.import_paths`` is timed (decode, extract,
clean, SQLite, whoosh index with one commit), each in its own process, trees alternating.
Prints min and median files/s per tree and input, by the wall clock and per second of the
child's CPU time (less sensitive to a loaded machine), and the load average. Asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WORK = ROOT / "build" / "bench-throughput"

CHILD = textwrap.dedent("""
    import sys, time, tempfile
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from desktop.core.library import Library
    folder = Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        with Library.open(Path(tmp) / "lib") as lib:
            t0, c0 = time.perf_counter(), time.process_time()
            results = lib.import_paths([folder])
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    ok = sum(1 for r in results if str(r.status) in ("imported", "duplicate"))
    print(len(results), ok, dt, cpu)
""")


def write_inputs(n: int) -> dict[str, Path]:
    corpus = WORK / f"corpus-{n}"
    if not corpus.exists():
        corpus.mkdir(parents=True)
        with gzip.open(SHARED / "corpus" / "news.jsonl.gz", "rt", encoding="utf-8") as f:
            for i, line in zip(range(n), f, strict=False):
                a = json.loads(line)
                head = f"Title: {a['title']}\n\n" if a.get("title") else ""
                (corpus / f"{i:05d}.txt").write_text(head + a["text"], encoding="utf-8")
    pages = WORK / "pages"
    if not pages.exists():
        pages.mkdir(parents=True)
        for gz in sorted((SHARED / "bench-data" / "html-extraction" / "html").glob("*.html.gz")):
            (pages / gz.name[:-3]).write_bytes(gzip.decompress(gz.read_bytes()))
    return {f"{n} corpus articles (.txt)": corpus, "181 web pages (.html)": pages}


def tree(ref: str) -> Path:
    """The ``ref``'s files, exported with ``git archive`` into a folder OUTSIDE the repository
    (no worktree is registered, nothing of the "before" code can shadow the working tree's)."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
                            capture_output=True, text=True, check=True).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"parallax-bench-{commit}"
    if not (path / "desktop").is_dir():
        path.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(path)], input=archive, check=True)
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", required=True, action="append",
                    help="git ref of the code to compare with (repeatable)")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("txt", "html"), help="measure one input only")
    args = ap.parse_args()
    if not (SHARED / "corpus" / "news.jsonl.gz").exists():
        print("bench-import-speed: ../shared/corpus is not here; nothing to measure")
        return 0
    inputs = write_inputs(args.n)
    if args.only:
        inputs = {k: v for k, v in inputs.items() if f"({'.' + args.only})" in k}
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    trees = {f"before ({ref})": tree(ref) for ref in args.before}
    trees["after (working tree)"] = ROOT
    rate: dict[tuple[str, str], list[float]] = {}
    cpu_rate: dict[tuple[str, str], list[float]] = {}
    for label, folder in inputs.items():
        for _ in range(args.repeat):
            for name, code in trees.items():
                out = subprocess.run([sys.executable, "-c", CHILD, str(code), str(folder)],
                                     capture_output=True, text=True, check=True).stdout.split()
                files, ok, secs, cpu = int(out[0]), int(out[1]), float(out[2]), float(out[3])
                rate.setdefault((label, name), []).append(files / secs)
                cpu_rate.setdefault((label, name), []).append(files / cpu)
                print(f"  {label:<28} {name:<24} {files} files ({ok} stored) in {secs:6.2f} s "
                      f"(CPU {cpu:6.2f} s)", flush=True)
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"\n{'input':<28} {'code':<24} {'files/s min':>11} {'median':>8} "
          f"{'per CPU-s min':>13} {'median':>8}")
    for (label, name), r in rate.items():
        c = cpu_rate[(label, name)]
        print(f"{label:<28} {name:<24} {min(r):11.1f} {statistics.median(r):8.1f} "
              f"{min(c):13.1f} {statistics.median(c):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
