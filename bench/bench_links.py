"""Cross-link benchmark: quality (plagdet per kind) and speed (all against all), not a test.

    python bench/bench_links.py quality --n 300 --k 2 --m 50       # plagdet, difflib baseline
    python bench/bench_links.py speed --sizes 250,500,1000,2000    # time and peak memory
    python bench/bench_links.py speed --set scale --sizes 2500,5000,10000,20000 --repeat 3 \
        --budget 0 --compare /tmp/parallax-2c67eda   # before/after, interleaved, in one run
    python bench/bench_links.py speed --set scale --rounds language --sizes 2000,5000,10000 \
        --budget 0 --compare DIR --libs /tmp/libs --import-only   # import once (not timed) ...
    flock /work/bench.lock python bench/bench_links.py speed --set scale --rounds language \
        --sizes 10000 --budget 0 --compare DIR --libs /tmp/libs   # ... then link, size by size
    python bench/bench_links.py addone --n 1700 --k 5 --m 100      # add one to 10,300 docs

Sets are made by bench/make_bench.py from ../shared/corpus/news.jsonl.gz (skipped with a
message when it is absent) into a temporary folder. Documents are imported into a fresh
library with linking switched off, then linked in a child process (its own peak memory):
``LinkService.update_pending`` is exactly all-against-all incremental linking. Offsets are
compared in source-text characters (links mapped through each document's offset map).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import baseline_difflib  # noqa: E402
from bench.link_child import link_in_child  # noqa: E402
from bench.make_bench import CORPUS, make  # noqa: E402
from bench.plagdet import Pair, plagdet  # noqa: E402


def build_library(bench: Path, lib_dir: Path, skip: set[str] = frozenset()) -> float:  # type: ignore[assignment]
    """Import the bench files (linking off); returns seconds."""
    from desktop.core.library import Library

    files = sorted(p for p in bench.glob("*.txt") if p.name not in skip)
    t = time.perf_counter()
    with Library.open(lib_dir) as lib:
        lib.import_paths(files)  # importing leaves linking pending
    return time.perf_counter() - t


def _build_child(bench: str, lib_dir: str, q: Any, code: str) -> None:
    sys.path.insert(0, code)
    q.put(build_library(Path(bench), Path(lib_dir)))


def build_with(bench: Path, lib_dir: Path, code: str) -> float:
    """Import the bench files with another checkout's code (its own library schema)."""
    q: Any = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_build_child, args=(str(bench), str(lib_dir), q, code))
    p.start()
    p.join()
    if p.exitcode:
        raise SystemExit(f"importing with {code} failed")
    return float(q.get())


def _verbatim_words(a: str, b: str) -> int:
    """The longest run of identical (lower-cased) words two passages share."""
    wa, wb = a.lower().split(), b.lower().split()
    return SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match().size


def named_links(lib_dir: Path) -> list[tuple[Any, ...]]:
    """Every stored link with its articles named by file (comparable across libraries)."""
    from desktop.core.library import Library

    with Library.open(lib_dir) as lib:
        name = {d.id: Path(d.path).name for d in lib.list_documents()}
        return sorted((name[k.a.doc], k.a.start, k.a.end, name[k.b.doc], k.b.start, k.b.end,
                       str(k.kind), k.score) for k in lib.links.all_links())


def imported(lib_dir: Path) -> set[str]:
    from desktop.core.library import Library

    with Library.open(lib_dir) as lib:
        return {Path(d.path).name for d in lib.list_documents()}


def detections(lib_dir: Path, genuine: list[int] | None = None) -> tuple[list[Pair], list[str]]:
    """Every stored link as a source-offset pair of file names, and its kind. For links
    between different families, ``genuine`` gets the longest identical word run."""
    from desktop.core.library import Library

    dets, kinds = [], []
    with Library.open(lib_dir) as lib:
        docs = {d.id: lib.get_document(d.id) for d in lib.list_documents()}
        for k in lib.links.all_links():
            da, db = docs[k.a.doc], docs[k.b.doc]
            a0, a1 = da.clean.offsets.span_to_source(k.a.start, k.a.end)
            b0, b1 = db.clean.offsets.span_to_source(k.b.start, k.b.end)
            fa, fb = Path(da.path).name, Path(db.path).name
            if "_r" in fa and "_r" not in fb:
                fa, a0, a1, fb, b0, b1 = fb, b0, b1, fa, a0, a1
            dets.append((fa, a0, a1, fb, b0, b1))
            kinds.append(str(k.kind))
            if genuine is not None and family(fa) != family(fb):
                genuine.append(_verbatim_words(da.clean.text[k.a.start:k.a.end],
                                               db.clean.text[k.b.start:k.b.end]))
    return dets, kinds


