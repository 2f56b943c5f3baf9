"""The batch job: a Dask cluster, the stages in order, progress, resume.

    prepare   per partition: read + clean + prepare → documents/, postings/
    dedupe    on the client: the first of each content hash is kept (as a desktop import
              refuses later duplicates) → keys.npy, duplicates.parquet
    pairs     the corpus-wide candidate pairs (pairs.py) → pairs/
    links     per partition: align the pairs whose lower id is there → links/
    entities  per partition: recognise → candidates/, votes/
    lexicon   on the client: the votes summed (the desktop's GROUP BY) → lexicon.parquet
    mentions  per partition: resolve against the lexicon → mentions/
    index     per partition: the desktop's search index, names included → index/ (search.py)

Every stage skips what exists, so running the same command again resumes a run that was
stopped; the manifest (manifest.py) refuses a resume with other inputs or parameters and keeps
a record of every run on the folder. Tasks are retried (a lost worker's tasks run again
elsewhere); their outputs are written atomically. The cluster: cluster.py; what the client
computes between stages: collect.py.

The scheduler is reached (or the local cluster started) before the inputs are counted: on
10⁷ records counting takes minutes, and a wrong address must not wait for it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.batch import records
from desktop.batch.cluster import client_for
from desktop.batch.collect import busy, dedupe, lexicon, summary
from desktop.batch.inputs import check_inputs, plan
from desktop.batch.manifest import (
    check_folder,
    done_before,
    done_text,
    new_manifest,
    now,
    open_manifest,
    totals,
)
from desktop.core.entities.recognizer import chosen_model
from desktop.core.overlap import candidates as rule

SKIPPED_LISTED = 1000  # files not read that the manifest names (all are counted)
RETRIES = 3


@dataclass
class Options:
    inputs: list[Path]
    out: Path
    scheduler: str | None = None
    workers: int = 2
    part_size: int = 500
    entities: bool = True
    buckets: int = 0  # shuffle partitions (0: from the corpus size)
    # the entity model ("": as the desktop chooses it, looked up only when entities are on)
    entity_model: str = ""
    stop_after: str = ""  # benchmarks: "pairs" ends the run there
    params: dict[str, int] = field(default_factory=lambda: {
        "min_shared": rule.MIN_SHARED, "max_candidates": rule.MAX_CANDIDATES,
        "min_df_cap": rule.MIN_DF_CAP})


Say = Callable[[str], None]


def _stage(client: Any, name: str, fn: Callable[..., dict[str, Any]], args: list[tuple],
           say: Say, note: Callable[[list[dict[str, Any]]], None] = lambda done: None
           ) -> list[dict[str, Any]]:
    """Run one task per partition, with retries, reporting progress as they finish. Task keys
    name the stage and partition (the dashboard shows them) and this run: on a shared
    scheduler, a key another run still holds would hand back that run's result instead of
    running the task."""
    from distributed import as_completed

    run = uuid.uuid4().hex[:12]
    futures = [client.submit(fn, *a, key=f"{name}-{a[0] if isinstance(a[0], int) else a[0].index}-{run}",
                             retries=RETRIES, pure=False) for a in args]
    results: list[dict[str, Any]] = []
    step = max(1, len(futures) // 20)
    for n, fut in enumerate(as_completed(futures), 1):
        results.append(fut.result())
        if n % step == 0 or n == len(futures):
            say(f"{name}: {n}/{len(futures)} partitions")
            note(results)
    return results


def run_batch(opts: Options, say: Say) -> dict[str, Any]:
    from desktop.batch import pairs, tasks

    # the workers are other processes, on a cluster other machines with another working
    # folder: a relative --out would send their files somewhere else
    opts = replace(opts, out=Path(os.path.abspath(opts.out)))  # "../result" without ".."
    if opts.entities and not opts.entity_model:
        opts = replace(opts, entity_model=chosen_model())  # only a run that recognises names
    # what can be told at once is told before the cluster is reached; counting the records
    # (a pass over every record file) comes after it, so a wrong address is not found minutes late
    check_folder(opts.out)
    check_inputs(opts.inputs)
    with client_for(opts) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        say(f"cluster: {workers} workers ({client.scheduler.address})")
        skipped: list[tuple[str, str]] = []
        parts = plan(opts.inputs, opts.part_size, skipped, opts.out, say)
        resumed = (opts.out / "manifest.json").exists()
        manifest = open_manifest(opts, new_manifest(opts, parts))
        if skipped:  # as an import lists them: a folder's other files, or one it cannot open
            by = Counter(why for _, why in skipped)
            say(f"{len(skipped):,} files or folders not read ("
                + "; ".join(f"{n:,} {why}" for why, n in by.most_common(4))
                + ("; …" if len(by) > 4 else "") + "): listed in manifest.json, skipped")
        manifest["skipped"] = [list(x) for x in skipped[:SKIPPED_LISTED]]
        manifest["skipped_count"] = len(skipped)
        out, o = opts.out, str(opts.out)
        first_ids = [p.first_id for p in parts]
        n_docs = sum(p.count for p in parts)
        buckets = opts.buckets or max(2, min(256, n_docs // 2000 + 1))
        runs: list[dict[str, Any]] = manifest["runs"]
        this: dict[str, Any] = {"started": now(), "ended": None, "resumed": resumed,
                                "workers": workers, "entities": opts.entities, "stages": {}}
        runs.append(this)
        kept = done_before(out, len(parts), opts.entities) if resumed else {}
        if resumed:
            this["done_before"] = {**kept, "pairs": int((out / "pairs" / "_done").exists())}
        records.save_json(out / "manifest.json", manifest)
        say(f"{n_docs:,} inputs in {len(parts)} partitions → {out}"
            + (f" (resuming: run {len(runs)} on this folder; done before: "
               + done_text(this["done_before"], len(parts)) + ")" if resumed else ""))
        client.get_task_stream(count=1)  # starts the scheduler's task stream (for busy_s)

        def save() -> None:
            manifest["stages"] = totals(runs)
            records.save_json(out / "manifest.json", manifest)

        def progress(name: str) -> Callable[[list[dict[str, Any]]], None]:
            def note(results: list[dict[str, Any]]) -> None:  # how far a stopped stage got
                if name not in this["stages"] or not this["stages"][name].get("finished", True):
                    this["stages"][name] = {"finished": False, "partitions": len(parts),
                                            "partitions_computed": _computed(results)}
                    save()
            return note

        def timed(name: str, fn: Callable[[], Any]) -> Any:
            t, cpu, start = time.perf_counter(), client.run(tasks.cpu_s), time.time()
            mine = tasks.cpu_s()
            result = fn()
            peak = max(client.run(tasks.peak_mb).values(), default=0.0)
            used = sum(v - cpu.get(w, 0.0) for w, v in client.run(tasks.cpu_s).items())
            fig: dict[str, Any] = {"seconds": round(time.perf_counter() - t, 2),
                                   "peak_worker_mb": round(peak, 1),
                                   "cpu_s": round(used + tasks.cpu_s() - mine, 2),
                                   **busy(client.get_task_stream(start=start), start, time.time())}
            if isinstance(result, list):  # one task per partition: those not kept were made now
                # (not the tasks that said "skipped": a retry after a worker was lost once its
                # task had written its file finds it there)
                fig |= {"partitions": len(parts),
                        "partitions_computed": len(parts) - kept.get(name, 0)}
            this["stages"][name] = fig
            save()
            return result

        def per_part(name: str, fn: Callable[..., dict[str, Any]], args: list[tuple]) -> Any:
            return timed(name, lambda: _stage(client, name, fn, args, say, progress(name)))

        try:
            per_part("prepare", tasks.prepare_part, [(p, o) for p in parts])
            dups, kept_docs = timed("dedupe", lambda: dedupe(out, len(parts)))
            say(f"dedupe: {kept_docs:,} articles, {len(dups):,} duplicates")
            if not (out / "pairs" / "_done").exists():
                # the frequent-hash cap of the set the desktop would hold: the kept articles
                max_df = rule.max_df(kept_docs)
                manifest["max_df"] = max_df
                timed("pairs", lambda: pairs.compute(
                    out, len(parts), first_ids, max_df=max_df,
                    min_shared=opts.params["min_shared"], limit=opts.params["max_candidates"],
                    buckets=buckets))
                (out / "pairs" / "_done").touch()
            say("pairs: done")
            if opts.stop_after == "pairs":
                return _finish(out, this, save)
            per_part("links", tasks.align_part, [(p.index, o, first_ids) for p in parts])
            skip = sorted(dups)
            if opts.entities:
                per_part("entities", tasks.entities_part,
                         [(p.index, o, skip, opts.entity_model) for p in parts])
                lex = timed("lexicon", lambda: lexicon(out, len(parts)))
                per_part("mentions", tasks.mentions_part, [(p.index, o, skip, lex) for p in parts])
            per_part("index", tasks.index_part, [(p.index, o, skip, opts.entities) for p in parts])
            return _finish(out, this, save)
        except BaseException as exc:  # stopped: the run's record says when and why
            this["ended"] = now()
            this["stopped"] = "interrupted" if isinstance(exc, KeyboardInterrupt) else (
                str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            with suppress(OSError):  # a full disk: the record stays as it was
                save()
            raise


def _computed(results: list[dict[str, Any]]) -> int:
    return sum(1 for r in results if not r.get("skipped"))


def _finish(out: Path, this: dict[str, Any], save: Callable[[], None]) -> dict[str, Any]:
    this["ended"] = now()
    save()
    return {**summary(out), "run": this}


