"""The desktop linker's marginal cost: K new articles linked into a library already linked at n.

Near-linear growth of a whole run means the cost of adding one more article is flat (or grows
like log n) as the library grows. One 10-minute run on a shared 2-core VM spreads by a third
between two repeats (docs/benchmarks.md, #14 round 7); many short runs of a fixed batch, their
sizes interleaved, resist that noise, and counted work (SQLite VM steps, reads, rows, Python
lines executed) does not depend on the clock at all.

    # the set once (bench/make_scale.py; the first n documents of a larger set are the set of n)
    python bench/make_scale.py --n 47704 --out SET --rounds language
    # libraries linked at each n, and a copy of each with the next K documents imported (pending)
    nice -n 10 python bench/bench_marginal.py build --set SET --libs LIBS --sizes 10000,19176,46704
    # clock-free counts of linking the K pending documents (untimed, niced)
    nice -n 10 python bench/bench_marginal.py count --libs LIBS --sizes 10000,19176,46704
    # CPU time of the same, repeated with the sizes interleaved (the bench lock held)
    flock /work/bench.lock python bench/bench_marginal.py time --libs LIBS --repeat 8

The sizes: the set's stories run in rounds of 2,294 (make_scale), and a new article finds its
candidates mostly in its own round, so the batch after n documents is taken at the same place
of a round at every size (10,000 = 4 × (2,294 + 206); 19,176 = 4 × (2 × 2,294 + 206);
46,704 = 4 × (5 × 2,294 + 206)): the batch's articles then have as many of their round's
articles in the library at each n, and what changes with n is the library, not the set.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = "10000,19176,46704"


def _import(lib_dir: Path, files: list[Path]) -> None:
    from desktop.core.library import Library

    with Library.open(lib_dir) as lib:
        lib.import_paths(files)  # linking left pending


def cmd_build(args: argparse.Namespace) -> None:
    """One library grown in steps: import up to n, link, keep a copy with the next K pending."""
    from desktop.core.library import Library

    files = sorted(args.set.glob("*.txt"))
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(files) < sizes[-1] + args.batch:
        raise SystemExit(f"{args.set} holds {len(files)} documents, {sizes[-1] + args.batch} needed")
    work = args.libs / "grow"
    args.libs.mkdir(parents=True, exist_ok=True)
    prev = 0
    for n in sizes:
        t = time.perf_counter()
        _import(work, files[prev:n])
        t_imp = time.perf_counter() - t
        t = time.perf_counter()
        with Library.open(work) as lib:
            added = lib.links.update_pending()
            docs = lib.store.count()
        t_link = time.perf_counter() - t
        marg = args.libs / f"marg-{n}"
        shutil.rmtree(marg, ignore_errors=True)
        shutil.copytree(work, marg)
        _import(marg, files[n:n + args.batch])
        (marg / "marginal").write_text(f"{docs} linked, files {n}..{n + args.batch} pending\n")
        print(f"{n}: import {t_imp:.0f} s, link {t_link:.0f} s ({docs} docs, {added} links "
              f"added); {marg} has the next {args.batch} pending", flush=True)
        prev = n


def _copy(libs: Path, n: int, tmp: Path) -> Path:
    src = libs / f"marg-{n}"
    if not (src / "marginal").exists():
        raise SystemExit(f"{src}: run build first")
    dst = tmp / f"run-{n}"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    return dst


def _per_doc(run: dict[str, Any]) -> int:
    return max(1, run["docs"] - run["linked before"]) if "linked before" in run else run["new"]


def cmd_count(args: argparse.Namespace, tmp: Path) -> None:
    """Clock-free counts of linking each size's pending batch (bench/link_counts.py)."""
    from bench.link_counts import count_in_child

    sizes = [int(s) for s in args.sizes.split(",")]
    codes = [("this", None)] + ([("before", args.compare)] if args.compare else [])
    table: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        for name, code in codes:
            for rep in range(args.repeat):
                run = count_in_child(_copy(args.libs, n, tmp), code, not args.no_trace)
                shutil.rmtree(tmp / f"run-{n}")
                key = (name, n)
                if key in table and rep:
                    diff = {k: (table[key].get(k), v) for k, v in run.items()
                            if table[key].get(k) != v}
                    print(f"[{name}] {n}: repeat {rep + 1}: {diff or 'equal'}",
                          flush=True)
                table.setdefault(key, run)
                per = _per_doc(run)
                print(f"[{name}] {n}: {per} new docs of {run['docs']}", flush=True)
                for k in sorted(run):
                    v = run[k]
                    if isinstance(v, int | float):
                        print(f"    {k:<78} {v:>14,}  {v / per:>12,.2f} per new doc", flush=True)