def family(name: str) -> str:
    return name.split("_")[0].removesuffix(".txt")


def score(gold: dict, dets: list[Pair], kinds: list[str]) -> dict[str, Any]:
    cases: list[Pair] = [(c["src"], c["src_start"], c["src_end"], c["dst"], c["dst_start"],
                          c["dst_end"]) for c in gold["cases"]]
    ckind = [c["kind"] for c in gold["cases"]]
    gold_pairs = {(c[0], c[3]) for c in cases}
    scored = [d for d in dets if (d[0], d[3]) in gold_pairs]
    unrelated = [d for d in dets if family(d[0]) != family(d[3])]
    out: dict[str, Any] = {"all": plagdet(cases, scored)}
    for kind in ("verbatim", "edited", "paraphrase", "heavy"):
        ks = [c for c, k in zip(cases, ckind, strict=True) if k == kind]
        spans = {(c[0], c[3]) for c in ks}
        kd = [d for d in scored if (d[0], d[3]) in spans and _touches(d, ks)]
        out[kind] = plagdet(ks, kd)
    out["unrelated_links"] = len(unrelated)
    near = {d["file"]: d["of"] for d in gold.get("docs", []) if d.get("role") == "near"}
    out["near_links"] = Counter(kind for d, kind in zip(dets, kinds, strict=True)
                                if near.get(d[0]) == d[3] or near.get(d[3]) == d[0])
    out["sibling_links"] = len(dets) - len(scored) - len(unrelated)
    out["kinds_found"] = dict(Counter(kinds))
    return out


def _touches_any(c: dict, dets: list[Pair]) -> bool:
    case = (c["src"], c["src_start"], c["src_end"], c["dst"], c["dst_start"], c["dst_end"])
    return _touches(case, dets)


def _touches(d: Pair, cases: list[Pair]) -> bool:
    return any(c[0] == d[0] and c[3] == d[3] and c[1] < d[2] and d[1] < c[2]
               and c[4] < d[5] and d[4] < c[5] for c in cases)


def difflib_quality(bench: Path, gold: dict, budget: float) -> dict[str, Any]:
    """The baseline on every gold pair and as many unrelated pairs, within a time budget."""
    from desktop.core.ingest import read_article

    pairs = sorted({(c["src"], c["dst"]) for c in gold["cases"]})
    names = [d["file"] for d in gold["docs"]]
    rng = random.Random(1)
    noise = [(a, b) for a, b in (rng.sample(names, 2) for _ in range(len(pairs)))
             if family(a) != family(b)]
    arts: dict[str, Any] = {}
    dets: list[Pair] = []
    t, done = time.perf_counter(), 0
    for a, b in pairs + noise:
        if time.perf_counter() - t > budget:
            break
        for f in (a, b):
            arts.setdefault(f, read_article(bench / f))
        xa, xb = arts[a], arts[b]
        for a0, a1, b0, b1 in baseline_difflib.passages(xa.clean.text, xb.clean.text):
            s0, s1 = xa.clean.offsets.span_to_source(a0, a1)
            d0, d1 = xb.clean.offsets.span_to_source(b0, b1)
            dets.append((a, s0, s1, b, d0, d1))
        done += 1
    seen = set(pairs[:done])
    sub = {"cases": [c for c in gold["cases"] if (c["src"], c["dst"]) in seen]}
    res = score(sub, dets, ["edited"] * len(dets))
    res["pairs_compared"], res["seconds"] = done, time.perf_counter() - t
    return res


