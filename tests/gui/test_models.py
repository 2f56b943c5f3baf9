"""Every model passes qtmodeltester, empty and full."""

from __future__ import annotations

from desktop.core.library import Library
from desktop.gui.models import (
    DOC_ID_ROLE,
    LibraryModel,
    SearchHitsModel,
    display_date,
    display_meta,
    display_source,
)


def test_library_model(qtmodeltester: object, sample_library: Library) -> None:
    model = LibraryModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    docs = sample_library.list_documents()
    model.set_documents(docs)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert model.index(0, 0).data(DOC_ID_ROLE) == docs[0].id
    assert all(model.index(r, 0).data() for r in range(2))  # a title (the outlet may be unknown)


def test_search_hits_model(qtmodeltester: object, sample_library: Library) -> None:
    model = SearchHitsModel()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_hits(sample_library.search("Putin").hits)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2


def test_display_helpers(sample_library: Library) -> None:
    assert display_date("2022-09-15") == "15 Sep 2022"
    assert display_date("sometime") == "sometime"
    doc = sample_library.list_documents()[0]
    blank = type(doc)(doc.id, "/x/story.txt", "", "", "", 0, "")
    assert display_source(blank) == ""  # issue #11: a file name is not an outlet
    assert display_meta(blank) == "no outlet or date  ·  story.txt"  # not an empty line
    dated = type(doc)(doc.id, "/x/story.txt", "", "", "2022-09-15", 0, "")
    assert display_meta(dated) == "15 Sep 2022"
    assert display_meta(type(doc)(doc.id, "/x/story.txt", "", "AP", "2022-09-15", 0, "")) == \
        "AP  ·  15 Sep 2022"
