"""The names index written by a worker process (what the window attaches): the same entries as
a write in this process, seen by this process's searcher at its next query, and a worker that
dies makes the write happen here without losing or doubling an entry."""

from __future__ import annotations

import os
import signal
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.entities.name_index import Entry, NameIndex
from desktop.core.entities.name_process import ProcessNames
from desktop.core.search import NAME_FIELDS


def entries(ids: range, rev: int, who: str = "Ada Lovelace") -> list[Entry]:
    return [(i, rev, {"person": f"{who} {i}", "place": "London" if i % 2 else ""}) for i in ids]


def contents(names: NameIndex) -> dict[int, tuple[int, list[str]]]:
    """Every entry: doc -> (stamp, its indexed words by field); each doc must be held once."""
    words: dict[int, list[str]] = defaultdict(list)
    out: dict[int, tuple[int, list[str]]] = {}
    with names.searching() as s:
        r = s.reader()
        for field, term in r.all_terms():
            if field in NAME_FIELDS:
                for docnum in r.postings(field, term).all_ids():
                    words[docnum].append(f"{field}:{term.decode()}")
        for docnum, f in r.iter_docs():
            doc = int(f["doc"])
            assert doc not in out, f"article {doc} is in the names index twice"
            out[doc] = (int(f["rev"]), sorted(words[docnum]))
    return out


@pytest.fixture
def remote() -> Iterator[ProcessNames]:
    names = ProcessNames()
    yield names
    names.close()


def fresh(folder: Path) -> NameIndex:
    names = NameIndex(folder)
    names.create()
    return names


@pytest.fixture
def names(tmp_path: Path, remote: ProcessNames) -> Iterator[NameIndex]:
    """A fresh names index whose writes go to the worker."""
    index = fresh(tmp_path / "names")
    index.remote = remote
    yield index
    index.close()


def test_a_worker_writes_what_a_write_here_writes(tmp_path: Path, remote: ProcessNames) -> None:
    here, there = fresh(tmp_path / "here"), fresh(tmp_path / "there")
    there.remote = remote
    try:
        for names in (here, there):
            names.write(entries(range(1, 40), 5))
            names.write(entries(range(10, 20), 9, who="Grace Hopper"), drop=[3, 4])
        assert remote.worker.running and remote.worker.process_ids() != [os.getpid()]
        assert contents(there) == contents(here)
        assert there.indexed_revs() == here.indexed_revs()
        assert 3 not in there.indexed_revs() and there.indexed_revs()[15] == 9
    finally:
        here.close()
        there.close()


def test_the_windows_searcher_sees_a_workers_commit_at_its_next_query(names: NameIndex) -> None:
    names.write(entries(range(1, 5), 1))
    with names.searching() as s:
        assert s.doc_count() == 4
    names.write(entries(range(5, 9), 2))
    with names.searching() as s:
        assert s.doc_count() == 8


def test_a_killed_worker_leaves_the_write_to_this_process_and_loses_nothing(
        names: NameIndex, remote: ProcessNames) -> None:
    names.write(entries(range(1, 20), 1))
    (pid,) = remote.worker.process_ids()
    os.kill(pid, signal.SIGKILL)
    # the same articles again, newer stamps: written here, each held once
    assert names.write(entries(range(1, 30), 2), drop=[]) == 29
    assert remote.worker.broken
    revs = names.indexed_revs()
    assert revs == {i: 2 for i in range(1, 30)}
    assert len(contents(names)) == 29
    names.write(entries(range(30, 32), 3))  # and every later write is made here
    assert names.indexed_revs()[31] == 3


def test_a_write_the_worker_cannot_make_is_made_here(
        tmp_path: Path, names: NameIndex, remote: ProcessNames) -> None:
    # the worker is given a folder it cannot open: it fails there, the write happens here
    assert remote.write(tmp_path / "missing", entries(range(1, 3), 1), []) is None
    assert remote.worker.broken
    assert names.write(entries(range(1, 3), 1)) == 2
    assert names.indexed_revs() == {1: 1, 2: 1}


def test_analysis_with_workers_leaves_the_names_index_a_write_here_leaves(tmp_path: Path) -> None:
    from desktop.core.analysis_workers import AnalysisWorkers
    from tests.core.test_name_join import _fake_library

    texts = {f"{k}.txt": f"Vladimir Putin flew to Samarkand ({k}).\nThe IAEA met in Vienna.\n"
             for k in range(6)}
    here, _ = _fake_library(tmp_path / "here", texts)
    there, ids = _fake_library(tmp_path / "there", texts)
    workers = AnalysisWorkers.attach(there)
    try:
        here.analyse_pending()
        there.analyse_pending()
        assert workers.names is not None and workers.names.worker.running
        assert contents(there.names.index) == contents(here.names.index)
        assert sorted(h.doc.id for h in there.search("person:Putin").hits) == sorted(ids)
        assert not there.index_out_of_date()
    finally:
        workers.close()
        here.close()
        there.close()