def _fmt(r: dict[str, float]) -> str:
    return (f"plagdet {r['plagdet']:.3f}  precision {r['precision']:.3f}  recall "
            f"{r['recall']:.3f}  granularity {r['granularity']:.3f}  "
            f"({r['cases']} cases, {r['detections']} detections)")


def cmd_quality(args: argparse.Namespace, tmp: Path) -> None:
    bench = tmp / "bench"
    gold = make(args.n, args.k, args.m, bench, args.seed, heavy=args.heavy, near=args.near)
    print(f"import: {build_library(bench, tmp / 'lib'):.1f} s")
    if args.worker:
        shutil.copytree(tmp / "lib", tmp / "lib-worker")
    run = link_in_child(tmp / "lib")
    print(f"linking all against all: {run['docs']} docs, {run['links']} links in "
          f"{run['seconds']:.1f} s, peak RSS {run['peak_mb']:.0f} MB")
    runs: list[int] = []
    names = imported(tmp / "lib")  # a rework identical to its source is refused as a duplicate
    gold = {**gold, "cases": [c for c in gold["cases"] if c["dst"] in names]}
    res = score(gold, *detections(tmp / "lib", runs))
    for kind in ("all", "verbatim", "edited", "paraphrase", "heavy"):
        if res[kind]["cases"]:
            print(f"  parallax {kind:<10} {_fmt(res[kind])}")
    heavy = [c for c in gold["cases"] if c["kind"] == "heavy"]
    if heavy:
        dets, _ = detections(tmp / "lib")
        hit = sum(1 for c in heavy if _touches_any(c, dets))
        print(f"  heavy rewrites with any link: {hit} of {len(heavy)}")
    if args.near:
        print(f"  links between a source and its near-topic article ({args.near} pairs): "
              f"{sum(res['near_links'].values())} {dict(res['near_links'])}")
    print(f"  links between unrelated articles: {res['unrelated_links']} (of them "
          f"{sum(r >= 8 for r in runs)} share 8+ identical words in a row: text the corpus "
          f"itself repeats); between reworks of "
          f"one source: {res['sibling_links']}; kinds: {res['kinds_found']}")
    if args.worker:  # the window's way: planned in a worker process, written here
        wrun = link_in_child(tmp / "lib-worker", worker=True)
        same = named_links(tmp / "lib") == named_links(tmp / "lib-worker")
        print(f"linking planned in a worker process: {wrun['links']} links in "
              f"{wrun['seconds']:.1f} s (worker used: {wrun['worker_used']}); every pair, span, "
              f"kind and score equal to linking in one process: {same}")
    base = difflib_quality(bench, gold, args.budget)
    print(f"difflib baseline ({base['pairs_compared']} pairs in {base['seconds']:.1f} s):")
    for kind in ("all", "verbatim", "edited", "paraphrase", "heavy"):
        if base[kind]["cases"]:
            print(f"  difflib  {kind:<10} {_fmt(base[kind])}")
    print(f"  difflib links between unrelated articles: {base['unrelated_links']}")


def make_set(kind: str, size: int, out: Path, seed: int, rounds: str = "skeleton") -> None:
    """``bench``: size corpus articles and one rework each (make_bench); ``scale``: size
    documents in families of four (make_scale: reworks, reworks of reworks, new stories past
    the corpus, made by ``rounds``)."""
    if kind == "scale":
        from bench.make_scale import make_scale

        make_scale(size, out, seed, rounds)
    else:
        make(size, 1, 0, out, seed)


