"""Import and search benchmark on the Wikinews corpus in ../shared/corpus (not a test).

    python bench/bench_import_search.py --n 1000      # make bench
    python bench/bench_import_search.py --n 10000     # make bench-10k

Writes N articles as .txt files, then in separate child processes (so each phase has its own
peak memory): (1) bare whoosh indexes the same texts with Parallax's schema; (2) Parallax
imports the files into a fresh library (decode, cleanup with offset map, SQLite, index);
(3) 100 queries against the Parallax library, timed end to end (parse, search, match offsets,
snippets). Above the corpus size (2,294) the articles are reused as variants whose paragraphs
are rotated, so every text is new to the duplicate check. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"


def load_articles(path: Path, n: int) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        base = [json.loads(line) for line in f]
    out = []
    for i in range(n):
        art = dict(base[i % len(base)])
        k = i // len(base)
        if k:
            paras = art["text"].split("\n\n")
            r = k % len(paras)
            art["text"] = "\n\n".join(paras[r:] + paras[:r]) + f"\n\nVariant {k} of this report."
        out.append(art)
    return out


def write_files(arts: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True)
    for i, art in enumerate(arts):
        head = f"{art['title']}\n\n" if art.get("title") else ""
        (folder / f"{i:05d}.txt").write_text(head + art["text"] + "\n", "utf-8")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_bare(files: Path, out: Path) -> dict[str, float]:
    from whoosh import index

    from desktop.core.search import make_schema

    texts = [p.read_text("utf-8") for p in sorted(files.glob("*.txt"))]
    t0 = time.perf_counter()
    ix = index.create_in(out, make_schema())
    w = ix.writer(limitmb=128)
    for i, text in enumerate(texts):
        title = text.partition("\n\n")[0]
        w.add_document(doc=str(i), title=title, body=text, source="Wikinews", date="")
    w.commit()
    dt = time.perf_counter() - t0
    return {"seconds": dt, "docs_per_s": len(texts) / dt, "peak_mb": _peak_mb()}


def phase_import(files: Path, lib_dir: Path) -> dict[str, float]:
    from desktop.core.library import Library

    paths = sorted(files.glob("*.txt"))
    t0 = time.perf_counter()
    with Library.open(lib_dir) as lib:
        results = lib.import_paths([files])
    dt = time.perf_counter() - t0
    ok = sum(r.status == "imported" for r in results)
    return {"seconds": dt, "docs_per_s": len(paths) / dt, "imported": ok, "peak_mb": _peak_mb()}


def make_queries(files: Path, count: int = 100, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    words: list[str] = []
    for p in sorted(files.glob("*.txt"))[:300]:
        words += [w.strip('.,;:"()“”‘’') for w in p.read_text("utf-8").split()]
    words = [w for w in words if len(w) > 4 and w.isalpha()]
    queries = []
    for i in range(count):
        a, b = rnd.choice(words), rnd.choice(words)
        kind = i % 5
        queries.append([a, f"{a} {b}", f'"{a} {b}"' if kind == 2 else f"{a} OR {b}",
                        f"{a[:4]}*", f"{a} NOT {b}"][kind])
    return queries


def phase_search(lib_dir: Path, queries: list[str]) -> dict[str, float]:
    from desktop.core.library import Library

    times = []
    with Library.open(lib_dir) as lib:
        lib.search("warm up")
        for q in queries:
            t0 = time.perf_counter()
            lib.search(q, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1],
            "max_ms": times[-1], "peak_mb": _peak_mb()}


def in_child(fn: Any, *args: Any) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(fn, args)  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="articles to import (1000)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"benchmark skipped: corpus not found at {args.corpus} (see ../shared/corpus/README.md)")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="parallax-bench-"))
    try:
        arts = load_articles(args.corpus, args.n)
        chars = sum(len(a["text"]) for a in arts)
        write_files(arts, tmp / "files")
        print(f"Parallax import/search benchmark: {args.n} articles, {chars:,} characters")
        print(f"machine: {platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}")
        (tmp / "bare").mkdir()
        bare = in_child(phase_bare, tmp / "files", tmp / "bare")
        imp = in_child(phase_import, tmp / "files", tmp / "lib")
        queries = make_queries(tmp / "files")
        srch = in_child(phase_search, tmp / "lib", queries)
        ratio = imp["docs_per_s"] / bare["docs_per_s"]
        print(f"bare whoosh index      : {bare['seconds']:7.2f} s  {bare['docs_per_s']:7.1f} docs/s"
              f"  peak {bare['peak_mb']:.0f} MB")
        print(f"Parallax import+index  : {imp['seconds']:7.2f} s  {imp['docs_per_s']:7.1f} docs/s"
              f"  peak {imp['peak_mb']:.0f} MB  ({int(imp['imported'])} imported)")
        print(f"throughput ratio       : {ratio:.2f} x bare whoosh (target >= 0.8)")
        print(f"search, {len(queries)} queries    : p50 {srch['p50_ms']:.1f} ms  p95 {srch['p95_ms']:.1f} ms"
              f"  max {srch['max_ms']:.1f} ms  peak {srch['peak_mb']:.0f} MB (target p95 <= 100 ms)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
