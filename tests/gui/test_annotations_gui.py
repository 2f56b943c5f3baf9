"""Highlights, notes, undo, the notes panel and File → Export… in the window (offscreen)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from desktop.core.export import html as html_export
from desktop.core.export.bundle import build_bundle
from desktop.core.library import Library
from desktop.core.model import Span
from desktop.gui.main_window import MainWindow

QUOTE = "The meeting was part of Xi's first trip"


def select_quote(window: MainWindow, text: str = QUOTE) -> Span:
    window.open_article(1)
    doc = window.reader.document_shown()
    assert doc is not None
    start = doc.text.index(text)
    span = Span(start, start + len(text))
    window.reader.setTextCursor(window.reader.span_range(span))
    window.reader.setFocus()
    return span


def stored(library: Library) -> list[tuple[str, str]]:
    db = sqlite3.connect(library.folder / "library.sqlite")
    try:
        return db.execute("SELECT exact, note FROM annotations ORDER BY start").fetchall()
    finally:
        db.close()


def test_h_highlights_the_selection_and_saves_at_once(window: MainWindow, qtbot: object,
                                                      sample_library: Library) -> None:
    select_quote(window)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)  # type: ignore[attr-defined]
    assert stored(sample_library) == [(QUOTE, "")]  # committed: another connection sees it
    assert "highlights" in window.reader.layer_names()
    assert len(window.notes_feature.panel.annotation_ids()) == 1


def test_undo_and_redo(window: MainWindow, qtbot: object, sample_library: Library) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight("check")
    [ann] = sample_library.annotations.select()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert sample_library.annotations.select() == []
    assert "highlights" not in window.reader.layer_names()
    qtbot.keyClick(window, Qt.Key.Key_Z,  # type: ignore[attr-defined]
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert sample_library.annotations.select() == [ann]  # same id back


def test_note_with_n_then_edit_in_panel_and_undo(window: MainWindow, qtbot: object,
                                                 sample_library: Library) -> None:
    window.notes_feature.controller.ask_note = lambda parent, title, text: "Check with *AFP*"
    select_quote(window)
    qtbot.keyClick(window.reader, Qt.Key.Key_N)  # type: ignore[attr-defined]
    [ann] = sample_library.annotations.select()
    assert ann.note == "Check with *AFP*"
    panel = window.notes_feature.panel
    panel.list.setCurrentRow(0)
    panel.note.setPlainText("Confirmed by Reuters")
    panel.tags.setText("summit, xi, summit")
    panel.colour.setCurrentIndex(panel.colour.findData("contradiction"))
    panel.save.click()
    [edited] = sample_library.annotations.select()
    assert (edited.note, edited.tags, edited.colour) == ("Confirmed by Reuters", ("summit", "xi"),
                                                          "contradiction")
    window.notes_feature.controller.stack.undo()
    assert sample_library.annotations.select()[0].note == "Check with *AFP*"


def test_panel_filters_and_delete_with_undo(window: MainWindow, sample_library: Library) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight("claim")
    select_quote(window, "For Putin, it was a chance")
    window.notes_feature.controller.highlight("check")
    panel = window.notes_feature.panel
    assert len(panel.annotation_ids()) == 2
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData("check"))
    assert len(panel.annotation_ids()) == 1
    panel.colour_filter.setCurrentIndex(0)
    window.open_article(2)
    assert panel.annotation_ids() == []  # this article only
    panel.scope.setCurrentIndex(1)
    assert len(panel.annotation_ids()) == 2
    panel.list.setCurrentRow(0)
    panel.delete.click()
    assert len(sample_library.annotations.select()) == 1
    window.notes_feature.controller.stack.undo()
    assert len(sample_library.annotations.select()) == 2


def test_clicking_an_annotation_jumps_to_it(window: MainWindow, sample_library: Library) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight()
    window.open_article(2)
    window.notes_feature.panel.scope.setCurrentIndex(1)
    [ann] = sample_library.annotations.select()
    window.notes_feature.jump_to(ann)
    shown = window.reader.document_shown()
    assert shown is not None and shown.id == 1
    assert window.reader.textCursor().selectedText() == QUOTE


def test_context_menu_offers_highlight_colours(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMenu

    from desktop.gui.reader import ReaderContext

    span = select_quote(window)
    menu = QMenu()
    window.reader.sig_context_menu_requested.emit(
        menu, ReaderContext(window.reader.document_shown(), span.start, span))
    texts = [a.text() for a in menu.actions()]
    assert "Highlight as" in texts and any(t.startswith("Add note") for t in texts)
    sub = next(cast(QMenu, a.menu()) for a in menu.actions() if a.text() == "Highlight as")
    assert [a.text() for a in sub.actions()] == ["claim", "contradiction", "check", "key quote"]
    menu.deleteLater()


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_export_dialog_writes_and_confirms_overwrite(window: MainWindow, tmp_path: Path, fmt: str) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight()
    dialog = window.notes_feature.export_dialog()
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.pair.setChecked(True)
    target = tmp_path / f"out.{fmt}"
    dialog.path.setText(str(target))
    assert dialog.options().scope == "pair" and dialog.options().doc_ids == (1, 2)
    dialog.accept()
    window.notes_feature.exporter.export(dialog.options())
    data = target.read_bytes()
    assert data.startswith(b"%PDF") if fmt == "pdf" else b"<mark" in data
    asked: list[Path] = []
    dialog2 = window.notes_feature.export_dialog()
    dialog2.path.setText(str(target))
    dialog2.format.setCurrentIndex(dialog2.format.findData(fmt))
    dialog2.path.setText(str(target))
    dialog2.confirm = lambda parent, path: asked.append(path) or False
    dialog2.accept()
    assert asked == [target] and dialog2.result() == 0  # declined: nothing replaced
    assert target.read_bytes() == data


def test_reader_and_pdf_never_render_article_html(qtbot: object, library: Library, tmp_path: Path,
                                                  runner: object, settings: object) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("Title <b>bold</b>\n\nA <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n",
                    "utf-8")
    library.import_paths([path])
    window = MainWindow(library, runner, settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.open_article(1)
    assert "<script>alert(1)</script>" in window.reader.toPlainText()
    assert "<b>bold</b>" in window.reader.toPlainText()
    doc = library.get_document(1)
    library.annotations.add_quote(doc, "and", "claim", "<img src=x onerror=alert(3)> **n**")
    qt_page = QTextDocument()
    qt_page.setHtml(html_export.render(build_bundle(library, [1], "doc"), qt=True))
    text = qt_page.toPlainText()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(3)>" in text


def test_orphans_are_listed_and_colours_can_be_named(window: MainWindow, sample_library: Library) -> None:
    from dataclasses import replace

    select_quote(window)
    ann = window.notes_feature.controller.highlight()
    assert ann is not None
    sample_library.annotations.restore(replace(ann, orphan=True))
    panel = window.notes_feature.panel
    panel.reload()
    assert "orphan" in panel.list.item(0).text()
    panel.rename_colour("claim", "disputed claim")
    assert panel.colour.itemText(0) == "disputed claim"
    assert sample_library.annotations.colour("claim").name == "disputed claim"


def test_a_corrected_version_reanchors_and_reshows(qtbot: object, library: Library, tmp_path: Path,
                                                   runner: object, settings: object) -> None:
    from tests.conftest import WIRE

    path = tmp_path / "story.txt"
    original = WIRE.read_text("utf-8")
    path.write_text(original, "utf-8")
    library.import_paths([path])
    window = MainWindow(library, runner, settings)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    select_quote(window)
    window.notes_feature.controller.highlight()
    path.write_text("CORRECTION: a date was wrong.\n\n" + original, "utf-8")
    window.importer.import_paths([path])
    shown = window.reader.document_shown()
    assert shown is not None and shown.source_text.startswith("CORRECTION")
    [ann] = library.annotations.select()
    assert not ann.orphan and shown.source_text[ann.position.start:ann.position.end] == QUOTE
    sel = window.reader.extraSelections()
    assert any(s.cursor.selectedText() == QUOTE for s in sel)


def test_typing_a_note_autosaves_and_undoes_as_one(window: MainWindow, qtbot: object,
                                                   sample_library: Library) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight()
    panel = window.notes_feature.panel
    panel.list.setCurrentRow(0)
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Needs a second source")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: sample_library.annotations.select()[0].note == "Needs a second source",  # type: ignore[attr-defined]
                    timeout=10000)
    assert panel.note.toPlainText() == "Needs a second source"  # typing was not disturbed
    qtbot.keyClicks(panel.note, ".")  # type: ignore[attr-defined]
    panel.save.click()
    assert sample_library.annotations.select()[0].note == "Needs a second source."
    window.notes_feature.controller.stack.undo()  # both saves were one edit
    assert sample_library.annotations.select()[0].note == ""


def test_picking_another_annotation_saves_the_one_being_typed(window: MainWindow, qtbot: object,
                                                               sample_library: Library) -> None:
    select_quote(window)
    window.notes_feature.controller.highlight()
    select_quote(window, "For Putin, it was a chance")
    window.notes_feature.controller.highlight()
    panel = window.notes_feature.panel
    panel.list.setCurrentRow(0)
    first = panel.annotation_ids()[0]
    panel.note.setPlainText("typed, not yet saved")
    panel.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: sample_library.annotations.get(first).note == "typed, not yet saved",  # type: ignore[attr-defined]
                    timeout=10000)
    qtbot.waitUntil(lambda: panel.list.currentRow() == 1 and panel.note.toPlainText() == "",  # type: ignore[attr-defined]
                    timeout=10000)
