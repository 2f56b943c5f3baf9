"""#13 item 8: the window with many articles, and the small things found on first use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.core.library import Library
from desktop.core.model import Document, Span
from desktop.gui import settings as S
from desktop.gui.library_panel import COMPACT_BELOW, LibraryPanel, wrap_lines
from desktop.gui.main_window import MainWindow
from desktop.gui.models import display_date
from desktop.gui.tasks import SyncTaskRunner
from tests.gui.test_entities_gui import recognised


def shown_doc(window: MainWindow) -> Document:
    doc = window.reader.document_shown()
    assert doc is not None
    return doc


TITLE = "Turkey's President Erdogan proposes converting Hagia Sophia Museum to mosque (Harbour Press)"


# -- the library list -------------------------------------------------------------------------
def test_library_list_shows_outlet_date_and_shared_figure(window: MainWindow, qtbot: object) -> None:
    panel = window.library_panel
    window.notes_feature.show_notes.setChecked(False)  # room for a wide list (the screen is small)
    window.entities_feature.show_panel.setChecked(False)
    window.main_splitter.setSizes([COMPACT_BELOW + 120, 10, 10])
    qtbot.waitUntil(lambda: not panel.is_compact())  # type: ignore[attr-defined]
    model = panel.model()
    assert model.HEADERS == ("Title", "Outlet", "Date", "Shared")
    shares = window._library.storymap.shares()
    row = model.row_of(1)
    assert model.index(row, 3).data() == f"{shares[1].share:.0%}"
    assert "of its text is found in 1 other article" in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert not panel.table().isColumnHidden(3)
    assert panel.table().isColumnHidden(1)  # the samples have no outlet: no empty column


def test_a_narrow_list_puts_outlet_date_and_share_under_the_title(window: MainWindow) -> None:
    window.main_splitter.setSizes([COMPACT_BELOW - 100, 800, 300])
    panel = window.library_panel
    assert panel.is_compact()
    assert all(panel.table().isColumnHidden(c) for c in (1, 2, 3))  # the title has the width


def test_titles_read_whole_in_the_list_at_1280_to_1920(qapp: object) -> None:
    fm = QFontMetrics(QFont())
    for title_width in (300, 330, 520):  # the title's room at 1280, 1600, 1920 px
        lines = wrap_lines(fm, TITLE, title_width)
        assert " ".join(lines) == TITLE and "…" not in lines[-1], title_width
    assert wrap_lines(fm, TITLE * 3, 300)[-1].endswith("…")  # only a very long one is cut


def test_dates_and_shares_read_whole_in_their_columns_at_a_large_font(qapp: QApplication) -> None:
    """The Date column held 92 px: at a larger font than the test machine's ("30 Dec 20…" on
    a 1920 x 1080 screen) the dates were cut."""
    before = qapp.font()
    big = QFont(before)
    big.setPointSizeF(before.pointSizeF() * 1.6)
    qapp.setFont(big)
    try:
        panel = LibraryPanel(lambda: [])
        table = panel.table()
        fm = table.fontMetrics()
        header = table.horizontalHeader()
        dates = [display_date(f"2000-{m:02d}-28") for m in range(1, 13)]
        for col, texts in ((2, dates), (3, ["100%", "Shared"])):
            assert header.sectionSize(col) >= max(fm.horizontalAdvance(t) for t in texts) + 16, texts
        panel.deleteLater()
    finally:
        qapp.setFont(before)


def test_library_list_sorts_by_date_and_keeps_several_selected(window: MainWindow) -> None:
    table = window.library_panel.table()
    table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert sorted(window.library_panel.document_ids()) == [1, 2]
    table.selectAll()
    assert window.library_panel.selected_ids() == [1, 2]


# -- the compare view -------------------------------------------------------------------------
def test_compare_is_readable_at_1280x800(window: MainWindow, qtbot: object) -> None:
    window.resize(1280, 800)
    window.main_splitter.setSizes([340, 640, 300])
    window.actions_.compare.trigger()
    cv = window.compare
    assert not window.side_splitter.isVisible()  # the reader's side panels make room
    qtbot.waitUntil(lambda: cv.column_a.width() >= 330 and cv.column_b.width() >= 330)  # type: ignore[attr-defined]
    assert cv.column_a.point_size() < window.reader.point_size()
    assert cv.diff.height() < 160  # the diff strip no longer eats the columns
    cv.close_button.click()
    assert window.side_splitter.isVisible() and window.reader.isVisible()


def test_next_and_previous_difference_keys_as_in_a_diff_tool(window: MainWindow, qtbot: object) -> None:
    window.actions_.compare.trigger()
    cv = window.compare
    assert cv.stops and any(kind != "link" for kind, _ in cv.stops)  # paragraphs one side only
    cv.column_a.setFocus()
    qtbot.keyClick(cv.column_a, Qt.Key.Key_F7)  # type: ignore[attr-defined]
    assert cv.stop == 0 and cv.position.text() == f"1 of {len(cv.stops)}"
    qtbot.keyClick(cv.column_a, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert cv.stop == 1
    qtbot.keyClick(cv.column_a, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
    assert cv.stop == 0
    qtbot.keyClick(cv.column_a, Qt.Key.Key_F7)  # type: ignore[attr-defined]  # (no modifier left held)
    assert cv.stop == 1
    for _ in range(len(cv.stops)):
        cv.next_difference()
        kind, what = cv.stops[cv.stop]
        if kind == "link":
            assert cv.selected is what and cv.diff.operations()
        else:
            assert cv.selected is None and cv.diff.toPlainText().startswith(f"Only in {kind.upper()}")


# -- sizes kept across restarts ---------------------------------------------------------------
def test_resized_panels_keep_their_size_across_restarts(qtbot: object, sample_library: Library,
                                                          tmp_path: Path) -> None:
    sample_library.analyse_pending(recognise=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = MainWindow(sample_library, SyncTaskRunner(), settings)
    qtbot.addWidget(first)  # type: ignore[attr-defined]
    first.resize(790, 760)  # the offscreen screen is 800 x 800
    first.show()
    first.main_splitter.setSizes([270, 250, 250])
    first.left_splitter.setSizes([400, 250])
    first.compare.splitter.setSizes([500, 180])
    first.notes_feature.show_notes.setChecked(False)  # room for a wide list (the screen is small)
    first.entities_feature.show_panel.setChecked(False)
    first.main_splitter.setSizes([520, 10, 250])  # a wide list: outlet, date, share as columns
    qtbot.waitUntil(lambda: not first.library_panel.is_compact())  # type: ignore[attr-defined]
    first.library_panel.table().horizontalHeader().resizeSection(3, 131)
    first.main_splitter.setSizes([270, 250, 250])
    first.notes_feature.show_notes.setChecked(True)
    first.entities_feature.show_panel.setChecked(True)
    qtbot.wait(10)  # type: ignore[attr-defined]
    story = first.storymap_feature.view.splitters["families"]
    story.setSizes([700, 300])
    story.splitterMoved.emit(700, 1)
    sizes = (first.main_splitter.sizes(), first.left_splitter.sizes(), first.compare.splitter.sizes(),
             story.sizes())
    first.close()
    second = MainWindow(sample_library, SyncTaskRunner(), settings)
    qtbot.addWidget(second)  # type: ignore[attr-defined]
    second.show()
    assert second.main_splitter.sizes() == sizes[0] and second.left_splitter.sizes() == sizes[1]
    assert second.compare.splitter.sizes() == sizes[2]
    second.notes_feature.show_notes.setChecked(False)
    second.entities_feature.show_panel.setChecked(False)
    second.main_splitter.setSizes([520, 10, 250])
    qtbot.waitUntil(lambda: not second.library_panel.is_compact())  # type: ignore[attr-defined]
    assert second.library_panel.table().horizontalHeader().sectionSize(3) == 131
    assert second.storymap_feature.view.splitters["families"].sizes() == sizes[3]
    second.close()


# -- the small things -------------------------------------------------------------------------
def test_export_dialog_remembers_its_last_format_and_folder(window: MainWindow, tmp_path: Path,
                                                             monkeypatch: object) -> None:
    notes = window.notes_feature
    dialog = notes.export_dialog()
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.path.setText(str(tmp_path / "mine.html"))
    monkeypatch.setattr(type(dialog), "exec", lambda self: 1)  # type: ignore[attr-defined]
    monkeypatch.setattr(notes, "export_dialog", lambda fmt="", d=dialog: d)  # type: ignore[attr-defined]
    notes.open_export()
    assert (tmp_path / "mine.html").exists()
    monkeypatch.undo()  # type: ignore[attr-defined]
    again = window.notes_feature.export_dialog()
    assert again.format.currentData() == "html"
    assert Path(again.path.text()).parent == tmp_path
    assert window.settings.get(S.EXPORT_FOLDER) == str(tmp_path)


def test_notes_list_shows_rendered_text_without_markdown_or_doubled_quotes(window: MainWindow) -> None:
    window.open_article(1)
    doc = shown_doc(window)
    lib = window._library
    lib.annotations.add_quote(doc, '"Attempts to create a unipolar world', "claim",
                              "Check with the **AFP** wire; see [the site](https://x.example/)")
    window.notes_feature.panel.reload()
    text = window.notes_feature.panel.list.item(0).text()
    assert text.startswith("“Attempts to create a unipolar world”")
    assert "““" not in text and '“"' not in text and "**" not in text and "](" not in text
    assert "Check with the AFP wire; see the site" in text


def test_results_header_shows_the_query_without_doubled_quotes(window: MainWindow) -> None:
    window.search_panel.search_for('"Xi Jinping"')
    header = window.search_panel.header_text()
    assert header.endswith("“Xi Jinping”") and '""' not in header and '“"' not in header
    window.search_panel.search_for('"no such words here at all"')
    assert window.search_panel.header_text() == "No matches for “no such words here at all”"


def test_clicking_a_note_shows_its_highlight_with_context_above(window: MainWindow) -> None:
    window.resize(1200, 520)
    window.open_article(2)
    doc = shown_doc(window)
    ann = window._library.annotations.add_quote(doc, "Serhiy Gaidai", "claim", "far down")
    window.open_article(1)
    window.notes_feature.jump_to(ann)
    reader = window.reader
    start = shown_doc(window).text.index("Serhiy Gaidai")
    rect = reader.cursorRect(reader.span_range(Span(start, start + 5)))
    height = reader.viewport().height()
    assert height * 0.2 <= rect.top() <= height * 0.6  # context above it: not at the top edge
    assert reader.selected_span() == Span(start, start + len("Serhiy Gaidai"))


def test_a_background_import_leaves_the_reader_and_the_results_where_they_were(
        window: MainWindow, tmp_path: Path, qtbot: object) -> None:
    window.search_panel.search_for("Putin")
    window.search_panel.select_row(1)
    shown = shown_doc(window).id
    window.reader.next_match()
    window.reader.next_match()
    bar = window.reader.verticalScrollBar()
    place, match = bar.value(), window.reader.current_match()
    hits = window.search_panel._model.hits()
    new = tmp_path / "new.txt"
    new.write_text("A story about something else entirely, told in a new place today.\n", "utf-8")
    window.importer.import_paths([new])  # nothing in it matches: the results stay as they are
    window.analysis.run_now()
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert shown_doc(window).id == shown
    assert bar.value() == place and window.reader.current_match() == match
    assert window.search_panel._model.hits() is hits  # not reset: no flicker, no jump
    assert window.search_panel._list.currentIndex().row() == 1


def test_articles_mentioning_shows_its_query_in_the_search_box(window: MainWindow) -> None:
    feature = recognised(window)
    assert feature.panel.select_entity("Vladimir Putin")
    feature.panel.mentioning.click()
    assert window.search_panel.field.text() == 'person:"Vladimir Putin"'
    assert window.search_panel.query() == 'person:"Vladimir Putin"'


def test_import_details_box_is_large_and_resizable(window: MainWindow) -> None:
    details = "\n".join(f"imported   #{n}  /some/long/folder/name/file-{n}.txt" for n in range(200))
    window.banner.show_message("200 imported", details)
    window.banner._details_button.click()
    box = window.banner.details_dialog
    assert box is not None and box.isVisible() and box.isSizeGripEnabled()
    assert box.width() >= 560 and box.height() >= 380
    assert box.text.toPlainText() == details and box.text.isReadOnly()
    box.resize(1000, 700)
    assert box.width() == 1000
    box.close()


def test_entity_list_shows_more_than_four_rows(window: MainWindow) -> None:
    window.resize(1280, 800)
    feature = recognised(window)
    tree = feature.panel.tree
    rows = tree.viewport().height() // tree.sizeHintForRow(0)
    assert rows >= 8
