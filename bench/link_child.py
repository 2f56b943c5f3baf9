"""Linking a library in a child process, with counters: what bench_links.py times.

The child links everything pending (``LinkService.update_pending``, all against all) in its
own process, so its CPU time and peak memory are its own. It can run another checkout's
``desktop`` package (a before/after comparison in one run) or plan in a worker process as the
window does. Besides time and memory it counts the pairs aligned (``engine.link_pair`` as the
linking module calls it) and their CPU, the paraphrase sentences computed more than once, and
the packed sentences restored (overlap/cache.py). Nothing of ``desktop`` is imported at module
level: the child imports it after choosing the checkout.
"""

from __future__ import annotations

import importlib
import multiprocessing as mp
import pickle
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count_aligned() -> list[Any]:
    """Wrap ``link_pair`` where the linking module calls it: [pairs aligned, their CPU s]."""
    aligned: list[Any] = [0, 0.0]
    for name in ("desktop.core.overlap.linker", "desktop.core.overlap.service"):
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError:  # (an older checkout: linking in service.py)
            continue
        pair_fn = getattr(mod, "link_pair", None)
        if pair_fn is None:
            continue

        def counted_pair(*a: Any, _f: Any = pair_fn, **kw: Any) -> Any:
            aligned[0] += 1
            t0 = time.process_time()
            try:
                return _f(*a, **kw)
            finally:
                aligned[1] += time.process_time() - t0
        mod.link_pair = counted_pair  # type: ignore[attr-defined]
    return aligned


def _count_sentences() -> dict[int, int]:
    """Paraphrase sentences computed, per article text."""
    from desktop.core.overlap import paraphrase

    made: dict[int, int] = {}
    real = paraphrase.sentences

    def counted(text: str, *args: Any, **kw: Any) -> Any:
        made[hash(text)] = made.get(hash(text), 0) + 1
        return real(text, *args, **kw)

    paraphrase.sentences = counted  # type: ignore[assignment]
    return made


def _count_restored() -> list[int]:
    """Packed sentences unpickled (overlap/cache.py)."""
    restored = [0]
    loads = pickle.loads

    def counted_loads(data: bytes, *args: Any, **kw: Any) -> Any:
        restored[0] += 1
        return loads(data, *args, **kw)

    pickle.loads = counted_loads  # type: ignore[assignment]
    return restored


def _link_child(lib_dir: str, q: Any, code: str | None = None, worker: bool = False,
                chunk: int = 0) -> None:
    if code:  # another checkout's desktop package (a before/after comparison in one run)
        sys.path.insert(0, code)
    import desktop
    from desktop.core.library import Library

    aligned = _count_aligned()
    made = _count_sentences()
    restored = _count_restored()
    with Library.open(Path(lib_dir)) as lib:
        planner = None
        if worker:  # planned in a worker process, as the window does (link_process.py)
            from desktop.core.overlap.link_process import ProcessPlanner

            planner = lib.links.planner = ProcessPlanner(lib.store.path)
        base = _rss_mb()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        cpu0 = ru0.ru_utime + ru0.ru_stime
        t = time.perf_counter()
        if chunk:  # as the window links an import (core/analysis.py: CHUNK articles a call)
            todo, n = lib.links.pending(), 0
            for i in range(0, len(todo), chunk):
                n += lib.links.update(todo[i:i + chunk])
        else:
            n = lib.links.update_pending()
        linker = getattr(lib.links, "linker", None)
        wall = time.perf_counter() - t
        ru = resource.getrusage(resource.RUSAGE_SELF)
        print(f"  [child] linking CPU {ru.ru_utime + ru.ru_stime - cpu0:.1f} s, wall {wall:.1f} s, "
              f"{lib.store.count()} docs, code {Path(desktop.__file__).parent.parent}", flush=True)
        q.put({"seconds": wall, "cpu": ru.ru_utime + ru.ru_stime - cpu0,
               "links": len(lib.links.all_links()),
               "added": n, "docs": lib.store.count(), "peak_mb": _rss_mb(), "base_mb": base,
               "prepared": getattr(linker, "prepared_count", None),
               "aligned": aligned[0], "align_cpu": aligned[1],
               "sentences_again": sum(made.values()) - len(made),
               "sentences_restored": restored[0],
               "sentences_packed": getattr(getattr(linker, "cache", None), "shed", None),
               "code": str(Path(desktop.__file__).parent.parent),
               "worker_used": planner is not None and not planner.worker.broken})
        if planner is not None:
            planner.close()


def link_in_child(lib_dir: Path, code: str | None = None, worker: bool = False,
                  chunk: int = 0) -> dict[str, Any]:
    """Link the library at ``lib_dir`` in a fresh process; its figures (see the module doc).
    With ``chunk``, the pending articles are linked ``chunk`` per ``update`` call, as the
    window does (core/analysis.py), rather than in one call."""
    q: Any = mp.get_context("spawn").Queue()
    p = mp.get_context("spawn").Process(target=_link_child,
                                        args=(str(lib_dir), q, code, worker, chunk))
    p.start()
    p.join()
    if p.exitcode:
        raise SystemExit(f"linking {lib_dir} failed (exit {p.exitcode})")
    return dict(q.get())
