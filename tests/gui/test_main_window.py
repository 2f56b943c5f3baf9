"""The window on the two sample articles: list, reader, search, matches, import, safety."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtWidgets import QApplication

from desktop.core.library import Library
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import SyncTaskRunner


def search(window: MainWindow, qtbot: object, query: str) -> None:
    field = window.search_panel.field
    field.setText(query)
    qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(window.search_panel.is_settled)  # type: ignore[attr-defined]  # first hit open


def test_opens_with_samples_and_first_article(window: MainWindow) -> None:
    assert len(window.library_panel.document_ids()) == 2
    text = window.reader.toPlainText()
    assert "Samarkand" in text or "Xi Jinping" in text
    assert window.library_panel.selected_id() == window.library_panel.document_ids()[0]


def test_search_highlights_and_steps(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, "Samarkand")
    assert window.search_panel.result_count() >= 1
    total = window.reader.match_count()
    assert total >= 1 and window.reader.match_selections()
    assert window.toolbar_counter.text() == f"1 / {total} {'match' if total == 1 else 'matches'}"
    if total > 1:
        qtbot.keyClick(window, Qt.Key.Key_F3)  # type: ignore[attr-defined]
        assert window.toolbar_counter.text().startswith(f"2 / {total}")
        qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
        assert window.toolbar_counter.text().startswith(f"1 / {total}")


def test_phrase_search_and_enter_steps(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, '"nuclear power plant"')
    assert window.search_panel.result_count() >= 1
    total = window.reader.match_count()
    assert total >= 1
    selected = window.reader.match_selections()
    assert "nuclear power plant" in selected[0].cursor.selectedText().lower()
    qtbot.keyClick(window.search_panel.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert window.toolbar_counter.text().startswith(f"{2 if total > 1 else 1} / {total}")


def test_selecting_another_hit_opens_its_article(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, "Putin")
    assert window.search_panel.result_count() == 2
    first = window.reader.document_shown()
    window.search_panel.select_row(1)
    second = window.reader.document_shown()
    assert first is not None and second is not None and first.id != second.id
    assert window.reader.match_count() >= 1
    assert window.toolbar_counter.text().startswith("1 / ")


def test_bad_query_is_inline_and_no_hits_is_said(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, '"unbalanced')
    header = window.search_panel.header_text()
    assert header and "\n" not in header
    assert window.search_panel.result_count() == 0
    assert QApplication.activeModalWidget() is None
    search(window, qtbot, "zzzxqy")
    assert window.search_panel.header_text().startswith("No matches for")


def test_drop_imports_and_text_is_never_html(window: MainWindow, tmp_path: Path, qtbot: object) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "A headline about markup\n\nThis has <b>bold</b><script>alert(1)</script> tags "
        "and more words to make it an article worth reading.\n",
        encoding="utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(evil))])
    assert window.handle_drop(mime)
    ids = window.library_panel.document_ids()
    assert len(ids) == 3
    assert window.banner.text().startswith("Imported 1")
    window.library_panel.select(ids[-1])
    text = window.reader.toPlainText()
    assert "<b>bold</b><script>alert(1)</script>" in text


def test_empty_library_and_read_only(
    empty_window: MainWindow,
    library: Library,
    runner: SyncTaskRunner,
    settings: object,
    qtbot: object,
) -> None:
    assert empty_window.library_panel.document_ids() == []
    assert empty_window.reader.document_shown() is None
    assert empty_window.actions_.import_files.isEnabled()
    other = Library.open(library.folder, read_only=True)
    try:
        ro = MainWindow(other, runner, settings)  # type: ignore[arg-type]
        qtbot.addWidget(ro)  # type: ignore[attr-defined]
        assert not ro.actions_.import_files.isEnabled()
        assert "read-only" in ro.actions_.import_files.toolTip()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile("/tmp/x.txt")])
        assert not ro.handle_drop(mime)
    finally:
        other.close()


def test_every_match_maps_onto_its_word(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, "Putin")
    for row in range(window.search_panel.result_count()):
        window.search_panel.select_row(row)
        selections = window.reader.match_selections()
        assert len(selections) == window.reader.match_count() > 0
        assert {s.cursor.selectedText() for s in selections} == {"Putin"}


def test_zoom_and_next_wraps(window: MainWindow, qtbot: object) -> None:
    search(window, qtbot, "Samarkand")
    total = window.reader.match_count()
    for _ in range(total):
        window.actions_.find_next.trigger()
    assert window.toolbar_counter.text().startswith(f"1 / {total}")
    before = window.reader.point_size()
    window.actions_.zoom_in.trigger()
    assert window.reader.point_size() == before + 1
    assert len(window.reader.match_selections()) == total  # matches survive a re-render
    window.actions_.zoom_reset.trigger()
    assert window.reader.point_size() == before


def test_stale_index_catches_up_in_the_background(
    qtbot: object, sample_library: Library, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    sample_library.index.delete(sample_library.store.ids())  # as after a crash
    assert sample_library.index_out_of_date()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(sample_library, runner, settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert not sample_library.index_out_of_date()
    assert sample_library.search("Samarkand").hits


def test_feature_layers_draw_under_matches(window: MainWindow) -> None:
    from PySide6.QtGui import QColor, QTextCharFormat

    from desktop.core.marks import EntityMark, MatchMark

    reader = window.reader
    doc = reader.document_shown()
    assert doc is not None
    fmt = QTextCharFormat()
    fmt.setUnderlineColor(QColor("#0072B2"))
    start = doc.text.index("Putin")
    reader.set_layer("demo", [(EntityMark(start=start, end=start + 5, entity_label="PERSON"), fmt)])
    assert "demo" in reader.layer_names()
    sels = reader.extraSelections()
    assert any(s.cursor.selectedText() == "Putin" and s.format.underlineColor() == QColor("#0072B2")
               for s in sels)
    reader.set_layer("demo", [])
    assert "demo" not in reader.layer_names()
    reader.set_layer("demo", [(MatchMark(start=start, end=start + 5), fmt)])
    reader.show_document(doc)  # another article (or the same again) starts afresh:
    assert "demo" not in reader.layer_names()  # features redraw their own layers


def test_clean_offsets_round_trip_through_the_reader(window: MainWindow) -> None:
    from PySide6.QtGui import QTextCursor

    reader = window.reader
    doc = reader.document_shown()
    assert doc is not None
    for word in ("Samarkand", "Xi Jinping", "Narendra Modi"):
        start = doc.text.index(word)
        pos = reader.to_position(start)
        assert reader.to_clean(pos) == start
        cursor = reader.textCursor()
        cursor.setPosition(pos)
        cursor.setPosition(reader.to_position(start + len(word)), QTextCursor.MoveMode.KeepAnchor)
        reader.setTextCursor(cursor)
        span = reader.selected_span()
        assert span is not None and doc.text[span.start:span.end] == word
    assert reader.to_clean(0) is None  # the metadata line above the text


def test_the_text_keeps_a_margin_in_a_narrow_reader(window: MainWindow) -> None:
    from PySide6.QtGui import QTextCursor

    window.resize(700, 700)  # the reader is narrower than its measure
    window.reader._apply_measure()
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.to_position(0))
    assert window.reader.cursorRect(cursor).left() >= 24  # room for the margin bars


def test_hits_are_drawn_before_the_first_one_opens(window: MainWindow, qtbot: object) -> None:
    """The hit list is shown as soon as the search returns; the first hit opens on the next
    turn of the event loop (opening an article costs more than drawing the list)."""
    panel = window.search_panel
    field = panel.field
    field.setText("Putin")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[attr-defined]  # (a synchronous runner)
    assert panel.result_count() == 2 and not panel._list.currentIndex().isValid()  # none open yet
    assert not panel.is_settled()
    qtbot.waitUntil(window.search_panel.is_settled)  # type: ignore[attr-defined]
    hit = window.search_panel._list.currentIndex()
    assert hit.row() == 0 and window.reader.match_count() >= 1


def test_the_hit_list_paints_its_rows_before_the_first_hit_opens(
        window: MainWindow, qtbot: object) -> None:
    """The list is laid out with its new rows at once, so it paints in the window's next
    update, before the first hit opens (its own layout timer came after the request to open:
    the hits appeared only once the first article had been opened)."""
    from PySide6.QtCore import QEvent, QObject

    panel = window.search_panel
    seen: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and panel.result_count():
                seen.append("rows painted")
            return False

    paints = Paints()
    panel._list.viewport().installEventFilter(paints)
    panel.sig_hit_selected.connect(lambda hit: seen.append("first hit opened"))
    for query in ("Putin", "Samarkand", "Putin OR Xi"):
        seen.clear()
        search(window, qtbot, query)
        assert "first hit opened" in seen
        assert "rows painted" in seen[:seen.index("first hit opened")], (query, seen)
    panel._list.viewport().removeEventFilter(paints)


def test_a_hit_picked_before_the_first_opens_is_kept(window: MainWindow, qtbot: object) -> None:
    field = window.search_panel.field
    field.setText("Putin")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    window.search_panel.select_row(1)  # the person is quicker than the event loop
    second = window.reader.document_shown()
    qtbot.waitUntil(window.search_panel.is_settled)  # type: ignore[attr-defined]
    assert window.search_panel._list.currentIndex().row() == 1
    assert window.reader.document_shown() is second


def test_background_work_steps_aside_until_the_hits_are_drawn_and_the_first_is_open(
        window: MainWindow, qtbot: object) -> None:
    """Drawing the hits needs the GIL as much as the search: recognition and linking wait at
    their checks from the query until the first hit is open, then go on (no hold is left)."""
    panel = window.search_panel
    runner = window.runner
    assert not runner.search_running()
    panel.field.setText("Putin")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]  # (synchronous)
    assert panel.result_count() == 2 and runner.search_running()  # hits in, not yet painted
    qtbot.waitUntil(panel.is_settled)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not runner.search_running())  # type: ignore[attr-defined]
    assert panel._list.currentIndex().row() == 0
    panel.search_for("Putin OR Xi")  # a newer search while one is held keeps one hold only
    panel.search_for("nothingmatcheszzz")
    qtbot.waitUntil(lambda: not runner.search_running())  # type: ignore[attr-defined]
    panel.search_for("")
    assert not runner.search_running()


def test_the_match_counter_shows_once_by_the_search_field(window: MainWindow, qtbot: object) -> None:
    from desktop.gui.status import MatchCounter

    search(window, qtbot, "Putin")
    counters = [c for c in window.findChildren(MatchCounter) if c.text()]
    assert counters == [window.toolbar_counter]
    assert not window.status.findChildren(MatchCounter)
