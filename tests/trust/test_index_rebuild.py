"""#9 leftovers 1-2 (core): notices added after a library opened reach whoever listens (the
window), and a rebuild of the search index is made beside the one in use: searches answer
from the old index until the new one is whole, a cancelled rebuild leaves it unchanged, what
was written meanwhile is not lost, and a crash leaves nothing half made behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.notices import Notice, Notices


def _damage(folder: Path) -> None:
    segments = sorted((folder / "index").glob("*.seg"), key=lambda p: p.stat().st_size)
    data = bytearray(segments[-1].read_bytes())
    for i in range(len(data) // 3, len(data) - 16, 7):
        data[i] = 0xA5  # garbage where postings stand
    segments[-1].write_bytes(bytes(data))


def test_notices_added_later_reach_a_listener_on_another_thread() -> None:
    notices = Notices(["opened read-only: another Parallax process is using this library"])
    heard: list[Notice] = []
    notices.subscribe(heard.append)
    worker = threading.Thread(target=lambda: notices.append("the disk is full", warning=True))
    worker.start()
    worker.join()
    assert heard == [Notice("the disk is full", warning=True)]
    assert list(notices) == ["opened read-only: another Parallax process is using this library",
                             "the disk is full"]  # the CLI still prints every one, in order
    assert notices[1:] == ["the disk is full"]


def test_a_search_that_rebuilds_a_damaged_index_tells_the_listener(folder: Path) -> None:
    with Library.open(folder) as lib:
        heard: list[Notice] = []
        lib.notices.subscribe(heard.append)
        _damage(folder)  # found by the first search, not at open
        assert lib.search("Uzbekistan").total == 2
        assert [n.text for n in heard] == ["the search index was damaged and has been rebuilt "
                                           "(2 articles)"]
        assert heard[0].warning


def test_a_rebuild_answers_searches_from_the_old_index_until_the_new_one_is_whole(
        folder: Path) -> None:
    with Library.open(folder) as lib:
        seen: list[int] = []

        def progress(done: int, total: int, message: str) -> None:
            if 0 < done < total:  # halfway: searches still find both articles
                seen.append(lib.search("Uzbekistan").total)

        assert lib.rebuild_index(progress) == 2
        assert seen and set(seen) == {2}
        assert lib.search("Uzbekistan").total == 2
        assert not (folder / "index.new").exists() and not (folder / "index.old").exists()


def test_a_cancelled_rebuild_leaves_the_index_in_use_unchanged(folder: Path) -> None:
    with Library.open(folder) as lib:
        before = lib.index.indexed_revs()
        calls = []
        assert lib.rebuild_index(lambda d, t, m: calls.append(d), lambda: len(calls) >= 1) is None
        assert lib.index.indexed_revs() == before
        assert lib.search("Uzbekistan").total == 2
        assert not (folder / "index.new").exists()
        assert not lib.index_out_of_date()
        assert not any("rebuilt" in n for n in lib.notices)  # nothing was rebuilt


def test_what_is_written_during_a_rebuild_is_in_the_new_index(folder: Path, tmp_path: Path) -> None:
    later = tmp_path / "later.txt"
    later.write_text("A late story\n\nThe quixotically named ferry left Tallinn at dawn.\n")
    with Library.open(folder) as lib:
        done: list[bool] = []

        def progress(d: int, t: int, m: str) -> None:
            if d == 1 and not done:  # an import lands while the rebuild runs
                done.append(True)
                lib.import_paths([later])

        lib.rebuild_index(progress)
        assert lib.search("quixotically").total == 1
        assert lib.search("Uzbekistan").total == 2
        assert not lib.index_out_of_date()


def test_leftovers_of_a_rebuild_cut_short_by_a_crash_are_removed_at_open(folder: Path) -> None:
    for name in ("index.new", "index.old"):
        (folder / name).mkdir()
        (folder / name / "_MAIN_1.toc").write_bytes(b"half")
    with Library.open(folder) as lib:
        assert not (folder / "index.new").exists() and not (folder / "index.old").exists()
        assert lib.search("Uzbekistan").total == 2


def test_a_crash_between_the_two_renames_of_a_rebuild_costs_only_a_rebuild(folder: Path) -> None:
    (folder / "index").rename(folder / "index.new")  # the old one moved away, the new not yet in
    with Library.open(folder) as lib:
        assert lib.search("Uzbekistan").total == 2
        assert not lib.index_out_of_date()
        assert any("rebuilt" in n for n in lib.notices)


def test_a_rebuild_keeps_the_entity_fields(folder: Path) -> None:
    from desktop.core.entities.recognizer import RawEntity

    class People:
        name = "people-test"

        def recognize(self, texts: Sequence[str],
                      n_process: int = 1) -> Iterator[list[RawEntity]]:
            for text in texts:
                at = text.find("Uzbekistan")
                yield [RawEntity(at, at + 10, "GPE")] if at >= 0 else []

    with Library.open(folder) as lib:
        lib.entities.recognizer = People()
        lib.analyse_pending(link=False)
        before = lib.search('place:"Uzbekistan"').total
        assert before >= 1
        assert lib.rebuild_index() == 2
        assert lib.search('place:"Uzbekistan"').total == before


def test_a_read_only_library_refuses_a_rebuild_in_one_line(folder: Path) -> None:
    from desktop.core.errors import LibraryError

    with Library.open(folder, read_only=True) as lib, pytest.raises(LibraryError,
                                                                     match="read-only"):
        lib.rebuild_index()


def test_an_index_damaged_at_open_is_said_while_it_is_refilled_then_when_whole(
        folder: Path) -> None:
    _damage(folder)  # stored fields unreadable: found by the quick look at open
    with Library.open(folder, sync=False) as lib:  # as the window opens it
        first = lib.notices.items()
        assert [n.text for n in first] == [
            "the search index was damaged: it is being rebuilt from the library; until then "
            "searches may miss articles"]
        assert first[0].warning and first[0].key
        lib.sync_index()  # the window's catch-up
        last = lib.notices.items()[-1]
        assert last.text == "the search index was damaged and has been rebuilt (2 articles)"
        assert last.warning and last.key == first[0].key
        assert lib.search("Uzbekistan").total == 2


def test_the_cli_says_once_that_an_index_damaged_at_open_was_rebuilt(folder: Path) -> None:
    _damage(folder)
    with Library.open(folder) as lib:  # sync at open, as every CLI command
        assert list(lib.notices) == ["the search index was damaged and has been rebuilt "
                                     "(2 articles)"]


def test_notices_compare_equal_to_their_texts() -> None:
    assert Notices() == [] and Notices(["a"]) == ["a"] and Notices(["a"]) != ["b"]
