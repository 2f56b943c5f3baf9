"""#12 item 1: entity names live in an index of their own, joined at query time, and every
search answers exactly as it did when the names were fields of the article index.

"Before" is an article index built the old way on the same store (the names written into each
article's entry through a field source); "after" is the library's own search. Both answer the
same queries: same articles, same order and scores, same counts, same marks to draw.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.entities.recognizer import SpacyRecognizer
from desktop.core.library import Library
from desktop.core.search import RawHits, SearchIndex, run_query
from tests.conftest import WEB, WIRE

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news.jsonl.gz"
SLICE = 40  # corpus articles (Wikinews) beside the two samples

QUERIES = [
    "person:Putin", 'person:"Vladimir Putin"', "person:putin", "org:IAEA", "place:Kyiv",
    "person:Put*", "person:Puttin~", "place:Kh*", "person:Putin AND Xi", "Putin OR place:Moscow",
    "Ukraine NOT person:Zelenskyy", "person:Biden OR org:NATO", "NOT place:Ukraine",
    "(person:Putin OR person:Xi) AND place:Samarkand", 'org:"Cooperation Organization"',
    "person:Trump", "place:China AND NOT org:WHO", "org:Twitter", "person:*", "place:[a TO k]",
    'title:Putin OR person:"Xi Jinping"', "Russia", "election AND place:United",
    "person:Nonexistentname", "org:U*", "place:Russia^2 OR body:Russia",
]


def _slice(folder: Path) -> list[Path]:
    paths = [WIRE, WEB]
    if not CORPUS.exists():
        return paths
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"].startswith("wikinews-va-") and len(paths) < SLICE + 2:
                p = folder / f"{rec['id']}.txt"
                p.write_text(f"{rec['title']}\n\n{rec['text']}\n", "utf-8")
                paths.append(p)
    return paths


@pytest.fixture(scope="module")
def recognised(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("names")
    (root / "in").mkdir()
    lib = Library.open(root / "lib")
    rec = SpacyRecognizer()
    rec.load()
    lib.entities.recognizer = rec
    lib.import_paths(_slice(root / "in"))
    lib.entities.recognize()
    yield lib
    lib.close()


def _old_index(lib: Library, folder: Path) -> SearchIndex:
    """The article index as it was before #12: names written into each article's entry."""
    old = SearchIndex(folder)
    old.open()
    old.add_field_source(lib.entities.index_fields)
    old.add(lib.store.document_for_index(i) for i in lib.document_ids())
    return old


def _same(before: RawHits, after: RawHits, every: RawHits, *, scores: bool) -> None:
    """``every``: the same query with no limit (its true count)."""
    if scores:
        assert [d for d, _ in after.hits] == [d for d, _ in before.hits]
        assert [s for _, s in after.hits] == pytest.approx([s for _, s in before.hits], rel=1e-9)
    else:  # the same articles (the order of a few equal scores may differ)
        assert sorted(d for d, _ in after.hits) == sorted(d for d, _ in before.hits)
    if before.total_exact:
        assert (after.total, after.total_exact) == (before.total, True)
    else:  # whoosh estimated before (its block skipping); the joined names count exactly
        assert after.total == every.total if after.total_exact else before.total
    assert after.plan == before.plan


def _queries(lib: Library) -> list[str]:
    """The fixed queries, and one person:/org:/place: query per name the library knows."""
    more = []
    for doc_id in lib.document_ids():
        for field, m in lib.entities.named(doc_id, lib.store.clean_text(doc_id)):
            if '"' not in m.entity:
                more.append(f'{field}:"{m.entity}"')
    return QUERIES + sorted(set(more))[:300]


def test_name_queries_answer_as_when_names_were_in_the_article_index(
        recognised: Library, tmp_path: Path) -> None:
    old = _old_index(recognised, tmp_path / "old")
    try:
        queries = _queries(recognised)
        assert len(queries) > 60
        found = 0
        for q in queries:
            every = run_query(old, q, 1000)
            for limit in (5, 1000):
                before, after = run_query(old, q, limit), run_query(recognised.index, q, limit)
                _same(before, after, every, scores=False)
                found += bool(after.hits)
        assert found > 50  # the comparison is about something
    finally:
        old.close()


