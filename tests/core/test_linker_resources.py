"""What a linking run does to its process: the collector's heap settled between batches and
given back after, SQLite's page cache raised for the run and restored (overlap/cache.py,
store.page_cache; docs/benchmarks.md #14 round 7), and its WAL checkpointed less often
(#14 item 6, round 8). The links stay the same."""

from __future__ import annotations

import gc
import random
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.overlap import link_process, linker, service
from tests.core.test_overlap_service import articles, key


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    yield
    gc.unfreeze()


def _cache_size(lib: Library) -> int:
    return int(lib.store._conn().execute("PRAGMA cache_size").fetchone()[0])


def test_linking_run_settles_the_heap_per_batch_and_gives_it_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = articles(tmp_path / "files")
    monkeypatch.setattr(service, "BATCH", 2)  # several batches
    frozen: list[int] = []

    def settle() -> None:
        gc.freeze()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(service, "settle_heap", settle)
    with Library.open(tmp_path / "settled") as lib:
        lib.import_paths(files)
        lib.link_pending()
        settled = key(lib)
    assert len(frozen) >= 3 and min(frozen) > 0  # after each batch
    assert gc.get_freeze_count() == 0  # thawed when the run ended
    monkeypatch.setattr(service, "settle_heap", lambda: None)
    with Library.open(tmp_path / "plain") as lib:
        lib.import_paths(files)
        lib.link_pending()
        assert key(lib) == settled and len(settled) >= 6


def test_linking_run_raises_the_page_cache_for_its_writes_and_restores_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    write = linker.Linker.write

    def recording(self: linker.Linker, steps: list[linker.Step]) -> bool:
        seen.append(int(self.store._conn().execute("PRAGMA cache_size").fetchone()[0]))
        return write(self, steps)

    monkeypatch.setattr(linker.Linker, "write", recording)
    with Library.open(tmp_path / "lib") as lib:
        default = _cache_size(lib)
        lib.import_paths(articles(tmp_path / "files"))
        lib.link_pending()
        assert seen and set(seen) == {-1024 * linker.PAGE_CACHE_MIB}
        assert _cache_size(lib) == default == -2000


def _pragma(db: object, name: str) -> int:
    return int(db.execute(f"PRAGMA {name}").fetchone()[0])  # type: ignore[attr-defined]


def test_linking_run_checkpoints_its_wal_once_per_page_cache_and_restores_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    write = linker.Linker.write
    monkeypatch.setattr(service, "BATCH", 2)  # several transactions

    def recording(self: linker.Linker, steps: list[linker.Step]) -> bool:
        seen.append(_pragma(self.store._conn(), "wal_autocheckpoint"))
        return write(self, steps)

    monkeypatch.setattr(linker.Linker, "write", recording)
    with Library.open(tmp_path / "lib") as lib:
        db = lib.store._conn()
        default = _pragma(db, "wal_autocheckpoint")
        lib.import_paths(articles(tmp_path / "files"))
        lib.link_pending()
        pages = linker.PAGE_CACHE_MIB * 2**20 // _pragma(db, "page_size")
        assert len(seen) >= 3 and set(seen) == {pages} and pages > default
        assert _pragma(db, "wal_autocheckpoint") == default == 1000


def test_worker_thaws_what_the_last_run_settled_when_a_run_begins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(articles(tmp_path / "files"))
        todo = [(d, True) for d in sorted(lib.store.ids())]
        path = str(lib.store.path)
    gc.freeze()  # as a previous run left the worker
    thawed: list[int] = []
    real = link_process.plan_batch

    def planning(*a: object, **kw: object) -> list[linker.Step]:
        thawed.append(gc.get_freeze_count())
        return real(*a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(link_process, "plan_batch", planning)
    try:
        steps = link_process._plan(path, todo[:3], 100, [], True)
        again = link_process._plan(path, todo[3:], 100, [], False)
    finally:
        link_process._linkers.pop(path).store.close()
    assert thawed[0] == 0  # a run's first batch: nothing frozen while it plans
    assert thawed[1] > 0  # later batches: the heap the first one settled stays out
    assert len(steps) == 3 and len(again) == len(todo) - 3


def _unrelated(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n articles of made-up words sharing no passage (a library that is only large)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = ["".join(rng.choices(string.ascii_lowercase, k=7)) for _ in range(3000)]
    out = []
    for i in range(n):
        text = "\n\n".join(" ".join(rng.choices(words, k=40)).capitalize() + "."
                           for _ in range(3))
        (folder / f"a{seed}-{i:04d}.txt").write_text(text, encoding="utf-8")
        out.append(folder / f"a{seed}-{i:04d}.txt")
    return out


def _vm_steps(lib: Library, work: Callable[[], object]) -> int:
    """SQLite virtual-machine instructions ``work`` runs on this thread's connection."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db = lib.store._conn()
    db.set_progress_handler(count, 1)
    try:
        work()
    finally:
        db.set_progress_handler(None, 1)
    return steps[0]


def test_a_call_reads_the_state_of_its_own_articles_not_of_the_whole_library(
        tmp_path: Path) -> None:
    """The window links an import 64 articles per ``update`` call (core/analysis.py); what one
    call reads must not grow with the library (it read every done-mark, id and choice: three
    scans per call, 100 ms a call at 46,000 articles)."""
    steps = []
    for size in (20, 300):
        with Library.open(tmp_path / f"lib{size}") as lib:
            lib.import_paths(_unrelated(tmp_path / f"files{size}", size))
            lib.links.update_pending()
            lib.import_paths(_unrelated(tmp_path / f"new{size}", 1, seed=8))  # the same article
            (new,) = lib.links.pending()
            steps.append(_vm_steps(lib, lambda: lib.links.update([new])))  # noqa: B023
            assert lib.links.pending() == [] and lib.store.count() == size + 1
    assert steps[1] < 1.05 * steps[0], steps  # (the old code: 2.4 times as many)
