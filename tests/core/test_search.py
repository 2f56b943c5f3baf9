"""Search over the two sample articles: hits, ranking, and exact match offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.core.errors import QueryError
from desktop.core.library import Library
from tests.conftest import WEB, WIRE


def _source(lib: Library, doc_id: int) -> str:
    return lib.get_document(doc_id).source_text


def _ids(lib: Library) -> dict[str, int]:
    return {d.path: d.id for d in lib.list_documents()}


def test_word_found_in_both_samples_with_exact_source_offsets(sample_library: Library) -> None:
    result = sample_library.search("Uzbekistan")
    assert len(result.hits) == 2
    for hit in result.hits:
        src = _source(sample_library, hit.doc.id)
        assert hit.source_matches, hit
        assert all(src[s:e] == "Uzbekistan" for s, e in hit.source_matches)
    [hit] = sample_library.search("Samarkand").hits
    assert hit.doc.id == _ids(sample_library)[str(WIRE)]
    src = _source(sample_library, hit.doc.id)
    assert [src[s:e] for s, e in hit.source_matches] == ["Samarkand", "Samarkand"]
    assert [s for s, _ in hit.source_matches] == [m.start() for m in re.finditer("Samarkand", src)]


def test_stemming_and_clean_text_offsets(sample_library: Library) -> None:
    hit = next(h for h in sample_library.search("talk").hits if h.doc.path == str(WIRE))
    src = _source(sample_library, hit.doc.id)
    words = {src[s:e] for s, e in hit.source_matches}
    assert words == {"talks"}
    text = sample_library.get_document(hit.doc.id).text
    assert {text[m.start:m.end] for m in hit.matches} == {"talks"}


def test_match_across_a_hard_wrapped_line_maps_to_the_source_lines(sample_library: Library) -> None:
    hit = next(h for h in sample_library.search('"Narendra Modi"').hits if h.doc.path == str(WIRE))
    src = _source(sample_library, hit.doc.id)
    assert [src[s:e] for s, e in hit.source_matches] == ["Narendra\n Modi"]


def test_phrase_matches_only_the_phrase(sample_library: Library) -> None:
    result = sample_library.search('"nuclear power plant"')
    assert [h.doc.path for h in result.hits] == [str(WEB)]
    hit = result.hits[0]
    text = sample_library.get_document(hit.doc.id).text
    assert {text[m.start:m.end] for m in hit.matches} == {"nuclear power plant"}


def test_boolean_operators(sample_library: Library) -> None:
    assert [h.doc.path for h in sample_library.search("Zaporizhzhia AND Putin").hits] == [str(WEB)]
    assert [h.doc.path for h in sample_library.search("Putin AND NOT Zaporizhzhia").hits] == [str(WIRE)]
    assert len(sample_library.search("Zaporizhzhia OR Lukashenko").hits) == 2
    # NOT parts are never highlighted
    hit = sample_library.search("Putin NOT Zaporizhzhia").hits[0]
    text = sample_library.get_document(hit.doc.id).text
    assert {text[m.start:m.end] for m in hit.matches} == {"Putin"}


def test_wildcard_fuzzy_and_fields(sample_library: Library) -> None:
    hit = sample_library.search("Zaporiz*").hits[0]
    text = sample_library.get_document(hit.doc.id).text
    assert {text[m.start:m.end] for m in hit.matches} == {"Zaporizhzhia"}
    assert sample_library.search("Lukashenka~").hits  # one letter off
    titled = sample_library.search("title:hail")
    assert [h.doc.path for h in titled.hits] == [str(WEB)]


def test_british_and_american_spellings_find_each_other(sample_library: Library) -> None:
    result = sample_library.search('"Shanghai Cooperation Organization"')
    assert len(result.hits) == 2
    for hit in result.hits:
        src = _source(sample_library, hit.doc.id)
        assert all(src[s:e].startswith("Shanghai Cooperation Organi") for s, e in hit.source_matches)


def test_initialisms_match_without_dots(sample_library: Library) -> None:
    paths = {h.doc.path for h in sample_library.search('"U.S. State Department"').hits}
    assert paths == {str(WIRE)}
    assert len(sample_library.search('"US Senate"').hits) == 2


def test_snippet_contains_the_marked_match(sample_library: Library) -> None:
    hit = sample_library.search("Lukashenko").hits[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert marked and all(m == "Lukashenko" for m in marked)
    assert "«Lukashenko»" in hit.snippet.render()


def test_ranking_puts_the_denser_article_first(sample_library: Library) -> None:
    hits = sample_library.search("Kyiv OR Ukraine").hits
    assert [h.doc.path for h in hits] == [str(WEB), str(WIRE)]
    assert hits[0].score > hits[1].score


@pytest.mark.parametrize("bad", ["", "   ", "nosuchfield:word"])
def test_bad_queries_raise_a_clear_error(sample_library: Library, bad: str) -> None:
    with pytest.raises(QueryError) as info:
        sample_library.search(bad)
    assert "\n" not in str(info.value)


def test_limit(sample_library: Library) -> None:
    result = sample_library.search("Putin", limit=1)
    assert len(result.hits) == 1 and result.total == 2


def test_a_page_title_not_in_the_text_is_searchable(library: Library, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta property='og:title' content='Quarterly grain tallies'></head><body>"
        "<article><p>Farmers in the valley reported a record harvest this autumn.</p>"
        "</article></body></html>", "utf-8")
    library.import_paths([page])
    [hit] = library.search("tallies").hits
    assert hit.doc.title == "Quarterly grain tallies"
    assert hit.matches == ()  # the title is not part of the article text: nothing to draw
    assert library.search("harvest").hits


def test_searches_see_new_documents_at_once(sample_library: Library, tmp_path: Path) -> None:
    assert sample_library.search("Uzbekistan").total == 2  # this thread's searcher is now open
    new = tmp_path / "new.txt"
    new.write_text("Leaders gathered in Uzbekistan for a regional summit.\n", "utf-8")
    sample_library.import_paths([new])
    assert sample_library.search("Uzbekistan").total == 3


def test_a_hit_the_store_no_longer_holds_is_skipped(sample_library: Library) -> None:
    wire = _ids(sample_library)[str(WIRE)]
    with sample_library.store.transaction() as db:  # as if the index lagged behind the store
        sample_library.store.delete_document(db, wire)
    assert [h.doc.path for h in sample_library.search("Uzbekistan").hits] == [str(WEB)]
