"""A search on its lane while Python-heavy background work runs, under each thread policy
(not a test; asserts nothing).

    python bench/bench_search_yield.py --n 10000 --repeat 3 --searches 50

The real TaskRunner (no window) on the library bench_window_search.py builds. Background work
is the match tokenizer (core/matches.tokens, word forms from core/words.py) over 300 articles, asking
``cancelled()`` after each article as linking does. Each search runs ``Library.search`` on the
search lane and is timed from ``start`` until it returns. Policies, interleaved in each
repetition: nothing in the background; background with Python's 5 ms switch interval and no
yielding (before); the 0.5 ms switch interval alone; the interval and the background yielding
at its checks while a search runs (after, TaskRunner's policy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_import_search import CORPUS, make_queries  # noqa: E402
from bench.bench_window_search import build_library  # noqa: E402
from desktop.core.library import Library  # noqa: E402
from desktop.core.matches import tokens  # noqa: E402
from desktop.core.model import Cancelled, Progress  # noqa: E402
from desktop.gui.tasks import Lane, TaskFn, TaskRunner  # noqa: E402


class NoYieldRunner(TaskRunner):
    """The runner without the background's yielding (the policy before)."""

    def _with_policy(self, lane: Lane, fn: TaskFn) -> TaskFn:
        return fn if lane == Lane.BACKGROUND else super()._with_policy(lane, fn)


def run_policy(lib: Library, texts: list[str], queries: list[str], policy: str) -> list[float]:
    runner = NoYieldRunner() if policy in ("busy, 5 ms", "busy, 0.5 ms") else TaskRunner()
    sys.setswitchinterval(0.005 if policy == "busy, 5 ms" else 0.0005)
    stop = threading.Event()

    def background(progress: Progress, cancelled: Cancelled) -> None:
        while not stop.is_set():
            for text in texts:
                tokens(text)
                if cancelled() or stop.is_set():
                    return

    if policy != "idle":
        runner.start(background, lane=Lane.BACKGROUND)
        time.sleep(0.5)
    times = []
    for q in queries:
        done = threading.Event()
        t0 = time.perf_counter()

        def search(progress: Progress, cancelled: Cancelled, q: str = q,
                   done: threading.Event = done) -> None:
            lib.search(q)
            done.set()

        runner.start(search, lane=Lane.SEARCH)
        done.wait(60)
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.02)
    stop.set()
    runner.wait()
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--searches", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "parallax-window-bench")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"benchmark skipped: corpus not found at {args.corpus} (see ../shared/corpus/README.md)")
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    lib = Library.open(build_library(args.work, args.n, args.corpus), read_only=True)
    texts = [lib.get_document(d.id).clean.text for d in lib.list_documents()[:300]]
    queries = make_queries(args.work / f"files-{args.n}", count=100)[:args.searches]
    for q in queries[:10]:
        lib.search(q)  # warm the searcher and the caches
    policies = ("idle", "busy, 5 ms", "busy, 0.5 ms", "busy, 0.5 ms + yield")
    p50: dict[str, list[float]] = {p: [] for p in policies}
    p95: dict[str, list[float]] = {p: [] for p in policies}
    for rep in range(args.repeat):
        for policy in policies:
            xs = sorted(run_policy(lib, texts, queries, policy))
            p50[policy].append(statistics.median(xs))
            p95[policy].append(xs[max(0, int(len(xs) * 0.95) - 1)])
            print(f"rep {rep + 1} {policy:22s} p50 {p50[policy][-1]:7.1f} ms  p95 {p95[policy][-1]:7.1f} ms"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)
    print("policy                  p50 min / median   p95 min / median (ms, over repetitions)")
    for policy in policies:
        print(f"{policy:22s} {min(p50[policy]):7.1f} / {statistics.median(p50[policy]):7.1f}"
              f"   {min(p95[policy]):7.1f} / {statistics.median(p95[policy]):7.1f}")
    lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
