"""Linking planned in a worker process (what the window does) gives exactly the links, top
lists and postings that linking in this process gives: after adding, after removals (the
rechecks), after a changed article; a cancelled run stops and the rest links later; a killed
worker's batch is planned here, nothing lost or written twice."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.overlap import service
from desktop.core.overlap.link_process import ProcessPlanner
from tests.core.test_overlap_order import make_set, named_links

TABLES = ("link_top", "link_postings", "link_done", "link_frequent")


def state(lib: Library) -> dict[str, list[tuple]]:
    """Links by file name, and every linking table as it is stored (ids are equal: both
    libraries import the same files in the same order)."""
    out: dict[str, list[tuple]] = {"links": named_links(lib)}
    for table in TABLES:
        out[table] = sorted(lib.store.read(f"SELECT * FROM {table}").fetchall())
    return out


@pytest.fixture
def planned_elsewhere(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "worker")
    planner = ProcessPlanner(lib.store.path)
    lib.links.planner = planner
    yield lib
    planner.close()
    lib.close()


def _scenario(lib: Library, files: list[Path]) -> list[dict[str, list[tuple]]]:
    """Import and link, remove three (rechecks), change one in place: the state after each."""
    seen = []
    lib.import_paths(files[:20])
    lib.link_pending()
    lib.import_paths(files[20:])
    lib.link_pending()
    seen.append(state(lib))
    ids = {Path(d.path).name: d.id for d in lib.list_documents()}
    for name in ("d04.txt", "d09.txt", "d20.txt"):
        lib.remove_document(ids[name])
    assert lib.links.pending()
    lib.link_pending()
    seen.append(state(lib))
    files[7].write_text(files[8].read_text("utf-8") + "\n\nA closing line of its own words.",
                        encoding="utf-8")
    (res,) = lib.import_paths([files[7]])
    assert res.status == "updated"
    lib.link_pending()
    seen.append(state(lib))
    assert not lib.links.pending()
    return seen


def test_links_planned_in_the_worker_equal_links_planned_here(
        tmp_path: Path, planned_elsewhere: Library) -> None:
    files = make_set(tmp_path / "set")
    with Library.open(tmp_path / "here") as here:
        expected = _scenario(here, files)
    files = make_set(tmp_path / "set2")  # (the scenario edits a file)
    planner = planned_elsewhere.links.planner
    assert isinstance(planner, ProcessPlanner)
    assert _scenario(planned_elsewhere, files) == expected
    assert planner.worker.running and not planner.worker.broken  # it did plan there
    assert len(expected[0]["links"]) > 60  # the set really links


def _linked_here(folder: Path, files: list[Path]) -> dict[str, list[tuple]]:
    """The linking tables of ``files`` imported and linked in this process (no worker)."""
    with Library.open(folder) as here:
        here.import_paths(files)
        here.link_pending()
        return state(here)


def test_a_killed_worker_leaves_the_batch_to_this_process(
        tmp_path: Path, planned_elsewhere: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "BATCH", 5)  # several batches: the worker dies between
    files = make_set(tmp_path / "set")
    expected = _linked_here(tmp_path / "here", files)
    lib = planned_elsewhere
    planner = lib.links.planner
    assert isinstance(planner, ProcessPlanner)
    lib.import_paths(files)
    killed: list[int] = []

    def progress(done: int, total: int, _: str) -> None:
        if done >= 10 and not killed:  # before the third batch is planned
            killed.extend(planner.worker.process_ids())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    lib.links.update(lib.links.pending(), progress)
    assert killed and planner.worker.broken
    assert not lib.links.pending()
    got = state(lib)
    assert got == expected
    rows = lib.store.read("SELECT doc_a, a_start, doc_b, b_start FROM links").fetchall()
    assert len(rows) == len(set(rows))  # nothing written twice


def test_cancelling_stops_the_run_and_the_rest_links_later(
        tmp_path: Path, planned_elsewhere: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "BATCH", 5)
    files = make_set(tmp_path / "set")
    expected = _linked_here(tmp_path / "here", files)
    lib = planned_elsewhere
    lib.import_paths(files)
    seen: list[int] = []

    def progress(done: int, total: int, _: str) -> None:
        seen.append(done)

    lib.links.update(lib.links.pending(), progress, lambda: bool(seen) and seen[-1] >= 10)
    left = lib.links.pending()
    assert 0 < len(left) < len(files)  # it stopped, keeping what it finished
    lib.link_pending()
    assert state(lib) == expected
