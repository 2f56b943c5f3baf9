"""Batch benchmarks (not tests): the same answers as the desktop, and scaling per phase.

    python bench/bench_batch.py same --n 1000 --k 1            # make bench-batch
    python bench/bench_batch.py scale --sizes 2000,10000,50000 --workers 1,2

``same`` makes the link set of bench/bench_links.py (n corpus articles and k reworks of each,
bench/make_bench.py), imports it into a desktop library, links it and recognises entities
there (timed), runs ``parallax batch`` on the same folder with 2 local workers, and compares:
links (same pairs, clean spans, kinds, scores) and mentions (same source spans, labels,
entities). ``scale`` runs the batch job on n documents made as the import benchmark makes
them (corpus articles, then variants with paragraphs rotated), written as JSON Lines, with 1
and 2 workers, and prints each phase's seconds, the peak memory of a worker, and how
candidate generation grows (fitted exponent). Needs ../shared/corpus; skips without it.
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

    bench = tmp / "bench"
    make(args.n, args.k, 0, bench, args.seed)
    with Library.open(tmp / "lib") as lib:
        t = time.perf_counter()
        lib.import_paths([bench])
        t_imp = time.perf_counter() - t
        t = time.perf_counter()
        lib.link_pending()
        t_link = time.perf_counter() - t
        t = time.perf_counter()
        lib.entities.recognize()
        t_ent = time.perf_counter() - t
        path = {d.id: d.path for d in lib.list_documents()}
        desk_links = sorted((path[k.a.doc], k.a.start, k.a.end, path[k.b.doc], k.b.start, k.b.end,
                             str(k.kind), k.score) for k in lib.links.all_links())
        desk_ment = []
        for d in lib.list_documents():
            doc = lib.get_document(d.id)
            for m in lib.entities.mentions(d.id, doc.clean.text):
                s, e = doc.clean.offsets.span_to_source(m.start, m.end)
                desk_ment.append((doc.path, s, e, str(m.label), m.entity))
        n_docs = lib.store.count()
    print(f"desktop: {n_docs} documents; import {t_imp:.1f} s, linking {t_link:.1f} s, "
          f"recognition {t_ent:.1f} s; {len(desk_links)} links, {len(desk_ment)} mentions")
    res = _batch([bench], tmp / "out", args.workers, True)
    stages = ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in res["stages"].items())
    print(f"batch ({args.workers} workers): {res['seconds']:.1f} s in all ({stages}); "
          f"peak worker memory {max(v['peak_worker_mb'] for v in res['stages'].values()):.0f} MB")
    bl = sorted((r["a_path"], r["a_clean_start"], r["a_clean_end"], r["b_path"],
                 r["b_clean_start"], r["b_clean_end"], r["kind"], r["score"])
                for r in _rows(tmp / "out", "links"))
    bm = sorted((r["path"], r["start"], r["end"], r["label"], r["entity"])
                for r in _rows(tmp / "out", "mentions"))
    desk_ment.sort()
    for name, a, b in (("links", desk_links, bl), ("mentions", desk_ment, bm)):
        same = a == b
        print(f"{name}: desktop {len(a)}, batch {len(b)}: {'EQUAL' if same else 'DIFFERENT'}"
              + ("" if same else f" ({len(set(a) - set(b))} only in the desktop, "
                                 f"{len(set(b) - set(a))} only in the batch)"))


def write_variants(n: int, path: Path) -> None:
    """n articles as JSON Lines: the corpus, then variants (paragraphs rotated, a marker line),
    as bench/bench_import_search.py makes them."""
    from bench.bench_import_search import load_articles

    with path.open("w", encoding="utf-8") as f:
        for i, art in enumerate(load_articles(CORPUS, n)):
            f.write(json.dumps({"id": f"a{i:06d}", "title": art.get("title", ""),
                                "text": art["text"], "date": art.get("date", "")}) + "\n")


def cmd_scale(args: argparse.Namespace, tmp: Path) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    cands: dict[int, dict[int, float]] = {}
    for n in sizes:
        src = tmp / f"v{n}.jsonl"
        write_variants(n, src)
        for w in [int(x) for x in args.workers.split(",")]:
            entities = n <= args.entities_up_to
            stop = "pairs" if n > args.links_up_to else ""
            res = _batch([src], tmp / f"out{n}_{w}", w, entities, stop)
            st = res["stages"]
            cands.setdefault(w, {})[n] = st["pairs"]["seconds"]
            phases = "  ".join(f"{k} {v['seconds']:.1f}" for k, v in st.items())
            peak = max(v["peak_worker_mb"] for v in st.values())
            print(f"{n} docs, {w} worker(s): {res['seconds']:.1f} s  [{phases}]  peak worker "
                  f"{peak:.0f} MB; {res['links']} links, {res['pairs']} pairs, "
                  f"{res['mentions']} mentions", flush=True)
    for w, by_n in cands.items():
        ns = sorted(by_n)
        if len(ns) >= 2:
            xs, ys = [math.log(n) for n in ns], [math.log(by_n[n]) for n in ns]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
                (x - mx) ** 2 for x in xs)
            print(f"candidate generation with {w} worker(s): time ∝ n^{slope:.2f} over {ns}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["same", "scale"])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--k", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", default="2")
    ap.add_argument("--sizes", default="2000,10000,50000")
    ap.add_argument("--entities-up-to", type=int, default=10000,
                    help="recognise entities only at sizes up to this (10000)")
    ap.add_argument("--links-up-to", type=int, default=10**9,
                    help="above this size stop after candidate generation (the pairs stage)")
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
