"""What a linking run does to its process: the collector's heap settled between batches and
given back after, SQLite's page cache raised for the run and restored (overlap/cache.py,
store.page_cache; docs/benchmarks.md #14 round 7), and its WAL checkpointed less often
(#14 item 6, round 8). The links stay the same."""

from __future__ import annotations

import gc
from collections.abc import Iterator
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
