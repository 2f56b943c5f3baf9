"""Quotes kept in the library: extracted once, forgotten when the text changes, gone with
their article, re-read on a newer grammar; a read-only library reads them on the fly."""

from __future__ import annotations

from pathlib import Path

from desktop.core.library import Library
from desktop.core.storymap import quote_store
from tests.conftest import WEB, WIRE


def test_quotes_are_stored_once_and_read_back_equal(sample_library: Library) -> None:
    service = sample_library.storymap.quotes
    assert service.pending() == [1, 2]
    doc = sample_library.get_document(1)
    fresh = service.quotes(doc)  # not stored yet: extracted on the fly
    assert service.update_pending() == sum(len(service.quotes(sample_library.get_document(d)))
                                           for d in (1, 2))
    assert service.pending() == []
    assert service.quotes(doc) == fresh
    stored = service.stored()
    assert [text for _, text in stored[1]][:2] == [q.text(doc.text) for q in fresh][:2]


def test_changed_text_forgets_and_removed_document_drops_quotes(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text('"We will win this war," the general said.\n', encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([src])
        lib.storymap.update_pending()
        (doc,) = lib.list_documents()
        assert [t for _, t in lib.storymap.quotes.stored()[doc.id]] == ["We will win this war,"]
        src.write_text('"We will lose this war," the general said.\n', encoding="utf-8")
        lib.import_paths([src])  # a corrected version: same id, quotes forgotten
        assert lib.storymap.pending() == [doc.id]
        lib.storymap.update_pending()
        assert [t for _, t in lib.storymap.quotes.stored()[doc.id]] == ["We will lose this war,"]
        lib.remove_document(doc.id)
        assert lib.storymap.quotes.stored() == {}


def test_a_newer_grammar_reads_every_article_again(sample_library: Library, monkeypatch) -> None:
    sample_library.storymap.update_pending()
    monkeypatch.setattr(quote_store, "GRAMMAR_VERSION", quote_store.GRAMMAR_VERSION + 1)
    assert sample_library.storymap.pending() == [1, 2]


def test_read_only_library_reads_quotes_on_the_fly(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([WIRE, WEB])
        lib.link_pending()
    ro = Library.open(tmp_path / "lib", read_only=True)
    try:
        assert ro.storymap.update_pending() == 0
        table = ro.storymap.quote_table()
        assert {r.doc for r in table.rows} == {1, 2} and any(g.altered for g in table.groups)
    finally:
        ro.close()


def test_quote_table_is_cached_until_the_library_changes(sample_library: Library) -> None:
    first = sample_library.storymap.quote_table()
    assert sample_library.storymap.quote_table() is first
    sample_library.storymap.update_pending()
    assert sample_library.storymap.quote_table() is not first


def test_a_note_does_not_rebuild_the_map_but_new_links_do(sample_library: Library) -> None:
    first = sample_library.storymap.story_map()
    doc = sample_library.get_document(1)
    sample_library.annotations.add_quote(doc, "Putin", "claim", "a note", [])
    assert sample_library.storymap.story_map() is first
    sample_library.link_pending()
    assert sample_library.storymap.story_map() is not first


def test_saving_a_batch_reads_the_ids_of_its_own_articles_not_every_id(tmp_path: Path) -> None:
    """The window extracts an import's quotes 64 articles per call (core/analysis.py); saving
    a batch read every id of the library to skip articles removed meanwhile (11 ms a batch
    at 47,000 articles), so the SQLite work of one article grew with the library."""
    from tests.core.test_linker_resources import _unrelated, _vm_steps

    steps = []
    for size in (20, 300):
        with Library.open(tmp_path / f"lib{size}") as lib:
            lib.import_paths(_unrelated(tmp_path / f"files{size}", size))
            lib.import_paths(_unrelated(tmp_path / f"new{size}", 1, seed=8))  # the same article
            new = max(lib.store.ids())
            steps.append(_vm_steps(lib, lambda: lib.storymap.quotes.update([new])))  # noqa: B023
            assert new not in lib.storymap.quotes.pending()
    assert steps[1] < 1.05 * steps[0], steps
