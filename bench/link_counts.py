"""Linking a library in a child process with counts that do not depend on the clock.

What bench_marginal.py ``count`` reports, per run (the pending articles of a library linked by
``LinkService.update_pending`` in a fresh process, as bench/link_child.py times it):

* **SQLite virtual-machine steps**: a progress handler called at every VM instruction
  (``set_progress_handler(cb, 1)``) on every connection the child opens; split into the
  statements run through ``Store.read`` (by statement, rows returned too) and the rest (the
  writes of the transactions);
* **database reads and writes**: ``syscr``/``rchar`` and ``syscw``/``wchar`` of /proc/self/io
  (mmap is off, so every page SQLite's page cache misses is one pread of the file or its WAL,
  every page a commit writes one pwrite to the WAL, and a checkpoint reads it back from the
  WAL and writes it to the file), and rows written (``total_changes``);
* **Python lines executed** (``sys.settrace``), inside ``engine.link_pair`` (alignment) and
  outside it; pairs aligned, articles prepared, rechecks, full garbage collections.

The tracing makes the run several times slower: its time means nothing, its counts are
exact (the same library and code give the same counts; checked by running twice). Nothing of
``desktop`` is changed on disk: the counters wrap functions in the child only.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing as mp
import os
import resource
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def _io() -> dict[str, int]:
    with open("/proc/self/io") as f:
        return {k: int(v) for k, v in (line.split(": ") for line in f)}


class _Rows:
    """A statement's rows, fetched at once (so that they can be counted)."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows
        self._i = 0

    def __iter__(self) -> Any:
        rows, self._i = self._rows[self._i:], len(self._rows)
        return iter(rows)

    def fetchone(self) -> Any:
        if self._i >= len(self._rows):
            return None
        self._i += 1
        return self._rows[self._i - 1]

    def fetchall(self) -> list[Any]:
        rows, self._i = self._rows[self._i:], len(self._rows)
        return rows


def _statement(sql: str) -> str:
    """A statement's kind: its text up to WHERE, spaces squeezed."""
    return " ".join(sql.split("WHERE")[0].split())[:70]


def _count_child(lib_dir: str, q: Any, code: str | None, trace: bool = True) -> None:
    if code:
        sys.path.insert(0, code)
    c: Counter[str] = Counter()
    conns: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def step() -> int:
        c["vm"] += 1
        return 0

    def connect(*a: Any, **kw: Any) -> sqlite3.Connection:
        db = real_connect(*a, **kw)
        if trace:
            db.set_progress_handler(step, 1)
        conns.append(db)
        return db

    sqlite3.connect = connect  # type: ignore[assignment]
    from desktop.core.library import Library
    from desktop.core.store import Store

    real_read = Store.read

    def read(self: Any, sql: str, params: Any = ()) -> Any:
        vm0 = c["vm"]
        rows = real_read(self, sql, params).fetchall()
        kind = _statement(sql)
        c["rows " + kind] += len(rows)
        c["vm " + kind] += c["vm"] - vm0
        c["calls " + kind] += 1
        return _Rows(rows)

    Store.read = read  # type: ignore[method-assign]
    linker_mod = importlib.import_module("desktop.core.overlap.linker")
    service_mod = importlib.import_module("desktop.core.overlap.service")
    pair_fn = linker_mod.link_pair
    state = {"align": False}

    def counted_pair(*a: Any, **kw: Any) -> Any:
        c["pairs aligned"] += 1
        state["align"] = True
        try:
            return pair_fn(*a, **kw)
        finally:
            state["align"] = False

    setattr(linker_mod, "link_pair", counted_pair)  # noqa: B010
    real_recheck = linker_mod.Linker.plan_recheck

    def recheck(self: Any, doc_id: int) -> Any:
        c["rechecks"] += 1
        return real_recheck(self, doc_id)

    linker_mod.Linker.plan_recheck = recheck
    real_run = service_mod.LinkService._run

    def run(self: Any, todo: Any, *a: Any, **kw: Any) -> Any:
        vm0 = c["vm"]
        c["runs of batches"] += 1
        c["articles in batches"] += len(todo)
        try:
            return real_run(self, todo, *a, **kw)
        finally:
            c["vm in batches"] += c["vm"] - vm0

    service_mod.LinkService._run = run

    def local(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            part = "lines aligning" if state["align"] else "lines other"
            c[part] += 1
            c[f"{part} {Path(frame.f_code.co_filename).name}"] += 1
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        return None if frame.f_code.co_filename == __file__ else local  # (not the counters)

    with Library.open(Path(lib_dir)) as lib:
        docs_before = len({r[0] for r in lib.store.reads.execute("SELECT doc FROM link_done")})
        c.clear()
        changes0 = sum(db.total_changes for db in conns)
        gc0 = gc.get_stats()[2]["collections"]
        io0 = _io()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        sys.settrace(tracer if trace else None)
        try:
            added = lib.links.update_pending()
        finally:
            sys.settrace(None)
        io1 = _io()
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        out: dict[str, Any] = dict(c)
        out.update({
            **{k: io1[k] - io0[k] for k in ("syscr", "rchar", "syscw", "wchar")},
            "user ms (clock)": round(1000 * (ru1.ru_utime - ru0.ru_utime)),
            "sys ms (clock)": round(1000 * (ru1.ru_stime - ru0.ru_stime)),
            "rows written": sum(db.total_changes for db in conns) - changes0,
            "full collections": gc.get_stats()[2]["collections"] - gc0,
            "prepared": lib.links.linker.prepared_count, "links added": added,
            "docs": lib.store.count(), "linked before": docs_before,
            "db bytes": sum(p.stat().st_size for p in Path(lib_dir).glob("library.sqlite*")),
        })
    q.put(out)


def count_in_child(lib_dir: Path, code: str | None = None, trace: bool = True) -> dict[str, Any]:
    """Link the pending articles of ``lib_dir`` in a fresh process; its counts (module doc).
    Without ``trace`` no VM steps or lines are counted (the rest is, at full speed)."""
    q: Any = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_count_child,
                                        args=(str(lib_dir), q, code, trace))
    seed = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"  # str hashes fixed: set orders the same in every run
    try:
        p.start()
    finally:
        if seed is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = seed
    out = dict(q.get())
    p.join()
    if p.exitcode:
        raise SystemExit(f"counting {lib_dir} failed (exit {p.exitcode})")
    return out
