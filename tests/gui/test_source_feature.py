"""The "source as read" view and the article details dialog, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from desktop.core.library import Library
from desktop.gui.main_window import MainWindow
from desktop.gui.source_feature import DetailsDialog, SourceDialog
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


def test_source_view_shows_the_page_text_and_tints_what_was_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, lib, doc_id = _window(qtbot, tmp_path)
    doc = lib.get_document(doc_id)
    dialog = SourceDialog(doc, [], window)
    text = dialog.text.toPlainText()
    assert "<p>" not in text and "Home" in text and "Contact us" in text  # markup gone, all read
    kept = "".join(text[s:e] for s, e in dialog.kept_spans)
    assert "The council voted on Tuesday" in kept
    assert "Home" not in kept and "Contact us" not in kept
    window.source_feature.open_source()  # through the menu action's slot
    assert isinstance(window.source_feature.dialog, SourceDialog)
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