def test_scores_and_order_are_the_same_on_a_fresh_index(recognised: Library,
                                                        tmp_path: Path) -> None:
    recognised.rebuild_index()  # both indexes written in one commit: the same statistics
    old = _old_index(recognised, tmp_path / "old")
    try:
        for q in _queries(recognised):
            every = run_query(old, q, 1000)
            for limit in (5, 1000):
                before, after = run_query(old, q, limit), run_query(recognised.index, q, limit)
                _same(before, after, every, scores=True)
    finally:
        old.close()


def test_recognition_no_longer_rewrites_the_article_index(recognised: Library) -> None:
    before = recognised.index.ix.latest_generation()
    recognised.entities.recognize(recognised.document_ids()[:3])
    assert recognised.index.ix.latest_generation() == before
    assert not recognised.index_out_of_date()


# -- the names index is a cache of the store (fake model: fast) ------------------------------
def _fake_library(folder: Path, texts: dict[str, str]) -> tuple[Library, list[int]]:
    from tests.core.test_entities import NAMES, FakeRecognizer

    lib = Library.open(folder / "lib")
    lib.entities.recognizer = FakeRecognizer(NAMES)
    paths = []
    for name, text in texts.items():
        (folder / name).write_text(text, "utf-8")
        paths.append(folder / name)
    return lib, [r.doc_id for r in lib.import_paths(paths) if r.doc_id is not None]


def test_names_lost_before_their_index_write_are_caught_up_at_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib, ids = _fake_library(tmp_path, {"a.txt": "Vladimir Putin flew to Samarkand.\n",
                                        "b.txt": "The IAEA met in Vienna.\n"})
    failing = pytest.MonkeyPatch()
    failing.setattr(lib.names.index, "write", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    assert sorted(lib.entities.recognize()) == sorted(ids)  # stored; the names index failed
    failing.undo()
    assert lib.search("person:Putin").total == 0 and lib.index_out_of_date()
    lib.close()
    with Library.open(tmp_path / "lib") as again:  # the sync at open catches the names up
        assert [h.doc.id for h in again.search("person:Putin").hits] == [ids[0]]
        assert not again.index_out_of_date()


def test_a_damaged_or_missing_names_index_is_made_again_from_the_store(tmp_path: Path) -> None:
    lib, ids = _fake_library(tmp_path, {"a.txt": "Vladimir Putin flew to Samarkand.\n"})
    lib.entities.recognize()
    lib.close()
    for segment in (tmp_path / "lib" / "names").glob("*.seg"):
        segment.write_bytes(b"garbage")
    with Library.open(tmp_path / "lib") as again:
        assert [h.doc.id for h in again.search("place:Samarkand").hits] == ids
    import shutil

    shutil.rmtree(tmp_path / "lib" / "names")
    with Library.open(tmp_path / "lib") as again:
        assert [h.doc.id for h in again.search("person:Putin").hits] == ids


def test_a_read_only_open_answers_names_from_a_temporary_copy_when_behind(tmp_path: Path) -> None:
    lib, ids = _fake_library(tmp_path, {"a.txt": "Vladimir Putin flew to Samarkand.\n"})
    lib.entities.recognize()
    lib.close()
    import shutil

    shutil.rmtree(tmp_path / "lib" / "names")
    with Library.open(tmp_path / "lib", read_only=True) as ro:
        assert [h.doc.id for h in ro.search("person:Putin").hits] == ids
        temp = ro.names.index.folder
        assert ro.names.index.temporary and temp.exists()
    assert not temp.exists() and not (tmp_path / "lib" / "names").exists()


def test_a_corrected_file_and_a_removal_reach_the_names(tmp_path: Path) -> None:
    lib, ids = _fake_library(tmp_path, {"a.txt": "Vladimir Putin flew to Samarkand.\n",
                                        "b.txt": "Putin stayed home.\n"})
    lib.entities.recognize()
    assert lib.search("person:Putin").total == 2
    (tmp_path / "a.txt").write_text("The IAEA met in Vienna.\n", "utf-8")
    lib.import_paths([tmp_path / "a.txt"])  # a new version: its names are gone until recognised
    assert [h.doc.id for h in lib.search("person:Putin").hits] == [ids[1]]
    lib.remove_document(ids[1])
    assert lib.search("person:Putin").total == 0
    assert lib.names.index.indexed_revs().keys() == {ids[0]}
    lib.entities.recognize()
    assert [h.doc.id for h in lib.search("org:IAEA").hits] == [ids[0]]
    lib.close()