def cmd_speed(args: argparse.Namespace, tmp: Path) -> None:
    """All against all at each size; with --compare CODE, the same set is also linked by
    another checkout's code (its own import), interleaved with this code's runs and repeated
    (--repeat), so that the load of a shared machine hits both alike."""
    import shutil
    import statistics

    sizes = [int(s) for s in args.sizes.split(",")]
    codes = [("this", None)] + ([("before", args.compare)] if args.compare else []) \
        + ([("worker", None)] if args.worker else []) \
        + [(Path(d).name, d) for d in args.also]  # (this code's library, another code's linking)
    own_lib = {Path(d).name for d in args.also} | {"worker"}
    libs: dict[tuple[str, int], Path] = {}
    home = args.libs or tmp  # --libs: imported libraries kept there and reused
    kind = args.set + (f"-{args.rounds}" if args.set == "scale" else "")
    for size in sizes:
        bench = tmp / f"b{size}"
        for name, code in codes:
            if name in own_lib:  # links a copy of this code's library
                libs[(name, size)] = home / f"{kind}-{size}-this"
                continue
            lib = home / f"{kind}-{size}-{name}"
            libs[(name, size)] = lib
            if (lib / "imported").exists():
                print(f"[{name}] {size}: imported before, in {lib}", flush=True)
                continue
            if not bench.exists():
                make_set(args.set, size, bench, args.seed, args.rounds)
            shutil.rmtree(lib, ignore_errors=True)
            imp = build_with(bench, lib, code) if code else build_library(bench, lib)
            (lib / "imported").write_text(f"{code or ROOT}\n{imp:.1f} s\n")
            print(f"[{name}] {size}: import {imp:.1f} s", flush=True)
        if args.budget > 0:
            if not bench.exists():
                make_set(args.set, size, bench, args.seed, args.rounds)
            rate = _difflib_rate(bench, args.budget)
            print(f"difflib on random pairs: {rate:.0f} pairs/s", flush=True)
        shutil.rmtree(bench, ignore_errors=True)
    if args.import_only:
        return
    runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for rep in range(args.repeat):
        for size in sizes:
            order = codes if (rep + sizes.index(size)) % 2 == 0 else codes[::-1]
            for name, code in order:
                copy = tmp / f"run-{name}-{size}"
                shutil.copytree(libs[(name, size)], copy)
                run = link_in_child(copy, code if name != "worker" else None,
                                    worker=name == "worker")
                shutil.rmtree(copy)
                run["load"] = _load()
                runs.setdefault((name, size), []).append(run)
                prepared = (f", {run['prepared']} prepared, sentences computed again "
                            f"{run.get('sentences_again')}, packed {run.get('sentences_packed')}"
                            f", restored {run.get('sentences_restored')}"
                            if run.get("prepared") else "")
                print(f"[{name}] rep {rep + 1}, {run['docs']} docs: linking {run['seconds']:.1f} s "
                      f"(CPU {run['cpu']:.1f} s, {run.get('aligned', 0)} pairs aligned in "
                      f"{run.get('align_cpu', 0):.1f} s) "
                      f"({1000 * run['seconds'] / run['docs']:.2f} ms/doc), peak RSS "
                      f"{run['peak_mb']:.0f} MB (after open {run['base_mb']:.0f} MB), "
                      f"{run['links']} links{prepared}; load {run['load']}"
                      + (f"; code {run['code']}" if rep == 0 else ""), flush=True)
    print("\nsummary (seconds: min / median of the repeats; ms per document from the min)")
    for name, _ in codes:
        pts_min, pts_med, pts_cpu = [], [], []
        for size in sizes:
            rs = runs[(name, size)]
            secs = [r["seconds"] for r in rs]
            docs = rs[0]["docs"]
            lo, med = min(secs), statistics.median(secs)
            pts_min.append((docs, lo))
            pts_med.append((docs, med))
            pts_cpu.append((docs, min(r["cpu"] for r in rs)))
            print(f"[{name}] {docs:>6} docs: {lo:7.1f} / {med:7.1f} s  CPU {pts_cpu[-1][1]:7.1f} s  "
                  f"{1000 * lo / docs:5.2f} ms/doc  "
                  f"peak {max(r['peak_mb'] for r in rs):.0f} MB  {rs[0]['links']} links"
                  + (f"  prepared {rs[0]['prepared']}" if rs[0].get("prepared") else ""))
        if len(sizes) >= 2:
            print(f"[{name}] linking time ∝ docs^{_slope(pts_min):.2f} (min), "
                  f"^{_slope(pts_med):.2f} (median) over {[n for n, _ in pts_min]}; last step "
                  f"^{_slope(pts_min[-2:]):.2f} (min); CPU time ∝ docs^{_slope(pts_cpu):.2f}")
    for lib in libs.values():
        if not args.libs:
            shutil.rmtree(lib, ignore_errors=True)


