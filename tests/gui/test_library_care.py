"""#9 leftovers 1-3 in the window: a notice raised after the window opened (the search index
found damaged and rebuilt during a search) reaches the banner as the CLI prints it; File →
Rebuild Search Index… rebuilds in the background with progress and Cancel, keeping the index
in use whole when cancelled; an import stopped by a full disk says so, with what was kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.core.library import Library
from desktop.core.model import ImportResult, ImportStatus
from desktop.core.store import Store
from desktop.gui.importer import summarise
from desktop.gui.library_care import CANCELLED
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import TaskHandle
from tests.conftest import WIRE


def _damage(folder: Path) -> None:
    segments = sorted((folder / "index").glob("*.seg"), key=lambda p: p.stat().st_size)
    data = bytearray(segments[-1].read_bytes())
    for i in range(len(data) // 3, len(data) - 16, 7):
        data[i] = 0xA5
    segments[-1].write_bytes(bytes(data))


def test_the_index_rebuilt_during_a_search_is_said_in_the_banner(window: MainWindow,
                                                                 qtbot: object) -> None:
    window.banner.hide()
    _damage(window._library.folder)
    window.search_panel.field.setText("Uzbekistan")
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert window.search_panel.result_count() == 2
    assert "search index was damaged and has been rebuilt" in window.banner.text()
    assert window.banner.property("warning") is True


def test_a_notice_from_a_worker_thread_reaches_the_banner(window: MainWindow,
                                                          qtbot: object) -> None:
    import threading

    window.banner.hide()
    worker = threading.Thread(target=lambda: window._library.notices.append(
        "search index not updated (locked); it will catch up on reopen", warning=True))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "will catch up" in window.banner.text(),  # type: ignore[attr-defined]
                    timeout=2000)


def test_rebuild_search_index_is_in_the_file_menu_and_rebuilds(window: MainWindow) -> None:
    care = window.library_care
    assert care.rebuild in window.menus.file.actions()
    care.confirm = False
    before = window._library.search("Uzbekistan").total
    care.rebuild.trigger()
    assert window._library.search("Uzbekistan").total == before == 2
    assert "rebuilt (2 articles)" in window.banner.text()
    assert care.rebuild.isEnabled() and care.task is None


def test_a_cancelled_rebuild_keeps_the_index_in_use(window: MainWindow) -> None:
    care = window.library_care
    care.confirm = False
    revs = window._library.index.indexed_revs()

    def cancel_at_first_progress(handle: TaskHandle) -> None:
        handle.sig_progress.connect(lambda *_: handle.cancel())

    window.runner.sig_task_started.connect(cancel_at_first_progress)
    care.rebuild.trigger()
    assert window.banner.text() == CANCELLED
    assert window._library.index.indexed_revs() == revs
    assert not (window._library.folder / "index.new").exists()
    assert window._library.search("Uzbekistan").total == 2


def test_a_read_only_window_cannot_rebuild(tmp_path: Path, qtbot: object, runner: object,
                                           settings: object) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
    writer = Library.open(folder)
    try:
        reader = Library.open(folder, read_only=True)
        window = MainWindow(reader, runner, settings)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        assert not window.library_care.rebuild.isEnabled()
        reader.close()
    finally:
        writer.close()


def test_an_import_stopped_by_a_full_disk_says_why_and_what_was_kept(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for i in range(30):
        words = " ".join(f"w{i}x{j}" for j in range(3000))
        (many / f"a{i:03d}.txt").write_text(f"Article {i}\n\n{words}\n", "utf-8")
    real = Store._connect

    def connect(self: Store) -> sqlite3.Connection:
        db = real(self)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count={pages + 40}")
        return db

    window._library.store.close()  # every connection from now on sees a nearly full disk
    monkeypatch.setattr(Store, "_connect", connect)
    window.analysis.cancel()
    window.importer.import_paths([many])
    text = window.banner.text()
    assert text.startswith("The import stopped. The disk is full")
    kept = len(window.library_panel.document_ids()) - 2
    assert 0 < kept < 30
    assert f"{kept} files imported before it are kept" in text
    assert f"{30 - kept - 1} more were not imported" in text
    assert window.banner.property("warning") is True
    assert "Free some disk space" in window.banner._details


def test_the_stopped_summary_counts_what_was_kept_and_not_tried() -> None:
    results = [ImportResult("/a/1.txt", ImportStatus.IMPORTED, "One", 3),
               ImportResult("/a/2.txt", ImportStatus.DUPLICATE, "already", 1),
               ImportResult("/a/3.txt", ImportStatus.FAILED,
                            "the disk is full: the library could not be written",
                            stopped=True, not_tried=5)]
    text, details = summarise(results)
    assert text == ("The import stopped. The disk is full: the library could not be written. "
                    "1 file imported before it is kept (1 was already in the library); 3.txt "
                    "and 5 more were not imported.")
    assert "/a/1.txt" in details and "5 more not tried" in details


def test_an_import_stopped_before_anything_new_says_nothing_was_imported() -> None:
    results = [ImportResult("/a/1.txt", ImportStatus.DUPLICATE, "already", 1),
               ImportResult("/a/2.txt", ImportStatus.FAILED,
                            "the disk is full: the library could not be written", stopped=True)]
    text, _ = summarise(results)
    assert text == ("The import stopped. The disk is full: the library could not be written. "
                    "Nothing was imported before it (1 was already in the library); 2.txt was "
                    "not imported.")


def test_a_warning_on_show_stays_above_the_next_warning_and_in_its_details(
        window: MainWindow) -> None:
    window.banner.show_message("The import stopped. The disk is full. 3 kept.", "kept: 3",
                               warning=True)
    window.banner.show_message("Analysing new articles failed: the disk is full", warning=True)
    assert window.banner.text() == ("The import stopped. The disk is full. 3 kept.\n"
                                    "Analysing new articles failed: the disk is full")
    assert "Earlier:\nThe import stopped. The disk is full. 3 kept.\nkept: 3" in \
        window.banner._details
    window.banner.show_message("Imported 2")  # not a warning: one line, the rest in details
    assert window.banner.text() == "Imported 2"
    assert "Analysing new articles failed" in window.banner._details


def test_an_index_damaged_at_open_is_a_warning_then_replaced_once_rebuilt(
        tmp_path: Path, qtbot: object, runner: object, settings: object) -> None:
    from desktop.gui.run import open_library

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
    _damage(folder)
    lib = open_library(folder, is_default=False)  # as the window opens it: no sync yet
    try:
        opening = lib.notices.items()  # as gui/run.py takes them, before the window is made
        assert opening[0].text.endswith("it is being rebuilt from the library; until then "
                                        "searches may miss articles")
        # the synchronous runner refills the index while the window is built (the real one
        # later, on the background lane): the banner shows the outcome, not the stale notice
        window = MainWindow(lib, runner, settings)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.library_care.show_opening(opening)
        window.show()
        assert window.banner.text() == ("The search index was damaged and has been rebuilt "
                                        "(1 article)")
        assert window.banner.property("warning") is True
        assert lib.search("Uzbekistan").total == 1
    finally:
        lib.close()


def test_rebuild_search_index_does_not_wait_behind_the_analysis(window: MainWindow,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.gui.tasks import Lane

    lanes: list[Lane] = []
    real = window.runner.start

    def start(*args, **kwargs):  # type: ignore[no-untyped-def]
        lanes.append(kwargs.get("lane", Lane.USER))
        return real(*args, **kwargs)

    monkeypatch.setattr(window.runner, "start", start)
    window.library_care.confirm = False
    window.library_care.rebuild.trigger()
    assert lanes == [Lane.USER]  # the analysis has the background lane to itself


def test_rebuild_search_index_sits_with_the_import_actions(window: MainWindow) -> None:
    texts = [a.text().replace("&", "") for a in window.menus.file.actions()]
    rebuild = texts.index("Rebuild Search Index…")
    assert texts[rebuild - 1] == "" and texts[rebuild + 1] == ""  # a group of its own
    assert texts.index("Import Folder…") < rebuild < texts.index("Export…")


def test_a_long_warning_wraps_and_never_widens_the_window(window: MainWindow) -> None:
    before = window.minimumSizeHint().width()
    path = "/home/someone/" + "very-long-folder-name/" * 12 + "library.sqlite"
    window.banner.show_message(f"The import stopped. The disk is full ({path}). 27 files "
                               "imported before it are kept; a.txt and 52 more were not "
                               "imported.", warning=True)
    window.banner.show_message(f"Analysing new articles failed: the disk is full ({path})",
                               warning=True)
    assert window.banner.minimumSizeHint().width() < 400  # the label wraps to any width
    assert window.minimumSizeHint().width() <= max(before, 1280)
    assert window.banner._label.text().count("\n") == 1  # the two warnings, one under the other


def test_a_missing_index_said_at_open_is_replaced_once_refilled(
        tmp_path: Path, qtbot: object, settings: object) -> None:
    import shutil

    from desktop.gui.run import open_library
    from desktop.gui.tasks import SyncTaskRunner

    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE])
    shutil.rmtree(folder / "index")
    lib = open_library(folder, is_default=False)
    try:
        opening = lib.notices.items()
        assert opening[0].text.startswith("the search index was missing or outdated: it is "
                                          "being rebuilt") and not opening[0].warning

        class Later(SyncTaskRunner):  # the window's catch-up runs after the banner is shown
            def __init__(self) -> None:
                super().__init__()
                self.held: list[tuple[object, dict[str, object]]] = []

            def start(self, fn, **kwargs):  # type: ignore[no-untyped-def, override]
                if kwargs.get("title") == "Updating the search index…":
                    self.held.append((fn, kwargs))
                    return None
                return super().start(fn, **kwargs)

        runner = Later()
        window = MainWindow(lib, runner, settings)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        window.library_care.show_opening(opening)
        assert window.banner.text().startswith("The search index was missing or outdated: it "
                                               "is being rebuilt")
        [(fn, kwargs)] = runner.held
        SyncTaskRunner.start(runner, fn, **kwargs)  # type: ignore[arg-type]
        assert window.banner.text() == ("The search index was missing or outdated and has "
                                        "been rebuilt (1 article)")
        assert window.banner.property("warning") is False
    finally:
        lib.close()
