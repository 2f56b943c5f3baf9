"""Batch benchmarks (not tests): the same answers as the desktop, and scaling per phase.

    python bench/bench_batch.py same --n 1000 --k 1            # make bench-batch
    python bench/bench_batch.py scale --sizes 2000,10000,50000 --workers 1,2

``same`` makes the link set of bench/bench_links.py (n corpus articles and k reworks of each,
bench/make_bench.py), imports it into a desktop library, links it and recognises entities
there (timed), runs ``parallax batch`` on the same folder with 2 local workers, and compares:
links (same pairs, clean spans, kinds, scores) and mentions (same source spans, labels,
entities). ``scale`` runs the batch job (without recognition unless --entities-up-to) on n documents
in families of four (bench/make_scale.py: repeated corpus variants that stay new stories, so
reuse per document does not grow with n), with 1 and 2 workers, repeated and interleaved,
and prints each phase's seconds (min / median), the peak memory of a worker, the load
average, machine-independent counts (postings, pair incidences, chosen pairs) and how
candidate generation grows (fitted exponents). Needs ../shared/corpus; skips without it.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_bench import CORPUS, make  # noqa: E402


def _batch(inputs: list[Path], out: Path, workers: int, entities: bool,
           stop_after: str = "") -> dict[str, Any]:
    from desktop.batch.run import Options, run_batch

    t = time.perf_counter()
    res = run_batch(Options(inputs=inputs, out=out, workers=workers, entities=entities,
                            stop_after=stop_after), lambda m: None)
    res["seconds"] = time.perf_counter() - t
    res["stages"] = json.loads((out / "manifest.json").read_text())["stages"]
    return res


def _rows(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return list(ds.dataset(str(out / name), format="parquet").to_table().to_pylist())


def cmd_same(args: argparse.Namespace, tmp: Path) -> None:
    from desktop.core.library import Library

    entities = not args.no_entities
    if args.set == "scale":
        bench = scale_set(args.n, args.sets or tmp / "sets", args.seed, args.rounds)
    else:
        bench = tmp / "bench"
        make(args.n, args.k, 0, bench, args.seed)
    print(f"set: {bench}; load {_load():.1f}", flush=True)
    with Library.open(tmp / "lib") as lib:
        t = time.perf_counter()
        lib.import_paths([bench])
        t_imp = time.perf_counter() - t
        t = time.perf_counter()
        lib.link_pending()
        t_link = time.perf_counter() - t
        t = time.perf_counter()
        if entities:
            lib.entities.recognize()
        t_ent = time.perf_counter() - t
        path = {d.id: d.path for d in lib.list_documents()}
        desk_links = sorted((path[k.a.doc], k.a.start, k.a.end, path[k.b.doc], k.b.start, k.b.end,
                             str(k.kind), k.score) for k in lib.links.all_links())
        desk_ment = []
        for d in lib.list_documents() if entities else []:
            doc = lib.get_document(d.id)
            for m in lib.entities.mentions(d.id, doc.clean.text):
                s, e = doc.clean.offsets.span_to_source(m.start, m.end)
                desk_ment.append((doc.path, s, e, str(m.label), m.entity))
        n_docs = lib.store.count()
    print(f"desktop: {n_docs} documents; import {t_imp:.1f} s, linking {t_link:.1f} s, "
          f"recognition {t_ent:.1f} s; {len(desk_links)} links, {len(desk_ment)} mentions")
    print(f"load {_load():.1f}", flush=True)
    out = args.batch_out or tmp / "out"
    if args.batch_out:  # a finished run on the same set (scale --keep): only the comparison
        res = {"seconds": 0.0, "stages": json.loads((out / "manifest.json").read_text())["stages"]}
    else:
        res = _batch([bench], out, args.workers, entities)
    stages = ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in res["stages"].items())
    print(f"batch ({args.workers} workers): {res['seconds']:.1f} s in all ({stages}); "
          f"peak worker memory {max(v['peak_worker_mb'] for v in res['stages'].values()):.0f} MB;"
          f" load {_load():.1f}")
    bl = sorted((r["a_path"], r["a_clean_start"], r["a_clean_end"], r["b_path"],
                 r["b_clean_start"], r["b_clean_end"], r["kind"], r["score"])
                for r in _rows(out, "links"))
    bm = sorted((r["path"], r["start"], r["end"], r["label"], r["entity"])
                for r in _rows(out, "mentions")) if entities else []
    desk_ment.sort()
    for name, a, b in (("links", desk_links, bl), ("mentions", desk_ment, bm))[:1 + entities]:
        same = a == b
        print(f"{name}: desktop {len(a)}, batch {len(b)}: {'EQUAL' if same else 'DIFFERENT'}"
              + ("" if same else f" ({len(set(a) - set(b))} only in the desktop, "
                                 f"{len(set(b) - set(a))} only in the batch)"))


def scale_set(n: int, sets: Path, seed: int, rounds: str = "skeleton") -> Path:
    """The n-document scale set (bench/make_scale.py, its rounds made by ``rounds``), made
    once under ``sets`` and reused."""
    from bench.make_scale import make_scale

    folder = sets / (f"s{n}" if rounds == "skeleton" else f"{rounds}{n}")
    if not (folder / "scale.json").exists():
        make_scale(n, folder, seed, rounds)
    return folder


OLD_CAP = 1000  # the constant cap before it was derived from the corpus size


def incidences(out: Path) -> dict[str, int]:
    """Machine-independent size of candidate generation: postings, distinct hashes, the cap
    the run used (manifest) and the hashes over it, and Σ C(df, 2) over the hashes that count
    (the pair incidences step 1 of pairs.py makes, before they are summed), with that cap and
    with the old constant one."""
    import json

    import numpy as np
    import pyarrow.dataset as ds

    cap = int(json.loads((out / "manifest.json").read_text())["max_df"])
    h = ds.dataset(str(out / "postings"), format="parquet").to_table(columns=["hash"])
    _, df = np.unique(h.column("hash").to_numpy(), return_counts=True)

    def pairs_under(c: int) -> int:
        ok = df[(df >= 2) & (df <= c)].astype(np.int64)
        return int((ok * (ok - 1) // 2).sum())

    return {"postings": int(df.sum()), "hashes": len(df), "cap": cap,
            "over_cap": int((df > cap).sum()), "incidences": pairs_under(cap),
            "incidences_old_cap": pairs_under(OLD_CAP)}


def _load() -> float:
    import os

    return os.getloadavg()[0]


def cmd_scale(args: argparse.Namespace, tmp: Path) -> None:
    """Each size × workers, repeated (interleaved, so a burst of load hits both alike)."""
    import shutil
    import statistics

    sizes = [int(s) for s in args.sizes.split(",")]
    workers = [int(x) for x in args.workers.split(",")]
    sets = args.sets or tmp / "sets"
    runs: dict[tuple[int, int], list[dict[str, Any]]] = {}
    counts: dict[int, dict[str, Any]] = {}
    for n in sizes:
        src = scale_set(n, sets, args.seed, args.rounds)
        reps = args.repeat if n <= args.repeat_up_to else 1
        for rep in range(reps):
            for w in (workers if rep % 2 == 0 else workers[::-1]):
                out = tmp / f"out{n}_{w}"
                shutil.rmtree(out, ignore_errors=True)
                before = _load()
                res = _batch([src], out, w, n <= args.entities_up_to,
                             "pairs" if n > args.links_up_to else "")
                res["load"] = (before, _load())
                if n not in counts:
                    counts[n] = {**incidences(out), "docs": res["documents"],
                                 "pairs": res["pairs"], "links": res["links"]}
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
                runs.setdefault((n, w), []).append(res)
                st = res["stages"]
                phases = "  ".join(f"{k} {v['seconds']:.1f}" + (f" (CPU {v['cpu_s']:.1f})"
                                                                  if "cpu_s" in v else "")
                                   for k, v in st.items())
                print(f"{n} docs, {w} worker(s), rep {rep + 1}: {res['seconds']:.1f} s  [{phases}]"
                      f"  peak worker {max(v['peak_worker_mb'] for v in st.values()):.0f} MB; "
                      f"{res['links']} links, {res['pairs']} pairs; load "
                      f"{res['load'][0]:.1f} → {res['load'][1]:.1f}", flush=True)
                print("    workers busy (task stream): " + "; ".join(
                    f"{k} " + "/".join(f"{b:.1f}" for b in v["busy_s"].values())
                    + f" s of {v['seconds']:.1f} s (tail {v['tail_s']:.1f} s, {v['tasks']} tasks)"
                    for k, v in st.items() if v.get("busy_s")), flush=True)
    print("\nsizes (machine-independent):")
    for n, c in counts.items():
        print(f"  {n}: {c['docs']} docs, {c['postings']} postings ({c['postings'] / c['docs']:.0f}"
              f"/doc), {c['hashes']} hashes, {c['over_cap']} over the cap of {c['cap']}, "
              f"{c['incidences']} pair incidences ({c['incidences'] / c['docs']:.1f}/doc; with the "
              f"old cap of {OLD_CAP}: {c['incidences_old_cap'] / c['docs']:.1f}/doc), "
              f"{c['pairs']} chosen pairs "
              f"({c['pairs'] / c['docs']:.2f}/doc), {c['links']} links")
    print("\nseconds per stage, min / median of the repeats (runs); peak worker MB (max)")
    stages: list[str] = []
    for rs in runs.values():
        stages += [k for k in rs[0]["stages"] if k not in stages]
    print("| docs | workers | runs | " + " | ".join(stages) + " | in all | peak MB |")
    for (n, w), rs in runs.items():
        cells = []
        for k in stages:
            secs = [r["stages"][k]["seconds"] for r in rs if k in r["stages"]]
            cpu = [r["stages"][k]["cpu_s"] for r in rs if "cpu_s" in r["stages"].get(k, {})]
            cells.append((f"{min(secs):.1f} / {statistics.median(secs):.1f}" if secs else "–")
                         + (f" (CPU {min(cpu):.1f})" if cpu else ""))
        tot = [r["seconds"] for r in rs]
        peak = max(v["peak_worker_mb"] for r in rs for v in r["stages"].values())
        print(f"| {n:,} | {w} | {len(rs)} | " + " | ".join(cells)
              + f" | {min(tot):.1f} / {statistics.median(tot):.1f} | {peak:.0f} |")
    if len(counts) >= 2:
        pts = [(c["docs"], c["incidences"]) for c in counts.values()]
        old = [(c["docs"], c["incidences_old_cap"]) for c in counts.values()]
        print(f"\npair incidences ∝ docs^{_slope(pts):.2f} (with the old cap: ^{_slope(old):.2f}); "
              f"chosen pairs ∝ docs^"
              f"{_slope([(c['docs'], c['pairs']) for c in counts.values()]):.2f}")
        for w in workers:
            for k in ("pairs", "links", "prepare"):
                pts = [(counts[n]["docs"], min(r["stages"][k]["seconds"] for r in runs[(n, w)]))
                       for n in sizes if (n, w) in runs and k in runs[(n, w)][0]["stages"]]
                cpu = [(counts[n]["docs"], min(r["stages"][k].get("cpu_s", 0.0)
                                               for r in runs[(n, w)]))
                       for n in sizes if (n, w) in runs and k in runs[(n, w)][0]["stages"]]
                if len(pts) >= 2:
                    print(f"{k} with {w} worker(s): time ∝ docs^{_slope(pts):.2f} (min) over "
                          f"{[d for d, _ in pts]}; last step ^{_slope(pts[-2:]):.2f}"
                          + (f"; CPU ∝ docs^{_slope(cpu):.2f}" if all(c for _, c in cpu) else ""))


def _slope(pts: list[tuple[int, float]]) -> float:
    """Least-squares exponent k of y ∝ n^k."""
    xs, ys = [math.log(n) for n, _ in pts], [math.log(max(t, 1e-9)) for _, t in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["same", "scale"])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--k", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", default="2")
    ap.add_argument("--sizes", default="2000,10000,50000")
    ap.add_argument("--entities-up-to", type=int, default=0,
                    help="scale: recognise entities at sizes up to this (default none: "
                         "recognition is per partition, measured by `same`)")
    ap.add_argument("--repeat", type=int, default=2, help="scale: runs of each size and workers")
    ap.add_argument("--repeat-up-to", type=int, default=10000,
                    help="scale: larger sizes run once")
    ap.add_argument("--sets", type=Path,
                    help="scale: folder of the scale sets (made there once, kept; default: tmp)")
    ap.add_argument("--links-up-to", type=int, default=10**9,
                    help="above this size stop after candidate generation (the pairs stage)")
    ap.add_argument("--set", choices=["bench", "scale"], default="bench",
                    help="same: n corpus articles + k reworks (bench), or the n-document "
                         "scale set (bench/make_scale.py)")
    ap.add_argument("--rounds", choices=["skeleton", "language"], default="skeleton",
                    help="scale set: how its stories past the corpus are made (make_scale.py: "
                         "rounds that keep a frequent-word skeleton, or rounds as languages)")
    ap.add_argument("--no-entities", action="store_true",
                    help="same: compare links only (no recognition on either side)")
    ap.add_argument("--keep", action="store_true",
                    help="scale: keep each size's last result (TMP/outN_W) for `same --batch-out`")
    ap.add_argument("--batch-out", type=Path,
                    help="same: compare with this finished batch result instead of running one")
    ap.add_argument("--tmp", type=Path, help="work folder (default: a temporary one)")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    if args.mode == "same":
        args.workers = int(args.workers.split(",")[0])
    if args.tmp:
        args.tmp.mkdir(parents=True, exist_ok=True)
        {"same": cmd_same, "scale": cmd_scale}[args.mode](args, args.tmp)
        return 0
    with tempfile.TemporaryDirectory(prefix="parallax-batch-") as tmp:
        {"same": cmd_same, "scale": cmd_scale}[args.mode](args, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
