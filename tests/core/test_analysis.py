"""The one background policy: Library.analyse_pending links, recognises and re-indexes pending
articles in chunks, reading each article once, one index commit and one report per chunk."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core import analysis
from desktop.core.events import Change, DocsChanged
from desktop.core.library import Library
from tests.core.test_entities import NAMES, FakeRecognizer

STORY = ("Vladimir Putin flew to Samarkand on Thursday for the summit of the Shanghai "
         "Cooperation Organisation, where he met Xi Jinping for the first time since the war "
         "began, and the two leaders spoke about trade, energy and the security of the region "
         "for more than an hour before a dinner given by the host.")


@pytest.fixture
def lib(library: Library, tmp_path: Path) -> Library:
    library.entities.recognizer = FakeRecognizer(NAMES)
    files = []
    for i in range(10):
        path = tmp_path / f"{i}.txt"
        extra = f"Report {i} from the desk of correspondent number {i}." * (i % 3 + 1)
        path.write_text(f"{STORY}\n\n{extra}\n", "utf-8")
        files.append(path)
    assert all(r.status == "imported" for r in library.import_paths(files))
    return library


def _document_reads(lib: Library) -> list[str]:
    """Every statement that reads an article's text, on this thread's connection."""
    seen: list[str] = []
    lib.store._conn().set_trace_callback(
        lambda sql: seen.append(sql) if "clean_text" in sql and "FROM documents" in sql else None)
    return seen


def test_each_article_is_read_once_per_analysis(lib: Library) -> None:
    reads = _document_reads(lib)
    report = lib.analyse_pending()
    assert report.linked == 10 and report.recognised == 10 and report.links_added > 0
    read_ids = [int(sql.rsplit("=", 1)[1]) for sql in reads if "WHERE id=" in sql]
    assert sorted(read_ids) == list(range(1, 11))  # linking, recognition and the index share one
    assert not lib.has_pending_analysis()


def test_one_index_commit_and_one_report_per_chunk(lib: Library,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "CHUNK", 4)
    commits: list[int] = []
    write, add = lib.names.index.write, lib.index.add
    monkeypatch.setattr(lib.names.index, "write",
                        lambda docs, drop=(): commits.append(len(list(docs))) or write(docs, drop))
    monkeypatch.setattr(lib.index, "add", lambda docs: commits.append(-1) or add(docs))
    events: list[DocsChanged] = []
    lib.events.subscribe(events.append)
    lib.analyse_pending()
    # the chunks' recognised names, one commit each, in the names index (the article index
    # is not re-written: #12)
    assert commits == [4, 4, 2]
    assert [e.what for e in events] == [Change.LINKS, Change.ENTITIES, Change.QUOTES] * 3  # quotes use names
    assert set().union(*(e.ids for e in events if e.what == Change.ENTITIES)) == set(range(1, 11))
    assert lib.search("person:Putin").total == 10


def test_progress_runs_over_the_whole_library(lib: Library,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "CHUNK", 4)
    seen: list[tuple[int, int, str]] = []
    lib.analyse_pending(lambda d, t, m: seen.append((d, t, m)))
    assert all(t == 30 for _, t, _ in seen)  # ten articles, each linked, quoted and recognised
    done = [d for d, _, _ in seen]
    assert done == sorted(done) and done[-1] == 30
    assert {m for _, _, m in seen} == {"finding shared passages", "finding quotes",
                                       "recognising entities"}


def test_cancel_keeps_the_finished_chunks_and_leaves_the_rest_pending(
        lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "CHUNK", 4)
    chunks: list[int] = []
    lib.events.subscribe(lambda e: chunks.append(1) if e.what == Change.ENTITIES else None)
    report = lib.analyse_pending(cancelled=lambda: len(chunks) >= 1)
    assert report.cancelled and report.recognised == 4
    assert len(lib.entities.pending()) == 6 and len(lib.links.pending()) == 6
    assert lib.analyse_pending().recognised == 6
    assert not lib.has_pending_analysis()


def test_only_limits_recognition_but_linking_covers_every_article(lib: Library) -> None:
    report = lib.analyse_pending(only=[3])
    assert report.recognised == 1 and report.linked == 10
    assert len(lib.entities.pending()) == 9 and lib.links.pending() == []


def test_link_only_and_recognise_only(lib: Library) -> None:
    assert lib.analyse_pending(recognise=False).recognised == 0
    assert len(lib.entities.pending()) == 10 and lib.links.pending() == []
    assert lib.analyse_pending(link=False).recognised == 10


def test_a_read_only_library_analyses_nothing(lib: Library) -> None:
    folder = lib.folder
    lib.close()
    with Library.open(folder, read_only=True) as ro:
        assert ro.analyse_pending() == analysis.AnalysisReport()
        assert not ro.has_pending_analysis()


def test_field_searches_mark_the_mentions_they_matched(lib: Library) -> None:
    """#9: person:/place:/org: found the articles but marked nothing."""
    lib.analyse_pending()
    doc = lib.get_document(1)
    [hit] = [h for h in lib.search("person:Putin").hits if h.doc.id == 1]
    assert [doc.text[m.start:m.end] for m in hit.matches] == ["Vladimir Putin"]
    [hit] = [h for h in lib.search('place:"Samarkand" AND summit').hits if h.doc.id == 1]
    marked = [doc.text[m.start:m.end] for m in hit.matches]
    assert "Samarkand" in marked and "summit" in marked
    [hit] = [h for h in lib.search("person:xi*").hits if h.doc.id == 1]
    assert [doc.text[m.start:m.end] for m in hit.matches] == ["Xi Jinping"]
    assert all(not h.matches for h in lib.search("person:Samarkand").hits)  # not a person
    assert [doc.source_text[s:e] for s, e in hit.source_matches] == ["Xi Jinping"]
