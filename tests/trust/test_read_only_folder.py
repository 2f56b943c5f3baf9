"""#9 item 7: a library in a read-only folder opens read-only: list, search, entities, links
and export to a writable place work; writing commands say why they cannot, in one line.

The real case is a read-only mount (tmpfs remounted ro: needs root, skipped otherwise); the
same paths are also exercised everywhere by declaring the folder unwritable."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import main
from desktop.core import readonly
from desktop.core.library import Library
from tests.conftest import WEB, WIRE


def _make(folder: Path) -> None:
    with Library.open(folder) as lib:
        lib.import_paths([WIRE, WEB])
        lib.link_pending()
        doc = lib.get_document(1)
        lib.annotations.add_quote(doc, "Uzbekistan", "claim", note="where")


@pytest.fixture
def ro_library(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        _make(mnt / "lib")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        yield mnt / "lib"
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _cli(capfd, folder: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(folder), *args])
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_reading_commands_work_in_a_read_only_folder(ro_library: Path, tmp_path: Path,
                                                     capfd) -> None:
    code, out, err = _cli(capfd, ro_library, "list")
    assert code == 0 and "#1" in out and "read-only" in err
    code, out, _ = _cli(capfd, ro_library, "search", "Uzbekistan")
    assert code == 0 and "#1" in out and "#2" in out
    code, out, _ = _cli(capfd, ro_library, "links", "--json")
    assert code == 0 and json.loads(out)["links"]
    code, out, _ = _cli(capfd, ro_library, "entities", "--json")
    assert code == 0 and "documents" in json.loads(out)
    code, out, _ = _cli(capfd, ro_library, "annotations")
    assert code == 0 and "Uzbekistan" in out
    target = tmp_path / "out.html"
    code, out, _ = _cli(capfd, ro_library, "export", "--format", "html", "--all", "-o", str(target))
    assert code == 0 and target.read_text("utf-8").rstrip().endswith("</html>")


def test_writing_commands_in_a_read_only_folder_are_one_line(ro_library: Path, capfd) -> None:
    code, _, err = _cli(capfd, ro_library, "annotate", "1", "--quote", "Uzbekistan")
    assert code == 1 and len(err.strip().splitlines()) <= 2 and "read-only" in err
    code, _, err = _cli(capfd, ro_library, "import", str(WIRE))
    assert code == 1 and "read-only" in err


def test_an_unwritable_folder_is_opened_in_place_without_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    _make(folder)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    monkeypatch.setattr(readonly, "folder_writable", lambda f: False)
    with Library.open(folder) as lib:
        assert lib.read_only and any("cannot be written" in n for n in lib.notices)
        assert lib.search("Uzbekistan").total == 2
        assert len(lib.annotations.select()) == 1
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_an_older_library_in_a_read_only_folder_is_read_through_a_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    folder = tmp_path / "lib"
    _make(folder)
    db = sqlite3.connect(folder / "library.sqlite")
    db.execute("ALTER TABLE documents DROP COLUMN index_rev")
    db.execute("PRAGMA user_version=3")
    db.commit()
    db.close()
    monkeypatch.setattr(readonly, "folder_writable", lambda f: False)
    with Library.open(folder) as lib:
        assert any("temporary copy" in n for n in lib.notices)
        assert lib.search("Uzbekistan").total == 2
    db = sqlite3.connect(folder / "library.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3  # the original untouched
