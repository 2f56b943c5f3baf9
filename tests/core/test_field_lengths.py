"""Scoring with the field lengths read once per searcher gives the same articles, in the same
order, with the same scores and counts as whoosh's own BM25F, over several segments with
deleted articles, for every kind of query the search box takes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from desktop.core.field_lengths import _CACHE, PreloadedLengthsBM25F
from desktop.core.multiterm import with_array_unions
from desktop.core.search import TEXT_FIELDS, make_schema

WORDS = ["report", "reports", "reported", "reporter", "committee", "commission", "council",
         "count", "country", "police", "city", "which", "would", "the", "minister", "talks",
         "environmental", "mystery", "fiscal", "social"]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> index.Index:
    folder: Path = tmp_path_factory.mktemp("ix")
    ix = index.create_in(str(folder), make_schema())
    rnd = random.Random(11)
    n = 0
    for _ in range(3):  # three commits: three segments
        w = ix.writer(mergetype=lambda writer, segments: segments)  # (keep them apart)
        for _ in range(250):
            body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 120)))
            w.add_document(doc=str(n), rev=0, title=" ".join(rnd.sample(WORDS, 3)), body=body)
            n += 1
        w.commit(merge=False)
    w = ix.writer()
    for doc in range(0, n, 7):  # deleted articles in every segment
        w.delete_by_term("doc", str(doc))
    w.commit(merge=False)
    return ix


QUERIES = ["report", "police city", "which OR mystery", "report*", "comm*", "coun* NOT city",
           '"would which"', "which NOT environmental", "title:police", "title:talks report",
           "repor~", "minister AND (fiscal OR social)"]


@pytest.mark.parametrize("text", QUERIES)
def test_preloaded_lengths_score_as_whoosh_does(ix: index.Index, text: str) -> None:
    assert len(ix.reader().leaf_readers()) >= 3  # (the segments are really there)
    parser = QueryParser("body", ix.schema)
    parser.add_plugin(FuzzyTermPlugin())  # (as SearchIndex.parse)
    q = with_array_unions(parser.parse(text), TEXT_FIELDS)

    def run(**kwargs: object) -> tuple[list[tuple[str, float]], int, bool]:
        with ix.searcher(**kwargs) as s:
            r = s.search(q, limit=20)
            return [(h["doc"], h.score or 0.0) for h in r], r.estimated_length(), r.has_exact_length()

    expected = run()
    assert expected[0]
    assert run(weighting=PreloadedLengthsBM25F()) == expected  # scores equal to the last bit


def test_lengths_live_with_the_searcher_s_readers(ix: index.Index) -> None:
    with ix.searcher(weighting=PreloadedLengthsBM25F()) as s:
        s.search(QueryParser("body", ix.schema).parse("report"), limit=5)
        readers = [r for r, _ in s.reader().leaf_readers()]
        assert all(list(r.__dict__.get(_CACHE, {})) == ["body"] for r in readers)
        assert all(len(r.__dict__[_CACHE]["body"]) == r.doc_count_all() for r in readers)