def _link_min_med(runs: list[dict[str, Any]], key: str) -> str:
    xs = [r[key] for r in runs]
    return f"{min(xs):.2f} / {statistics.median(xs):.2f}"


def cmd_time(args: argparse.Namespace, tmp: Path) -> None:
    """CPU of linking each size's pending batch in a fresh child (bench/link_child.py), the
    sizes (and codes) interleaved, each run on a fresh copy (copying not timed)."""
    from bench.bench_links import _load
    from bench.link_child import link_in_child

    sizes = [int(s) for s in args.sizes.split(",")]
    codes = [("this", None)] + ([("before", args.compare)] if args.compare else [])
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for rep in range(args.repeat):
        order = [(n, c) for n in sizes for c in codes]
        order = order if rep % 2 == 0 else order[::-1]
        for n, (name, code) in order:
            copy = _copy(args.libs, n, tmp)
            linked = int((copy / "marginal").read_text().split()[0])
            run = link_in_child(copy, code, chunk=args.chunk)
            shutil.rmtree(copy)
            new = run["docs"] - linked
            rest = run["cpu"] - run["align_cpu"]
            run.update(new=new, load=_load(), per_doc=1000 * run["cpu"] / new,
                       rest_doc=1000 * rest / new,
                       per_pair=1000 * run["align_cpu"] / max(1, run["aligned"]))
            runs.setdefault((name, n), []).append(run)
            print(f"[{name}] rep {rep + 1} n={n}: {new} new, CPU {run['cpu']:.2f} s "
                  f"({run['per_doc']:.2f} ms/doc; aligned {run['aligned']} pairs in "
                  f"{run['align_cpu']:.2f} s, {run['per_pair']:.3f} ms/pair; rest "
                  f"{run['rest_doc']:.2f} ms/doc), wall {run['seconds']:.2f} s, prepared "
                  f"{run['prepared']}, peak {run['peak_mb']:.0f} MB; load {run['load']}",
                  flush=True)
    print("\nmin / median over the repeats")
    for (name, n), rs in runs.items():
        print(f"[{name}] n={n:>6} ({rs[0]['new']} new, {len(rs)} runs): CPU ms/doc "
              f"{_link_min_med(rs, 'per_doc')}, alignment ms/pair {_link_min_med(rs, 'per_pair')}"
              f", rest ms/doc {_link_min_med(rs, 'rest_doc')}, pairs/doc "
              f"{rs[0]['aligned'] / rs[0]['new']:.2f}")


def cmd_digest(args: argparse.Namespace) -> None:
    """A digest of every link (articles named by file, spans, kind, score) of each library."""
    import hashlib

    from bench.bench_links import named_links

    for lib in args.lib:
        links = named_links(lib)
        digest = hashlib.sha256(repr(links).encode()).hexdigest()[:12]
        print(f"{lib}: {len(links)} links, digest {digest}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["build", "count", "time", "digest"])
    ap.add_argument("--set", type=Path, help="build: a make_scale set (its files in order)")
    ap.add_argument("--libs", type=Path, help="the libraries build makes (marg-N: n linked, K pending)")
    ap.add_argument("--lib", type=Path, action="append", default=[], help="digest: a library")
    ap.add_argument("--sizes", default=SIZES)
    ap.add_argument("--batch", type=int, default=1000, help="build: K, the documents pending")
    ap.add_argument("--repeat", type=int, default=8,
                    help="time: runs of each size; count: runs of each (2 checks they agree)")
    ap.add_argument("--compare", metavar="CODE", help="time/count: another checkout's desktop too")
    ap.add_argument("--chunk", type=int, default=0,
                    help="time: link CHUNK articles per update call, as the window does (64)")
    ap.add_argument("--no-trace", action="store_true",
                    help="count: reads, writes and rows only (no VM steps or lines; fast)")
    ap.add_argument("--tmp", default="/tmp", help="where the copies are made")
    args = ap.parse_args()
    if args.mode in ("build", "digest"):
        (cmd_build if args.mode == "build" else cmd_digest)(args)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="marginal-", dir=args.tmp))
    try:
        (cmd_count if args.mode == "count" else cmd_time)(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
