"""The reader's metadata line: a long file name wraps between its parts in a narrow column
(the compare view), and copying it gives the name as it is."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication

from desktop.core.library import Library
from desktop.gui.reader import BREAK, ReaderView, breakable

NAME = "2022-09-15_Putin_and_Xi_meet_in_Samarkand_ahead_of_the_summit.Reuters.world.txt"


def test_breakable_marks_places_to_wrap_and_nothing_else() -> None:
    assert breakable("a_b.c/d") == f"a_{BREAK}b.{BREAK}c/{BREAK}d"
    assert breakable("plain") == "plain" and breakable("end.") == "end."


def test_a_long_file_name_wraps_between_its_parts_in_a_narrow_column(
        sample_library: Library, qtbot: object) -> None:
    doc = sample_library.get_document(sample_library.list_documents()[0].id)
    doc = replace(doc, path=f"/tmp/{NAME}")
    reader = ReaderView()
    qtbot.addWidget(reader)  # type: ignore[attr-defined]
    reader.resize(260, 600)
    reader.show()
    reader.show_document(doc)
    QApplication.processEvents()
    block = reader.document().begin()
    while block.isValid() and NAME[:10] not in block.text().replace(BREAK, ""):
        block = block.next()
    assert block.isValid()
    layout = block.layout()
    assert layout.lineCount() > 2  # it does wrap at this width
    text = block.text()
    start = text.replace(BREAK, "\x00").find(NAME[0:4])
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        end = line.textStart() + line.textLength()
        if start < end < len(text):  # a line that ends inside the file name
            assert text[end - 1] in f"_.-{BREAK}", f"wrapped mid-word: {text[:end]!r}"


def test_copying_the_metadata_line_gives_the_name_as_it_is(sample_library: Library,
                                                           qtbot: object) -> None:
    doc = sample_library.get_document(sample_library.list_documents()[0].id)
    reader = ReaderView()
    qtbot.addWidget(reader)  # type: ignore[attr-defined]
    reader.show_document(replace(doc, path=f"/tmp/{NAME}"))
    reader.selectAll()
    copied = reader.createMimeDataFromSelection().text()
    assert NAME in copied and BREAK not in copied