def _slope(pts: list[tuple[int, float]]) -> float:
    """Least-squares exponent k of time ∝ n^k."""
    xs, ys = [math.log(n) for n, _ in pts], [math.log(t) for _, t in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)


def _load() -> str:
    import os

    return f"{os.getloadavg()[0]:.1f}"


def _difflib_rate(bench: Path, budget: float) -> float:
    from desktop.core.ingest import read_article

    files = sorted(bench.glob("*.txt"))
    texts = [read_article(f).clean.text for f in files[:400]]
    rng, t, n = random.Random(3), time.perf_counter(), 0
    while time.perf_counter() - t < budget:
        a, b = rng.sample(texts, 2)
        baseline_difflib.passages(a, b)
        n += 1
    return n / (time.perf_counter() - t)


def cmd_addone(args: argparse.Namespace, tmp: Path) -> None:
    from desktop.core.library import Library

    bench, lib_dir = tmp / "bench", tmp / "lib"
    make(args.n, args.k, args.m, bench, args.seed)
    last = sorted(bench.glob("*_r0.txt"))[-5:]
    print(f"import: {build_library(bench, lib_dir, {p.name for p in last}):.1f} s")
    run = link_in_child(lib_dir)
    print(f"linking all against all: {run['docs']} docs in {run['seconds']:.1f} s, "
          f"peak RSS {run['peak_mb']:.0f} MB, {run['links']} links")
    with Library.open(lib_dir) as lib:
        spent: list[float] = []
        update = lib.links.update

        def timed_update(*a: Any, **k: Any) -> int:
            t0 = time.perf_counter()
            try:
                return update(*a, **k)
            finally:
                spent.append(time.perf_counter() - t0)

        lib.links.update = timed_update  # type: ignore[method-assign]
        for path in last:
            t = time.perf_counter()
            (res,) = lib.import_paths([path])
            lib.link_pending()
            total = time.perf_counter() - t
            n = len(lib.links.for_document(res.doc_id or 0))
            print(f"add {path.name} to {lib.store.count() - 1} docs: linking {spent[-1] * 1000:.0f} ms, "
                  f"whole import {total * 1000:.0f} ms (read, store, index, link), {n} links")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["quality", "speed", "addone"])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--k", type=int, default=2)
    ap.add_argument("--m", type=int, default=50)
    ap.add_argument("--sizes", default="250,500,1000,2000")
    ap.add_argument("--budget", type=float, default=20.0, help="difflib seconds (20)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--compare", metavar="CODE",
                    help="speed: also link with the desktop package of this checkout (before/after)")
    ap.add_argument("--also", metavar="CODE", action="append", default=[],
                    help="speed: also link a copy of this code's library with the desktop "
                         "package of this checkout (same library schema; named by its folder)")
    ap.add_argument("--set", choices=["bench", "scale"], default="bench",
                    help="speed: sizes count corpus articles + one rework each (bench), or "
                         "documents in families of four (scale: bench/make_scale.py)")
    ap.add_argument("--rounds", choices=["skeleton", "language"], default="skeleton",
                    help="scale set: how its stories past the corpus are made (make_scale.py)")
    ap.add_argument("--libs", type=Path,
                    help="speed: keep the imported libraries in this folder and reuse them")
    ap.add_argument("--import-only", action="store_true",
                    help="speed: import (into --libs) and stop; link in a later run")
    ap.add_argument("--repeat", type=int, default=1, help="speed: runs of each size and code")
    ap.add_argument("--heavy", type=float, default=0.0,
                    help="share of reworks with one paragraph heavily rewritten (quality)")
    ap.add_argument("--worker", action="store_true",
                    help="quality: also link the same library in a worker process, as the "
                         "window does, and compare every link; speed: time that way too")
    ap.add_argument("--near", type=int, default=0,
                    help="sources given a near-topic unrelated article (quality)")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    with tempfile.TemporaryDirectory(prefix="parallax-links-") as tmp:
        {"quality": cmd_quality, "speed": cmd_speed, "addone": cmd_addone}[args.mode](args, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
