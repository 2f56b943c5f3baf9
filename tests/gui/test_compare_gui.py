"""The compare view on the sample pair: shading, click → twin + diff, figures, reader markers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from desktop.gui.main_window import MainWindow
from desktop.gui.reader import ReaderContext


def open_compare(window: MainWindow, qtbot: object) -> None:
    window.actions_.compare.trigger()
    assert window.compare.isVisible() and not window.reader.isVisible()


def test_ctrl_d_opens_the_sample_pair_with_figures(window: MainWindow, qtbot: object) -> None:
    assert window.actions_.compare.shortcut().toString() == "Ctrl+D"
    open_compare(window, qtbot)
    cv = window.compare
    a, b = cv.column_a.document_shown(), cv.column_b.document_shown()
    assert a is not None and b is not None and {a.id, b.id} == {1, 2}
    assert [str(k.kind) for k in cv.links].count("edited") == 2
    assert "links" in cv.column_a.layer_names() and "links" in cv.column_b.layer_names()
    text = cv.figures.text()
    assert "of A appears in B" in text and "2 edited" in text and "1 paraphrase" in text
    kinds = {m[2] for m in cv.strip_a.marks()}
    assert {"edited", "paraphrase", "unique"} <= kinds


def test_click_scrolls_the_twin_and_shows_the_diff(window: MainWindow, qtbot: object) -> None:
    window.resize(1200, 500)
    open_compare(window, qtbot)
    cv = window.compare
    shown_a = cv.column_a.document_shown()
    assert shown_a is not None
    wire_first = shown_a.id == 1
    column = cv.column_a if wire_first else cv.column_b
    other = cv.column_b if wire_first else cv.column_a
    second = next(k for k in cv.links
                  if str(k.kind) == "edited" and (k.a.start if wire_first else k.b.start) > 1000)
    other.verticalScrollBar().setValue(0)
    cursor = column.textCursor()
    cursor.setPosition(column.to_position((second.a if wire_first else second.b).start + 5))
    column.setTextCursor(cursor)
    assert cv.selected is not None and cv.selected.id == second.id
    ops = cv.diff.operations()
    assert any(op != "equal" for op, _, _ in ops)
    assert "edited" in cv.diff.toPlainText()
    assert "selected" in cv.column_a.layer_names()
    cv.close_button.click()
    assert window.reader.isVisible() and not cv.isVisible()


def test_reader_marks_links_and_offers_compare(window: MainWindow, qtbot: object) -> None:
    window.open_article(1)
    assert window.reader.margin_marks("links")  # shared passages are marked by default
    window.actions_.show_links.trigger()
    assert not window.reader.margin_marks("links")  # and the marks can be switched off
    window.actions_.show_links.trigger()
    bars = window.reader.margin_marks("links")
    assert bars and all(span.kind == "link" for span, _ in bars)
    window.reader.grab()  # paints the bars
    assert window.reader_links.sources() == [2]
    doc = window.reader.document_shown()
    menu = QMenu()
    window.reader_links._on_reader_sig_context_menu_requested(menu, ReaderContext(doc, 10, None))
    compare = [a for a in menu.actions() if a.text().startswith("↔ Compare with")]
    assert compare
    compare[0].trigger()
    assert window.compare.isVisible()
    assert window.compare.selected is not None and window.compare.selected.a.doc == 1
    menu.deleteLater()


def test_choosing_another_pair(window: MainWindow, qtbot: object) -> None:
    open_compare(window, qtbot)
    cv = window.compare
    cv.pick_b.setCurrentIndex(cv.pick_b.findData(cv.pick_a.currentData()))
    assert "same article" in cv.figures.text() and cv.links == []
    qtbot.keyClick(cv.close_button, Qt.Key.Key_Space)  # type: ignore[attr-defined]


def test_compare_fits_a_laptop_screen(window: MainWindow, qtbot: object) -> None:
    open_compare(window, qtbot)
    # long article titles in the pickers once forced the window to 1,717 px
    assert window.minimumSizeHint().width() <= 1100


def test_the_side_panels_step_aside_for_the_compare_view_and_come_back(window: MainWindow,
                                                                      qtbot: object) -> None:
    """Two columns of text need the width (at 1280 pixels they were ~250 pixels each)."""
    window.resize(1280, 800)
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    assert window.side_splitter.isVisible()
    before = window.main_splitter.sizes()
    open_compare(window, qtbot)
    assert not window.side_splitter.isVisible()
    assert window.main_splitter.sizes()[1] > before[1] + before[2] // 2
    window.compare.close_button.click()
    assert window.reader.isVisible() and window.side_splitter.isVisible()
    assert window.main_splitter.sizes() == before


def test_the_library_shows_no_empty_source_column(window: MainWindow) -> None:
    """The samples have no outlet: an empty column took a third of the titles' width."""
    table = window.library_panel._table
    assert table.isColumnHidden(1)


def test_closing_the_window_in_the_compare_view_saves_the_panels_in_place(window: MainWindow,
                                                                          qtbot: object) -> None:
    window.resize(1280, 800)
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    before = window.main_splitter.sizes()
    open_compare(window, qtbot)
    window.close()
    assert not window.side_splitter.isHidden() and window.main_splitter.sizes() == before
