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
stopped; the manifest refuses a resume with other inputs or parameters. It keeps a record of
every run (attempt) on the folder, ``runs``: when it started and ended, and per stage its
seconds, CPU seconds (workers and client; not those of a worker lost mid-stage), the workers'
peak memory and how many partitions that run computed (the others were done before); a
stage a run was stopped in says how far it got. ``stages`` holds the stages finished, with
their figures summed over the runs (one run: that run's figures). Tasks are retried (a lost
worker's tasks run again elsewhere); their outputs are written atomically.

The scheduler is reached (or the local cluster started) before the inputs are counted: on
10⁷ records counting takes minutes, and a wrong address must not wait for it.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.batch import records
from desktop.batch.inputs import InputError, Part, check_inputs, plan
from desktop.core.entities.recognizer import SpacyRecognizer, chosen_model
from desktop.core.entities.service import CLEANUP_VERSION
from desktop.core.overlap import candidates as rule
from desktop.version import __version__

FORMAT = 1  # the layout of a result folder (``runs`` in the manifest is an addition: a
# result written before it has ``stages`` alone, and is read and resumed as it is)
# what a stage's figures add up to over several runs (the others: the largest)
_SUMMED = ("seconds", "cpu_s", "tasks", "partitions_computed")
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


class _CancelledGather(logging.Filter):
    """Ctrl+C during a Dask computation (the pairs stage) leaves the client's gather task with
    its AllExit unread, and asyncio logs "Task exception was never retrieved" when it is
    collected, after "interrupted": a line that says nothing to the person who pressed it."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "AllExit"


@contextmanager
def client_for(opts: Options) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    for name in ("distributed", "distributed.shuffle", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    quiet = logging.getLogger("asyncio")
    if not any(isinstance(f, _CancelledGather) for f in quiet.filters):
        quiet.addFilter(_CancelledGather())
    if opts.scheduler:
        try:
            client = Client(opts.scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:  # refused, timed out, bad address
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"cannot reach the Dask scheduler at {opts.scheduler} ({text})") from None
        with client:
            yield client
        return
    with _deaf_to_ctrl_c():  # the worker processes inherit it; this process gets it back
        cluster = LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _deaf_to_ctrl_c() -> Iterator[None]:
    """Ctrl+C in a terminal reaches every process of the job: the local cluster's worker
    processes, started while SIGINT is ignored, keep ignoring it (Python installs its handler
    only where SIGINT is not ignored), so the command stops with one line and closes its
    cluster, instead of each worker printing a traceback as it dies."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _manifest(opts: Options, parts: list[Part]) -> dict[str, Any]:
    model = {"entity_model": opts.entity_model,
             "entities_model": _model_name(opts.entity_model)} if opts.entities else {}
    return {"format": FORMAT, "parallax": __version__,
            "inputs": [os.path.abspath(p) for p in opts.inputs],
            "part_size": opts.part_size, "entities": opts.entities, "params": opts.params,
            **model, "parts": [asdict(p) for p in parts]}


def _model_name(model: str) -> str:
    return f"{SpacyRecognizer(model).name}/clean-{CLEANUP_VERSION}"


def _check_folder(out: Path) -> None:
    """--out is a folder: new, empty, or a batch result (to resume)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; --out takes a folder (new or empty, or a "
                         "stopped run's to resume it)")
    if (out.is_dir() and not (out / "manifest.json").exists() and any(out.iterdir())):
        raise InputError(f"{out} is not empty and holds no batch result; "
                         "give an empty or new folder")


def _check_resume(opts: Options, manifest: dict[str, Any]) -> dict[str, Any]:
    path = opts.out / "manifest.json"
    if not path.exists():
        _check_folder(opts.out)
        opts.out.mkdir(parents=True, exist_ok=True)
        manifest["stages"] = {}
        manifest["runs"] = []
        records.save_json(path, manifest)
        return manifest
    import json

    old = json.loads(path.read_text(encoding="utf-8"))
    for k in ("format", "inputs", "part_size", "params", "parts", "entity_model"):
        if k == "entity_model" and not (opts.entities and old.get("entities")):
            continue  # a run without entities chose no model (and needs none)
        if old.get(k) != json.loads(json.dumps(manifest.get(k))):
            raise InputError(f"{opts.out} holds a run with other {k.replace('_', ' ')}; "
                             "resume with the same command, or give a new folder")
    if opts.entities and not old.get("entities"):
        old.update(entities=True, entity_model=opts.entity_model,
                   entities_model=_model_name(opts.entity_model))
    if "runs" not in old:  # written before runs were recorded: its figures are one earlier run
        old["runs"] = [{"started": None, "ended": None, "stages": old.get("stages", {})}]
    records.save_json(path, old)
    return dict(old)


def done_before(out: Path, n_parts: int, entities: bool) -> dict[str, int]:
    """Partitions of each per-partition stage whose files exist (what a resumed run keeps)."""
    from desktop.batch import search

    tables = {"prepare": ("documents", "postings"), "links": ("links",)}
    if entities:
        tables |= {"entities": ("candidates", "votes"), "mentions": ("mentions",)}
    got = {name: sum(all(records.exists(out, t, i) for t in ts) for i in range(n_parts))
           for name, ts in tables.items()}
    mark = search.NAMES if entities else ""
    got["index"] = sum((search.part_folder(out, i) / mark).exists() for i in range(n_parts))
    return got


def _totals(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each finished stage's figures over the runs: seconds, CPU seconds, tasks and partitions
    computed summed, the rest (peak memory, tail) the largest; busy seconds by worker."""
    out: dict[str, dict[str, Any]] = {}
    for r in runs:
        for name, fig in r.get("stages", {}).items():
            if not fig.get("finished", True):
                continue
            tot = out.setdefault(name, {})
            for k, v in fig.items():
                if k == "busy_s":
                    b = tot.setdefault("busy_s", {})
                    for w, x in v.items():
                        b[w] = round(b.get(w, 0.0) + x, 2)
                elif isinstance(v, bool) or not isinstance(v, (int, float)):
                    tot[k] = v
                elif k in _SUMMED:
                    tot[k] = round(tot.get(k, 0) + v, 2)
                else:
                    tot[k] = max(tot.get(k, v), v)
    return out


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
    _check_folder(opts.out)
    check_inputs(opts.inputs)
    with client_for(opts) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        say(f"cluster: {workers} workers ({client.scheduler.address})")
        skipped: list[tuple[str, str]] = []
        parts = plan(opts.inputs, opts.part_size, skipped, opts.out)
        resumed = (opts.out / "manifest.json").exists()
        manifest = _check_resume(opts, _manifest(opts, parts))
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
        this: dict[str, Any] = {"started": _now(), "ended": None, "resumed": resumed,
                                "workers": workers, "entities": opts.entities, "stages": {}}
        runs.append(this)
        kept = done_before(out, len(parts), opts.entities) if resumed else {}
        if resumed:
            this["done_before"] = {**kept, "pairs": int((out / "pairs" / "_done").exists())}
        records.save_json(out / "manifest.json", manifest)
        say(f"{n_docs:,} inputs in {len(parts)} partitions → {out}"
            + (f" (resuming: run {len(runs)} on this folder; done before: "
               + _done_text(this["done_before"], len(parts)) + ")" if resumed else ""))
        client.get_task_stream(count=1)  # starts the scheduler's task stream (for busy_s)

        def save() -> None:
            manifest["stages"] = _totals(runs)
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
            dups, kept_docs = timed("dedupe", lambda: _dedupe(out, len(parts)))
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
                lex = timed("lexicon", lambda: _lexicon(out, len(parts)))
                per_part("mentions", tasks.mentions_part, [(p.index, o, skip, lex) for p in parts])
            per_part("index", tasks.index_part, [(p.index, o, skip, opts.entities) for p in parts])
            return _finish(out, this, save)
        except BaseException as exc:  # stopped: the run's record says when and why
            this["ended"] = _now()
            this["stopped"] = "interrupted" if isinstance(exc, KeyboardInterrupt) else (
                str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            with suppress(OSError):  # a full disk: the record stays as it was
                save()
            raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _computed(results: list[dict[str, Any]]) -> int:
    return sum(1 for r in results if not r.get("skipped"))


def _done_text(done: dict[str, int], n_parts: int) -> str:
    """What a resumed run finds done, e.g. "prepare 12/12, pairs, links 5/12 partitions"."""
    bits = [f"{k} {done[k]}/{n_parts}" if k != "pairs" else "pairs"
            for k in ("prepare", "pairs", "links", "entities", "mentions", "index")
            if done.get(k)]
    return ", ".join(bits) + " partitions" if bits else "nothing"


def _finish(out: Path, this: dict[str, Any], save: Callable[[], None]) -> dict[str, Any]:
    this["ended"] = _now()
    save()
    return {**summary(out), "run": this}


def busy(stream: list[dict[str, Any]], start: float, end: float) -> dict[str, Any]:
    """What the workers did during one stage, from the scheduler's task stream: seconds spent
    computing tasks on each worker (``busy_s``), the number of tasks, and ``tail_s``: how long
    before the stage ended the first worker ran out of tasks (the others still busy)."""
    per: dict[str, float] = {}
    last: dict[str, float] = {}
    for rec in stream:
        w = str(rec.get("worker", ""))
        for ss in rec.get("startstops", ()):
            if ss.get("action") == "compute" and ss["stop"] >= start:
                per[w] = per.get(w, 0.0) + ss["stop"] - max(ss["start"], start)
                last[w] = max(last.get(w, 0.0), ss["stop"])
    tail = end - min(last.values()) if len(last) > 1 else 0.0
    return {"busy_s": {w: round(v, 2) for w, v in sorted(per.items())}, "tasks": len(stream),
            "tail_s": round(tail, 2)}


def _dedupe(out: Path, n_parts: int) -> tuple[set[int], int]:
    """The first document of each content hash is kept; keys.npy (doc id → key number, -1 for
    documents not kept) and duplicates.parquet (doc, duplicate_of)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    first: dict[str, int] = {}
    dups: dict[int, int] = {}
    top = 0
    for i in range(n_parts):
        for r in records.read(out, "documents", i, ["doc", "status", "content_hash"]):
            top = max(top, r["doc"])
            if r["status"] != "imported":
                continue
            h = r["content_hash"]
            if h in first:
                dups[r["doc"]] = first[h]
            else:
                first[h] = r["doc"]
    keys = np.full(top + 1, -1, dtype=np.int64)
    for h, doc in first.items():
        keys[doc] = rule.key_number(h)
    np.save(out / "keys.tmp.npy", keys)
    (out / "keys.tmp.npy").replace(out / "keys.npy")
    table = pa.table({"doc": list(dups), "duplicate_of": list(dups.values())},
                     schema=pa.schema([("doc", pa.int64()), ("duplicate_of", pa.int64())]))
    pq.write_table(table, out / "duplicates.tmp.parquet")
    (out / "duplicates.tmp.parquet").replace(out / "duplicates.parquet")
    return set(dups), len(first)


def _lexicon(out: Path, n_parts: int) -> str:
    """The corpus lexicon's rows: votes summed over partitions, in the order SQLite's GROUP BY
    returns them (key, text, label)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    total: dict[tuple[str, str, str], int] = {}
    for i in range(n_parts):
        for r in records.read(out, "votes", i):
            k = (r["key"], r["text"], r["label"])
            total[k] = total.get(k, 0) + r["n"]
    rows = [{"key": k, "text": t, "label": lab, "n": n} for (k, t, lab), n in sorted(total.items())]
    path = out / "lexicon.parquet"
    tmp = out / "lexicon.tmp.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=records.schemas()["votes"]), tmp)
    tmp.replace(path)
    return str(path)


def summary(out: Path) -> dict[str, Any]:
    import pyarrow.dataset as ds

    def count(table: str) -> int:
        folder = out / table
        return ds.dataset(str(folder), format="parquet").count_rows() if folder.exists() else 0

    return {"documents": count("documents"), "links": count("links"),
            "mentions": count("mentions"), "pairs": count("pairs")}
