"""The story map in the window: families, pairs (ranking and matrix), passages, quotes; clicks
into the compare view and the reader; "also in" under the reader; the map of a selection or
a search; refresh on change events; export from the export dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTreeView

from desktop.core.events import Change
from desktop.core.model import Document
from desktop.core.storymap.snapshot import MapSnapshot
from desktop.gui.export_dialog import is_map_format
from desktop.gui.main_window import MainWindow
from desktop.gui.quote_table import ROW_ROLE
from desktop.gui.reader import ReaderView
from desktop.gui.storymap_pairs import PAIR_ROLE
from tests.conftest import WIRE


def open_map(window: MainWindow) -> MapSnapshot:
    feature = window.storymap_feature
    feature.toggle.trigger()  # Ctrl+M
    assert window.current_view() is feature.view and not window.reader.isVisible()
    return shown_map(window)


def shown_map(window: MainWindow) -> MapSnapshot:
    snap = window.storymap_feature.shown
    assert snap is not None
    return snap


def top(tree: QTreeView, n: int) -> QModelIndex:
    index = tree.model().index(n, 0)
    assert index.isValid()
    return index


def rows(tree: QTreeView) -> list[QModelIndex]:
    model = tree.model()
    return [model.index(i, 0) for i in range(model.rowCount())]


def children(index: QModelIndex) -> list[QModelIndex]:
    model = index.model()
    return [model.index(i, 0, index) for i in range(model.rowCount(index))]


def shown_doc(window: MainWindow) -> Document:
    doc = window.reader.document_shown()
    assert doc is not None
    return doc


def column_doc(column: ReaderView) -> Document:
    doc = column.document_shown()
    assert doc is not None
    return doc


def test_ctrl_m_shows_families_with_first_and_evidence(window: MainWindow) -> None:
    assert window.storymap_feature.toggle.shortcut().toString() == "Ctrl+M"
    snap = open_map(window)
    view = window.storymap_feature.view
    assert view.title.text() == "Story map of the whole library"
    assert "2 articles · 1 family · 1 pair sharing text · " in view.summary.text()
    family = top(view.families, 0)
    assert family.data() == "Family 1 · 2 articles" and len(children(family)) == 2
    assert family.siblingAtColumn(3).data() == "unknown"  # no dates, no credit, the text does not tell
    view.families.setCurrentIndex(family)
    assert "Who had it first: unknown" in view.family_detail.toPlainText()
    assert snap.family_calls[0].evidence in view.family_detail.toPlainText()
    assert len(rows(view.family_pairs)) == 1
    window.storymap_feature.toggle.trigger()  # Ctrl+M again: back to the reader
    assert window.reader.isVisible() and window.current_view() is None


def test_a_click_on_a_ranked_pair_opens_the_compare_view_there_and_back(window: MainWindow) -> None:
    open_map(window)
    view = window.storymap_feature.view
    index = view.pairs.model().index(0, 0)
    pair = index.data(PAIR_ROLE)
    assert (pair.a, pair.b) == (1, 2) and index.siblingAtColumn(2).data() == f"{pair.a_in_b:.0%}"
    view.pairs.clicked.emit(index)
    cv = window.compare
    assert cv.isVisible() and not view.isVisible()
    assert {column_doc(cv.column_a).id, column_doc(cv.column_b).id} == {1, 2}
    assert cv.selected is not None  # at the pair's longest shared passage
    longest = max(cv.links, key=lambda k: k.a.end - k.a.start)
    assert cv.selected.id == longest.id
    assert cv.close_button.text() == "Back to story map"
    cv.close_button.click()
    assert view.isVisible() and not cv.isVisible()


def test_ranking_sorts_by_any_column(window: MainWindow) -> None:
    open_map(window)
    table = window.storymap_feature.view.pairs
    table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
    assert table.model().rowCount() == 1 and "chars" in table.model().index(0, 8).data()


def test_matrix_cell_gives_the_share_and_opens_compare(window: MainWindow) -> None:
    snap = open_map(window)
    view = window.storymap_feature.view
    model = view.matrix_model
    assert model.rowCount() == model.columnCount() == 2
    (pair,) = snap.smap.pairs
    row, col = model.order().index(1), model.order().index(2)
    assert model.index(row, col).data() == f"{pair.a_in_b * 100:.0f}"
    assert model.index(col, row).data() == f"{pair.b_in_a * 100:.0f}"
    assert "found in" in model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
    view.matrix.clicked.emit(model.index(row, col))
    assert window.compare.isVisible()


def test_passages_list_every_copy_and_a_copy_opens_compare(window: MainWindow) -> None:
    snap = open_map(window)
    view = window.storymap_feature.view
    assert len(rows(view.passages)) == len(snap.passages) > 0
    view.passages.setCurrentIndex(top(view.passages, 0))
    copies = rows(view.copies)
    assert len(copies) >= 2 and {c.siblingAtColumn(2).data() for c in copies} & {"reference"}
    assert all(c.siblingAtColumn(1).data().startswith("¶") for c in copies)
    other = next(c for c in copies if c.siblingAtColumn(2).data() != "reference")
    view.copies.clicked.emit(other)
    cv = window.compare
    assert cv.isVisible() and cv.selected is not None
    cluster = snap.passages[0]
    copy = cluster.copy_in(int(other.data(Qt.ItemDataRole.UserRole)))
    assert copy is not None
    end = cv.selected.b if column_doc(cv.column_b).id == copy.doc else cv.selected.a
    assert end.start < copy.end and copy.start < end.end  # the compare view is at that copy


def test_quote_table_filters_changed_quotes_with_word_diff_and_speakers(window: MainWindow) -> None:
    open_map(window)
    quotes = window.storymap_feature.view.quotes
    total = quotes.model.rowCount()
    quotes.changed_only.setChecked(True)
    rows = quotes.shown_rows()
    assert 0 < len(rows) < total
    assert all(r.group is not None and (r.group.altered or r.group.speakers_differ) for r in rows)
    wire = next(r for r in rows if r.text == "understands your questions and concerns")
    assert wire.quote.speaker.name == "Putin"
    n = next(i for i in range(quotes.model.rowCount()) if quotes.model.index(i, 0).data(ROW_ROLE) is wire)
    assert quotes.model.index(n, 2).data() == "worded differently"
    assert ("understand", "understands") in quotes.model.changes(wire)
    quotes.needle.setText("Putin")
    assert all("putin" in (r.quote.speaker.name + r.text).lower() or r.doc for r in quotes.shown_rows())


def test_a_click_on_a_quote_opens_the_article_at_the_quote(window: MainWindow) -> None:
    open_map(window)
    quotes = window.storymap_feature.view.quotes
    quotes.changed_only.setChecked(True)
    n = next(i for i in range(quotes.model.rowCount())
             if quotes.model.index(i, 0).data(ROW_ROLE).text.startswith("We understand"))
    row = quotes.model.index(n, 0).data(ROW_ROLE)
    quotes.table.clicked.emit(quotes.model.index(n, 1))
    reader = window.reader
    assert reader.isVisible() and shown_doc(window).id == row.doc
    span = reader.selected_span()
    assert span is not None
    assert shown_doc(window).text[span.start:span.end].startswith("We understand your questions")


def test_also_in_under_the_reader_links_into_the_compare_view(window: MainWindow) -> None:
    window.open_article(1)
    reader, bar = window.reader, window.storymap_feature.bar
    cursor = reader.textCursor()
    cursor.setPosition(reader.to_position(10))  # the wire's first paragraph, copied by the web
    reader.setTextCursor(cursor)
    window.storymap_feature._update_bar()
    assert bar.isVisible() and bar.label.full_text() == "Also in:"
    assert bar.texts() == ["#2 ¶2 (edited)"]  # the web article has no outlet: its number
    bar.buttons[0].click()
    cv = window.compare
    assert cv.isVisible() and cv.selected is not None and cv.selected.a.start <= 10 < cv.selected.a.end
    cv.close_button.click()
    assert window.reader.isVisible()
    cursor.setPosition(reader.to_position(len(shown_doc(window).text) - 5))
    reader.setTextCursor(cursor)
    window.storymap_feature._update_bar()
    assert bar.label.full_text().startswith("In a family of 2 articles · first: unknown")
    assert "quotes changed between articles" in bar.label.full_text()


def _ids_item(item: QModelIndex) -> list[int]:
    return [int(c.data(Qt.ItemDataRole.UserRole)[1]) for c in children(item)]


def test_map_of_the_selected_articles(window: MainWindow, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(WIRE.read_text(encoding="utf-8") + "\n\nWith AFP\n", encoding="utf-8")
    window._library.import_paths([copy])
    window._library.analyse_pending(recognise=False)
    table = window.library_panel.table()
    table.selectRow(0)
    table.selectionModel().select(table.model().index(2, 0), table.selectionModel().SelectionFlag.Select
                                  | table.selectionModel().SelectionFlag.Rows)
    assert window.library_panel.selected_ids() == [1, 3]
    window.storymap_feature.of_selection.trigger()
    snap = shown_map(window)
    assert snap.scope.ids == (1, 3) and set(snap.smap.articles) == {1, 3}
    view = window.storymap_feature.view
    assert view.title.text() == "Story map of 2 chosen articles"
    assert _ids_item(top(view.families, 0)) == [1, 3]


def test_map_of_the_search_result(window: MainWindow) -> None:
    window.search_panel.search_for("Zaporizhzhia")  # only the web article
    window.storymap_feature.show_map("search")
    snap = shown_map(window)
    assert snap.scope.ids == (2,) and snap.smap.families == []
    assert "Zaporizhzhia" in window.storymap_feature.view.title.text()


def test_the_map_refreshes_when_links_change(window: MainWindow, qtbot: object) -> None:
    open_map(window)
    feature = window.storymap_feature
    assert len(shown_map(window).smap.articles) == 2
    window._library.remove_document(2)
    qtbot.waitUntil(lambda: feature.shown is not None and len(feature.shown.smap.articles) == 1,  # type: ignore[attr-defined]
                    timeout=10000)
    assert shown_map(window).smap.families == []
    assert top(feature.view.families, 0).data().startswith("In no family")


def test_a_note_does_not_rebuild_the_map(window: MainWindow) -> None:
    open_map(window)
    feature = window.storymap_feature
    before = feature.shown
    window.events.sig_docs_changed.emit(_event(Change.ANNOTATIONS))
    window.events.sig_docs_changed.emit(_event(Change.ENTITIES))
    assert not feature._refresh.isActive() and feature.shown is before


def _event(what: Change) -> object:
    from desktop.core.events import DocsChanged

    return DocsChanged(frozenset({1}), what)


def test_the_map_is_worked_out_by_the_task_runner(window: MainWindow) -> None:
    titles: list[str] = []
    runner = window.runner
    original = runner.start

    def spy(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        titles.append(kwargs.get("title", ""))
        return original(fn, *args, **kwargs)

    runner.start = spy  # type: ignore[method-assign]
    window.storymap_feature.show_map("library")
    assert "Working out the story map…" in titles  # off the GUI thread with the real runner


def test_export_the_map_and_the_quote_table_from_the_export_dialog(window: MainWindow,
                                                                   tmp_path: Path) -> None:
    open_map(window)
    notes = window.notes_feature
    for fmt, name, needle in (("map-html", "map.html", "Families: articles joined by reuse"),
                              ("quotes-csv", "quotes.csv", "speakers_differ")):
        dialog = notes.export_dialog(fmt)
        assert is_map_format(str(dialog.format.currentData()))
        assert not dialog.this.isVisible() and dialog.all.isChecked()
        dialog.path.setText(str(tmp_path / name))
        notes.exporter.export(dialog.options())
        assert needle in (tmp_path / name).read_text(encoding="utf-8")


def test_a_change_while_away_is_shown_on_coming_back(window: MainWindow, qtbot: object) -> None:
    open_map(window)
    feature, view = window.storymap_feature, window.storymap_feature.view
    view.pairs.clicked.emit(view.pairs.model().index(0, 0))  # off to the compare view
    assert window.compare.isVisible()
    window._library.remove_document(2)  # reported as a change event
    assert feature._dirty
    window.compare.close_button.click()  # "Back to story map"
    qtbot.waitUntil(lambda: feature.shown is not None and len(feature.shown.smap.articles) == 1,  # type: ignore[attr-defined]
                    timeout=10000)
    assert not view.is_busy() and "1 article" in view.summary.text()


def test_opening_the_view_reuses_the_librarys_map_when_nothing_changed(window: MainWindow,
                                                                        monkeypatch: object) -> None:
    from desktop.gui import storymap_feature

    feature = window.storymap_feature
    assert feature.whole is not None  # worked out when the window opened (the strip, the list)
    taken: list[object] = []
    real = storymap_feature.take
    monkeypatch.setattr(storymap_feature, "take", lambda *a, **k: taken.append(a) or real(*a, **k))  # type: ignore[attr-defined]
    snap = open_map(window)
    assert snap is feature.whole and taken == []  # only the view's rows were worked out
    feature.invalidate()  # links changed: the map is worked out again
    feature.show_map("library")
    assert len(taken) == 1 and shown_map(window) is not snap


def test_families_hide_the_date_column_when_no_article_has_a_date(window: MainWindow) -> None:
    open_map(window)
    view = window.storymap_feature.view
    assert view.families.isColumnHidden(1)  # the samples have no dates: "no date" on every row
    family_pairs = view.family_pairs
    assert family_pairs.columnWidth(0) < 150  # "#1": sized to its labels, the shares in view
