"""#9 item 5: a damaged or unusable library is detected when opened or first used: one clear
line in the CLI (never a traceback), an index that cannot be read is rebuilt with a notice,
and a 0-byte or foreign library.sqlite is an error, not a new library."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.core.errors import LibraryDamaged
from desktop.core.library import Library


def _cli(capfd: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(folder), *args])
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_garbage_in_a_whoosh_segment_is_found_and_the_index_rebuilt(folder: Path, capfd) -> None:
    segments = sorted((folder / "index").glob("*.seg"), key=lambda p: p.stat().st_size)
    data = bytearray(segments[-1].read_bytes())
    for i in range(len(data) // 3, len(data) - 16, 7):
        data[i] = 0xA5  # garbage where postings stand
    segments[-1].write_bytes(bytes(data))
    code, out, err = _cli(capfd, folder, "search", "Uzbekistan")
    assert code == 0 and "#1" in out and "#2" in out
    assert "search index" in err and "rebuilt" in err  # said, not silent


def test_an_index_that_is_a_file_is_replaced_by_a_rebuilt_index(folder: Path, capfd) -> None:
    import shutil

    shutil.rmtree(folder / "index")
    (folder / "index").write_text("not a folder")
    code, out, err = _cli(capfd, folder, "search", "Uzbekistan")
    assert code == 0 and "#1" in out and "rebuilt" in err


def test_a_rebuild_in_list_is_said_too(folder: Path, capfd) -> None:
    import shutil

    shutil.rmtree(folder / "index")
    code, _, err = _cli(capfd, folder, "list")
    assert code == 0 and "search index" in err


def test_garbage_pages_in_the_library_file_are_one_line(folder: Path, capfd) -> None:
    path = folder / "library.sqlite"
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, min(len(data), 6 * page)):
        data[i] = (i * 31) & 0xFF
    path.write_bytes(bytes(data))
    code, _, err = _cli(capfd, folder, "list")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "damaged" in err
    with pytest.raises(LibraryDamaged):
        Library.open(folder)


def test_a_zero_byte_library_file_is_an_error_not_a_new_library(folder: Path, capfd) -> None:
    (folder / "library.sqlite").write_bytes(b"")
    for extra in ("library.sqlite-wal", "library.sqlite-shm"):
        (folder / extra).unlink(missing_ok=True)
    index_files = sorted(p.name for p in (folder / "index").iterdir())
    code, _, err = _cli(capfd, folder, "list")
    assert code == 1 and "empty (0 bytes)" in err
    assert (folder / "library.sqlite").stat().st_size == 0  # left as it was
    assert sorted(p.name for p in (folder / "index").iterdir()) == index_files  # not emptied


def test_a_file_that_is_not_sqlite_is_an_error(tmp_path: Path, capfd) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite").write_text("hello, I am a text file\n" * 50)
    code, _, err = _cli(capfd, folder, "list")
    assert code == 1 and "not a Parallax library" in err


def test_a_foreign_sqlite_database_is_an_error(tmp_path: Path, capfd) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    db = sqlite3.connect(folder / "library.sqlite")
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()
    code, _, err = _cli(capfd, folder, "list")
    assert code == 1 and "another program" in err
    db = sqlite3.connect(folder / "library.sqlite")
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_a_crash_while_creating_a_library_leaves_no_half_made_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "lib"

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies before the new file is renamed into place

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        Library.open(folder)
    assert not (folder / "library.sqlite").exists()
    monkeypatch.undo()
    with Library.open(folder) as lib:  # the next start makes a whole new library
        assert lib.list_documents() == []


def test_rebuild_index_on_demand(folder: Path) -> None:
    with Library.open(folder) as lib:
        assert lib.rebuild_index() == 2
        assert lib.search("Uzbekistan").total == 2
