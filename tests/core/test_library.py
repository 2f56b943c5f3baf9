"""The library as a whole: imports, duplicates, failures that change nothing, the index cache,
locks and a second process."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.errors import LibraryBusy, LibraryError
from desktop.core.library import Library
from desktop.core.model import ImportStatus
from tests.conftest import ROOT, WEB, WIRE


def _snapshot(lib: Library) -> list[tuple[object, ...]]:
    db = sqlite3.connect(lib.folder / "library.sqlite")
    try:
        return db.execute("SELECT id, content_hash, clean_text FROM documents ORDER BY id").fetchall()
    finally:
        db.close()


def test_samples_import_with_titles(sample_library: Library) -> None:
    docs = sample_library.list_documents()
    assert [d.path for d in docs] == [str(WIRE), str(WEB)]
    web = docs[1]
    assert web.title.startswith("Vladimir Putin, Xi Jinping hail")
    assert web.chars == len(WEB.read_text("utf-8"))
    assert docs[0].title  # a title even without a headline line


def test_same_text_twice_is_not_added_again(sample_library: Library, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(WIRE.read_bytes().replace(b"\n", b"\r\n"))
    results = sample_library.import_paths([WIRE, copy])
    assert [r.status for r in results] == [ImportStatus.DUPLICATE, ImportStatus.DUPLICATE]
    assert len(sample_library.list_documents()) == 2


def test_bad_files_fail_cleanly_and_keep_the_library(sample_library: Library, tmp_path: Path) -> None:
    before = _snapshot(sample_library)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (folder / "latin1.txt").write_bytes("Le café de la gare était fermé.\n".encode("latin-1"))
    (folder / "utf16.txt").write_bytes("Ein Bericht über Kyjiw.\n".encode("utf-16"))
    (folder / "page.html").write_text(
        "<html><head><title>T</title><script>alert('x')</script></head>"
        "<body><article><h1>Headline</h1><p>Some real article text here, long enough to be an "
        "article and not a page's leftovers.</p></article></body></html>",
        "utf-8")
    results = {Path(r.path).name: r for r in sample_library.import_paths(
        [folder, tmp_path / "missing.txt"])}
    assert results["empty.txt"].status == ImportStatus.FAILED
    assert "empty" in results["empty.txt"].message
    assert results["image.txt"].status == ImportStatus.FAILED
    assert results["picture.png"].status == ImportStatus.SKIPPED
    assert results["missing.txt"].status == ImportStatus.FAILED
    for name in ("latin1.txt", "utf16.txt", "page.html"):
        assert results[name].status == ImportStatus.IMPORTED, results[name]
    for r in results.values():
        assert "\n" not in r.message and "Traceback" not in r.message
    after = _snapshot(sample_library)
    assert after[:2] == before  # nothing that was there changed
    texts = {Path(d.path).name: sample_library.get_document(d.id).text
             for d in sample_library.list_documents()}
    assert "café" in texts["latin1.txt"] and "über" in texts["utf16.txt"]
    assert "alert" not in texts["page.html"]


def test_a_huge_file_is_refused_clearly(library: Library, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = b"The quick brown fox jumps over the lazy dog near the river bank today.\n"
    with big.open("wb") as f:
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    [result] = library.import_paths([big])
    assert result.status == ImportStatus.FAILED
    assert "MB" in result.message
    assert library.list_documents() == []


def test_a_failing_insert_leaves_no_half_record(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = _snapshot(sample_library)
    store = sample_library.store

    def broken(*args: object, **kwargs: object) -> int:
        db = args[0]
        db.execute("INSERT INTO documents (path, fmt, source_text, clean_text, offsets, blocks, "  # type: ignore[attr-defined]
                   "content_hash, imported_at) VALUES ('x','txt','','',x'00','[]','h','t')")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "insert_document", broken)
    new = tmp_path / "new.txt"
    new.write_text("An article that the disk will refuse to take.\n", "utf-8")
    [result] = sample_library.import_paths([new])
    assert result.status == ImportStatus.FAILED
    assert "disk I/O error" in result.message and "nothing was changed" in result.message
    assert _snapshot(sample_library) == before


def test_index_missing_or_corrupt_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE, WEB])
    shutil.rmtree(folder / "index")
    with Library.open(folder) as lib:
        assert any("rebuilt" in n for n in lib.notices)
        assert len(lib.search("Uzbekistan").hits) == 2
    for seg in (folder / "index").glob("*.seg"):
        seg.write_bytes(b"garbage")
    for toc in (folder / "index").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with Library.open(folder) as lib:
        assert len(lib.search("Uzbekistan").hits) == 2


def test_stale_index_catches_up(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
        lib.index.delete(lib.store.ids())  # as if a crash came between store and index
    with Library.open(folder) as lib:
        assert any("up to date" in n for n in lib.notices)
        assert lib.search("Samarkand").hits


def test_second_writer_is_refused_and_a_reader_can_open(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
        with pytest.raises(LibraryBusy) as info:
            Library.open(folder)
        assert "in use by another Parallax process" in str(info.value)
        with Library.open(folder, read_only=True) as reader:
            assert reader.read_only
            assert len(reader.list_documents()) == 1
            assert reader.search("Samarkand").hits
            with pytest.raises(LibraryError):
                reader.import_paths([WEB])


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    code = ("import os, sys; from pathlib import Path; from desktop.core.library import Library;"
            f"lib = Library.open(Path({str(folder)!r})); lib.index.ix.writer(); os._exit(9)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert proc.returncode == 9  # died holding the library lock and the whoosh write lock
    with Library.open(folder) as lib:
        results = lib.import_paths([WIRE])
        assert results[0].status == ImportStatus.IMPORTED
        assert lib.search("Samarkand").hits


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    db = sqlite3.connect(folder / "library.sqlite")
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(LibraryError, match="newer Parallax"):
        Library.open(folder)


def test_remove_document(sample_library: Library) -> None:
    doc = sample_library.list_documents()[0]
    sample_library.remove_document(doc.id)
    assert [d.id for d in sample_library.list_documents()] != [doc.id]
    assert all(h.doc.id != doc.id for h in sample_library.search("Putin").hits)


def test_samples_are_offered_once(library: Library) -> None:
    assert len(library.import_samples_if_new()) == 2
    for d in library.list_documents():
        library.remove_document(d.id)
    assert library.import_samples_if_new() == []


def test_feature_schemas_apply_once(tmp_path: Path) -> None:
    from desktop.core.store import Store

    schema = [("demo-1", "CREATE TABLE demo (x INTEGER)"), ("demo-2", "ALTER TABLE demo ADD y TEXT")]
    store = Store(tmp_path / "s.sqlite", features=[schema])
    store.close()
    store = Store(tmp_path / "s.sqlite", features=[schema])  # second open: nothing re-applied
    with store.transaction() as db:
        db.execute("INSERT INTO demo (x, y) VALUES (1, 'a')")
    store.close()
    broken = [("bad-1", "CREATE TABLE ok (x INTEGER); CREATE TABLE nope (")]
    with pytest.raises(sqlite3.Error):
        Store(tmp_path / "s.sqlite", features=[broken])
    db = sqlite3.connect(tmp_path / "s.sqlite")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "ok" not in names  # a failed step leaves nothing behind


def test_a_new_library_opens_without_notices(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new") as lib:
        assert lib.notices == []


def test_imports_look_paths_up_through_an_index(library: Library) -> None:
    db = sqlite3.connect(library.folder / "library.sqlite")
    plan = " ".join(str(r) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT max(id) FROM documents WHERE path=?", ("x",)))
    db.close()
    assert "documents_path" in plan  # no full scan of the texts per imported file


def test_an_older_library_is_migrated(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
    db = sqlite3.connect(folder / "library.sqlite")
    db.execute("DROP INDEX documents_path")
    db.execute("ALTER TABLE documents DROP COLUMN index_rev")
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    with Library.open(folder) as lib:
        assert len(lib.list_documents()) == 1
    db = sqlite3.connect(folder / "library.sqlite")
    from desktop.core.store import SCHEMA_VERSION

    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_an_index_that_cannot_be_written_leaves_the_import_whole(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked() -> object:
        raise LibraryBusy("the search index is locked by another Parallax process")

    monkeypatch.setattr(library.index, "bulk", locked)
    results = library.import_paths([WIRE, WEB])
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert any("will catch up" in n for n in library.notices)
    monkeypatch.undo()
    library.sync_index()
    assert library.search("Uzbekistan").total == 2
