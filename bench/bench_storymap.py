"""Story-map benchmark: how long the map takes once articles are linked, and quote extraction
against import (not a test; prints figures, asserts nothing).

    python bench/bench_storymap.py --n 250 --k 3 --repeat 3     # 1,000 articles

A set is made by bench/make_bench.py from ../shared/corpus/news.jsonl.gz (n sources, k
reworks each), imported into a fresh library and linked (with quotes: the one background
pass). Then, each repeat on a fresh service (no cache): the map (articles read, pair shares,
families, passage clusters), every family's and every cluster's provenance call, and the
quote table (quotes read and grouped across articles). Quote extraction alone is timed over
every article against the import of the same files (read, clean, store, index).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_bench import CORPUS, make  # noqa: E402


def _stats(xs: list[float]) -> str:
    return f"min {min(xs):.2f} s, median {statistics.median(xs):.2f} s"


def run(n: int, k: int, repeat: int, tmp: Path) -> None:
    from desktop.core.library import Library
    from desktop.core.storymap.quotes import extract
    from desktop.core.storymap.service import StoryMapService

    make(n, k, 0, tmp / "bench", seed=11)
    files = sorted((tmp / "bench").glob("*.txt"))
    with Library.open(tmp / "lib") as lib:
        t = time.perf_counter()
        lib.import_paths(files)
        imported = time.perf_counter() - t
        docs = lib.store.count()
        t = time.perf_counter()
        lib.analyse_pending(recognise=False)
        analysed = time.perf_counter() - t
        texts = [lib.get_document(i) for i in sorted(lib.store.ids())]
        ext = []
        for _ in range(repeat):
            t = time.perf_counter()
            found = sum(len(extract(d.clean.text, d.clean.blocks)) for d in texts)
            ext.append(time.perf_counter() - t)
        print(f"{docs} articles ({n} sources × {k + 1}), {len(lib.links.all_links())} links, "
              f"{found} quotes")
        print(f"import {imported:.1f} s ({docs / imported:.0f} articles/s); links + quotes "
              f"{analysed:.1f} s")
        print(f"quote extraction alone: {_stats(ext)} ({docs / min(ext):.0f} articles/s, "
              f"{docs / imported:.0f} for import)")
        maps, calls, quotes = [], [], []
        for _ in range(repeat):
            service = StoryMapService(lib.store, lib.links)
            t = time.perf_counter()
            smap = service.story_map()
            maps.append(time.perf_counter() - t)
            t = time.perf_counter()
            for f in smap.families:
                smap.family_call(f)
            for c in smap.clusters:
                smap.cluster_call(c)
            calls.append(time.perf_counter() - t)
            t = time.perf_counter()
            table = service.quote_table()
            quotes.append(time.perf_counter() - t)
        print(f"map (articles read, pairs, families, clusters): {_stats(maps)}; "
              f"{len(smap.pairs)} pairs, {len(smap.families)} families, {len(smap.clusters)} clusters")
        print(f"provenance of every family and cluster: {_stats(calls)}")
        print(f"map + provenance: {_stats([a + b for a, b in zip(maps, calls, strict=True)])}")
        print(f"quote table (read, group): {_stats(quotes)}; {len(table.groups)} groups, "
              f"{len(table.changed())} changed")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    with tempfile.TemporaryDirectory(prefix="parallax-storymap-") as tmp:
        run(args.n, args.k, args.repeat, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
