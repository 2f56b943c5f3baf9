"""#9 item 6: a full disk or a write error is the real cause in one line; an import stops
cleanly once the disk is full and says how many files were kept; nothing stored is lost.
The disk is "filled" with SQLite's max_page_count (SQLITE_FULL) and with OSError(ENOSPC)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from desktop.core.errors import DiskFull
from desktop.core.export.bundle import ExportError, write_atomic
from desktop.core.library import Library
from desktop.core.model import ImportStatus
from desktop.core.store import Store
from tests.conftest import WEB, WIRE


def _articles(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        words = " ".join(f"w{i}x{j}" for j in range(3000))
        (folder / f"a{i:03d}.txt").write_text(f"Article {i}\n\n{words}\n", "utf-8")
    return folder


def _fill(monkeypatch: pytest.MonkeyPatch, spare_pages: int) -> None:
    """Every new store connection sees a disk with ``spare_pages`` pages left."""
    real = Store._connect

    def connect(self: Store) -> sqlite3.Connection:
        db = real(self)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count={pages + spare_pages}")
        return db

    monkeypatch.setattr(Store, "_connect", connect)


def test_an_import_stops_once_the_disk_is_full_and_says_what_was_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([WIRE])
    _fill(monkeypatch, 40)
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([_articles(tmp_path, 30)])
        kept = [r for r in results if r.status == ImportStatus.IMPORTED]
        assert 0 < len(kept) < 30 and results[-1].status == ImportStatus.FAILED
        assert "disk is full" in results[-1].message
        assert len(results) == len(kept) + 1  # stopped: not one failure per remaining file
        [notice] = [n for n in lib.notices if "disk is full" in n]
        assert f"the {len(kept)} files imported before it are kept" in notice
        assert "no transaction is active" not in " ".join(r.message for r in results)
    monkeypatch.undo()
    with Library.open(tmp_path / "lib") as lib:  # nothing stored was lost
        assert len(lib.list_documents()) == len(kept) + 1


def test_the_cli_import_on_a_full_disk_is_a_few_lines_not_thousands(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([WIRE])
    many = _articles(tmp_path, 30)
    _fill(monkeypatch, 40)
    code = main(["--library", str(tmp_path / "lib"), "import", str(many)])
    _out, err = capfd.readouterr()
    assert code == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 3 and "disk is full" in err


@pytest.mark.parametrize("command", [
    ["annotate", "1", "--quote", "Uzbekistan", "--note", "x" * 200_000],
    ["links"],  # links pending since the import: postings are written first
])
def test_a_write_command_on_a_full_disk_is_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd, command: list[str]) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([WIRE, WEB])
    _fill(monkeypatch, 0)
    code = main(["--library", str(tmp_path / "lib"), *command])
    _out, err = capfd.readouterr()
    assert code == 1 and "Traceback" not in err
    assert [line for line in err.splitlines() if "disk is full" in line]


def test_a_full_disk_error_is_not_hidden_by_a_failed_rollback(library: Library,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    library.store._conn().execute("PRAGMA max_page_count=1")
    with pytest.raises(DiskFull), library.store.transaction() as db:
        db.execute("CREATE TABLE filler (x TEXT)")
        db.executemany("INSERT INTO filler VALUES (?)", [("x" * 4000,)] * 50)


def test_export_on_a_full_disk_is_one_line_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="the disk is full"):
        write_atomic(tmp_path / "out.html", b"<html></html>")
    monkeypatch.setattr(os, "fsync", real)
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary file


def test_export_into_a_read_only_folder_is_one_line(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="permission denied"):
        write_atomic(tmp_path / "out.md", b"text")


def test_export_onto_an_existing_folder_with_force_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "out.md").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write_atomic(tmp_path / "out.md", b"text", force=True)


def test_the_cli_export_error_is_one_line(sample_library: Library, tmp_path: Path, capfd) -> None:
    (tmp_path / "out.md").mkdir()
    folder = sample_library.folder
    sample_library.close()
    code = main(["--library", str(folder), "export", "--format", "md", "--doc", "1", "-o",
                 str(tmp_path / "out.md"), "--force"])
    err = capfd.readouterr().err
    assert code == 1 and "Traceback" not in err and "is a folder" in err


def test_a_killed_exports_temporary_file_is_cleaned_by_the_next_export(tmp_path: Path) -> None:
    stale = tmp_path / ".out.md.999999999.abc.part"
    stale.write_text("half an export")
    write_atomic(tmp_path / "out.md", b"whole")
    assert not stale.exists() and (tmp_path / "out.md").read_bytes() == b"whole"


def test_an_index_that_cannot_catch_up_on_a_full_disk_is_said_once_never_as_up_to_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd) -> None:
    from desktop.core.search import SearchIndex

    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([WIRE, WEB])
        lib.index.delete(lib.document_ids())  # as an import whose index write hit the full disk

    def full(self: SearchIndex):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SearchIndex, "bulk", full)
    code = main(["--library", str(tmp_path / "lib"), "list"])
    _out, err = capfd.readouterr()
    assert code == 0 and "Traceback" not in err
    assert err.strip().splitlines() == ["parallax: search index not updated ([Errno 28] No space "
                                        "left on device); it will catch up on reopen"]
    monkeypatch.undo()
    with Library.open(tmp_path / "lib") as lib:  # space again: it catches up
        assert not lib.index_out_of_date() and lib.search("Uzbekistan").total == 2
