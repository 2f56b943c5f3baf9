"""Searching holds one whoosh searcher: memory and open files stay flat over many searches,
from any number of threads, while the index changes underneath."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest

from desktop.core.library import Library


def _open_fds() -> int:
    """Open file descriptors once unreachable objects are gone (a closed whoosh reader's
    memory map goes with the garbage collector; a leak is what stays reachable)."""
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to count open files")
def test_open_files_stay_flat_over_200_searches_from_fresh_threads(sample_library: Library,
                                                                  tmp_path: Path) -> None:
    lib = sample_library
    queries = ["Uzbekistan", "Putin OR Xi", '"Shanghai Cooperation Organisation"', "Samark*",
               "Putin NOT Biden"]

    def search(q: str) -> None:
        assert lib.search(q).hits

    search("Uzbekistan")  # the first searcher is open
    counts: dict[int, int] = {}
    for i in range(200):
        # the window runs each search as a task: a new Python thread state every time
        t = threading.Thread(target=search, args=(queries[i % len(queries)],))
        t.start()
        t.join()
        if i % 20 == 19:  # the index changes now and then (an import, entity fields...)
            lib.index.add([lib.store.document_for_index(1)])  # (document, index stamp)
        if i + 1 in (50, 200):
            counts[i + 1] = _open_fds()
    assert lib.index.open_searchers() == 1
    assert lib.store.open_connections() <= 3  # this thread's, and at most the last ones ended
    # flat: the open searcher's few segment files, not a searcher (and a connection) per
    # search as before, which reached hundreds of open files by 200 searches
    assert counts[200] - counts[50] <= 10


def test_a_search_after_an_index_change_sees_it_and_closes_the_old_searcher(
        sample_library: Library, tmp_path: Path) -> None:
    lib = sample_library
    assert lib.search("Uzbekistan").total == 2
    with lib.index.searching() as old:
        pass
    new = tmp_path / "new.txt"
    new.write_text("Leaders gathered in Uzbekistan for a regional summit.\n", "utf-8")
    lib.import_paths([new])
    assert lib.search("Uzbekistan").total == 3
    with lib.index.searching() as current:
        assert current is not old
    assert old.is_closed


def test_a_query_over_the_length_bound_is_refused_with_a_clear_message(
        sample_library: Library) -> None:
    from desktop.core.errors import QueryError
    from desktop.core.search import MAX_QUERY_CHARS

    with pytest.raises(QueryError, match=r"too long \(100,000 characters; at most 1,000\)"):
        sample_library.search("x" * 100_000)
    long_phrase = '"' + " ".join(["Putin"] * ((MAX_QUERY_CHARS - 2) // 6)) + '"'
    assert len(long_phrase) <= MAX_QUERY_CHARS
    sample_library.search(long_phrase)  # a long pasted phrase within the bound still runs
