"""The "source as read" view and the article details dialog, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from desktop.core.library import Library
from desktop.core.model import Span
from desktop.gui.main_window import MainWindow
from desktop.gui.source_feature import DetailsDialog
from desktop.gui.tasks import SyncTaskRunner

PAGE = ("<html><head><title>Bridge | Gazette</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Harbour bridge to close</h1><p>The council voted on Tuesday to close the old "
        "harbour bridge to traffic, after engineers found corrosion in its frame.</p>"
        "<p>Shops fear that fewer visitors will cross the river while a ferry runs.</p></article>"
        "<footer>Contact us</footer></body></html>")


def _window(qtbot, tmp_path: Path) -> tuple[MainWindow, Library, int]:  # type: ignore[no-untyped-def]
    page = tmp_path / "bridge.html"
    page.write_text(PAGE, encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([page])
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)
    window.open_article(result.doc_id or 0)
    return window, lib, result.doc_id or 0


def _source_text(window: MainWindow) -> str:
    return window.reader.toPlainText().replace("\u2029", "\n")


def test_source_as_read_toggle_shows_the_page_text_in_the_reader(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, lib, doc_id = _window(qtbot, tmp_path)
    action = window.source_feature.show_source
    assert action.isCheckable() and action.shortcut().toString() == "Ctrl+U"
    assert action in window.menus.view.actions()
    clean_shown = window.reader.toPlainText()
    assert "Home" not in clean_shown and "Contact us" not in clean_shown
    action.trigger()
    assert window.reader.source_mode()
    shown = _source_text(window)
    assert "<p>" not in shown and "<nav>" not in shown  # markup gone
    assert "Home" in shown and "Contact us" in shown and "The council voted" in shown  # all read
    assert shown.startswith("Source as read — the web page")
    # kept text in the text colour, what was left out muted
    reader = window.reader
    doc = lib.get_document(doc_id)

    def colour_at(word: str) -> str:
        cursor = reader.textCursor()
        cursor.setPosition(reader.toPlainText().index(word) + 1)
        return cursor.charFormat().foreground().color().name()
    assert colour_at("Contact us") == colour_at("Home") != colour_at("The council voted")
    # the mode stays on for the next article, and goes off again
    window.open_article(doc_id)
    assert reader.source_mode() and "Contact us" in reader.toPlainText()
    action.trigger()
    assert not reader.source_mode() and reader.toPlainText() == clean_shown
    assert doc.clean.text.startswith("Harbour bridge")
    lib.close()


def test_marks_in_source_mode_land_on_the_same_words(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.marks import EntityMark
    page = tmp_path / "amp.html"
    page.write_text("<html><body><nav>Menu</nav><article><h1>Fish &amp; chips tax</h1>"
                    "<p>The city&#8217;s council voted on Tuesday to tax fish &amp; chips "
                    "shops, a levy that vendors call unfair.</p>"
                    "<p>Vendors in the harbour say that the levy will cost them dearly.</p>"
                    "</article></body></html>", encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([page])
    doc_id = result.doc_id or 0
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)
    window.open_article(doc_id)
    reader = window.reader
    doc = lib.get_document(doc_id)
    words = ["city’s council", "fish & chips", "levy will cost"]
    spans = [Span(doc.clean.text.index(w), doc.clean.text.index(w) + len(w)) for w in words]
    reader.set_matches(spans[:2])
    fmt = reader.currentCharFormat()
    reader.set_layer("test", [(EntityMark(spans[2].start, spans[2].end, entity_label="ORG"), fmt)])
    window.source_feature.show_source.setChecked(True)
    assert reader.source_mode()
    for word, span in zip(words, spans, strict=True):
        assert reader.span_range(span).selectedText() == word
    drawn = [sel.cursor.selectedText() for sel in reader.extraSelections()]
    assert sorted(drawn) == sorted(words)  # the layer and both matches, on the source's words
    assert reader.match_count() == 2
    # a position in the source maps back to the clean text (a selection stays a clean span)
    at = reader.toPlainText().index("levy will cost")
    assert reader.to_clean(at) == spans[2].start
    assert reader.to_clean(0) is None  # the header line is not article text
    cursor = reader.textCursor()
    cursor.setPosition(at)
    cursor.setPosition(at + len("levy will cost"), cursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    assert reader.selected_span() == spans[2]
    lib.close()


def test_source_as_read_shows_a_pdfs_pages(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.pdfmaker import lines, make_pdf

    pages = [[*lines(72, 700, [f"Page {n}: the council voted to close the old harbour bridge.",
                               f"Engineers found corrosion in its steel frame on day {n}."])]
             for n in (1, 2)]
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([make_pdf(tmp_path / "r.pdf", pages)])
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)
    window.open_article(result.doc_id or 0)
    window.source_feature.show_source.setChecked(True)
    shown = _source_text(window)
    assert shown.startswith("Source as read — the PDF")
    assert "page 2" in shown and "day 2" in shown
    doc = lib.get_document(result.doc_id or 0)
    i = doc.clean.text.index("day 2")
    assert window.reader.span_range(Span(i, i + 5)).selectedText() == "day 2"
    lib.close()


def test_article_details_dialog_saves_and_refuses_bad_dates(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, lib, doc_id = _window(qtbot, tmp_path)
    dialog = DetailsDialog(lib, lib.get_document(doc_id), window)
    dialog.fields["date"].setText("someday")
    dialog.save()
    assert "not a date" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.fields["date"].setText("2022-09-15")
    dialog.fields["source"].setText("Harbour Gazette")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    meta = lib.get_document(doc_id).meta
    assert (meta.date, meta.source) == ("2022-09-15", "Harbour Gazette")
    assert [h.doc.id for h in lib.search('source:"harbour gazette"').hits] == [doc_id]
    lib.close()


def test_the_reader_shows_pdf_page_breaks_and_keeps_offsets(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.support.pdfmaker import lines, make_pdf

    pages = [[*lines(72, 700, [f"Page {n}: the council voted to close the old harbour bridge.",
                               f"Engineers found corrosion in its steel frame on day {n}."])]
             for n in (1, 2, 3)]
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([make_pdf(tmp_path / "r.pdf", pages)])
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)
    window.open_article(result.doc_id or 0)
    reader = window.reader
    shown = reader.toPlainText()
    assert "— p. 2 —" in shown and "— p. 3 —" in shown and "— p. 1 —" not in shown
    doc = lib.get_document(result.doc_id or 0)
    i = doc.clean.text.index("day 3")
    pos = reader.to_position(i)
    assert shown[pos:pos + 5] == "day 3" and reader.to_clean(pos) == i
    lib.close()


def test_switching_to_the_source_and_back_keeps_the_words_in_view(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    paras = "".join(f"<p>Paragraph {n}: the council met again on day {n} to talk about the old "
                    f"harbour bridge and the ferry that would run while it is rebuilt.</p>"
                    for n in range(80))
    page = tmp_path / "long.html"
    page.write_text(f"<html><body><nav>Home · News</nav><article><h1>Bridge diary</h1>{paras}"
                    "</article></body></html>", encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([page])
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.open_article(result.doc_id or 0)
    reader = window.reader
    doc = lib.get_document(result.doc_id or 0)
    target = doc.clean.text.index("Paragraph 50:")

    def top_of(clean_pos: int) -> int:
        cursor = QTextCursor(reader.document())
        cursor.setPosition(reader.to_position(clean_pos))
        return reader.cursorRect(cursor).top()

    window.source_feature.show_source.setChecked(True)  # from the top: where the article starts
    assert 0 <= top_of(0) < reader.viewport().height() // 2
    window.source_feature.show_source.setChecked(False)
    bar = reader.verticalScrollBar()
    bar.setValue(bar.value() + top_of(target))
    for on in (True, False):
        window.source_feature.show_source.setChecked(on)
        assert 0 <= top_of(target) < reader.viewport().height() // 2, on
    lib.close()
