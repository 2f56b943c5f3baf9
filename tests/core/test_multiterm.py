"""Prefix and wildcard queries matched by the preloaded union find the same articles, in the
same order with the same scores, as whoosh's own tree of unions, and count them exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import whoosh.query as wq
from whoosh import fields, index
from whoosh.qparser import QueryParser

from desktop.core.multiterm import ArrayPrefix, ArrayWildcard, with_array_unions

STEMS = ["comm", "coun", "cont", "pol", "pres"]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> index.Index:
    folder: Path = tmp_path_factory.mktemp("ix")
    ix = index.create_in(str(folder), fields.Schema(doc=fields.ID(stored=True),
                                                     body=fields.TEXT))
    rnd = random.Random(3)
    words = [f"{s}{x}" for s in STEMS for x in ("a", "ent", "ittee", "ission", "unity", "ry",
                                                  "ice", "ident", "ess", "ers", "ed")]
    w = ix.writer()
    for i in range(600):
        body = " ".join(rnd.choice(words + ["the", "police", "city"] * 4)
                        for _ in range(rnd.randint(3, 40)))
        w.add_document(doc=str(i), body=body)
    w.commit()
    return ix


def _run(ix: index.Index, q: wq.Query) -> tuple[list[tuple[str, float]], int]:
    with ix.searcher() as s:
        r = s.search(q, limit=10)
        hits = [(h["doc"], round(h.score or 0.0, 9)) for h in r]
        return hits, len(list(s.docs_for_query(q)))


@pytest.mark.parametrize("text", ["comm*", "co*", "pol*", "comm* AND police", "comm* OR police",
                                  "coun* NOT city", "c?mm*", "*ittee", "pres* comm*"])
def test_the_preloaded_union_finds_what_the_tree_finds_in_the_same_order(
        ix: index.Index, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    q = QueryParser("body", ix.schema).parse(text)
    fast = with_array_unions(q, {"body"})
    assert fast != q or not any(isinstance(n, (wq.Prefix, wq.Wildcard)) for n in q.leaves())
    monkeypatch.setattr(wq.Or, "matcher_type", wq.Or.DEFAULT_MATCHER)  # whoosh's tree
    expected = _run(ix, q)
    assert expected[0]  # the query does find something here
    assert _run(ix, fast) == expected
    with ix.searcher() as s:  # a count said to be exact is every match
        r = s.search(fast, limit=10)
        if isinstance(fast, (ArrayPrefix, ArrayWildcard)):  # (alone: always counted exactly)
            assert r.has_exact_length()
        if r.has_exact_length():
            assert len(r) == expected[1]


def test_only_prefix_and_wildcard_parts_of_the_fields_asked_change() -> None:
    q = wq.And([wq.Prefix("body", "comm"), wq.Wildcard("body", "c?t"), wq.Term("body", "x"),
                wq.FuzzyTerm("body", "contry")])
    fast = with_array_unions(wq.And([q, wq.Prefix("org", "U")]), {"body"})
    kinds = [type(n) for n in fast.leaves()]
    assert kinds == [ArrayPrefix, ArrayWildcard, wq.Term, wq.FuzzyTerm, wq.Prefix]
    assert [n.text for n in fast.leaves()] == ["comm", "c?t", "x", "contry", "U"]


def _whoosh_array(searcher: object, words: list[wq.Term], scored: bool) -> tuple[int, list[float]]:
    from whoosh.matching.combo import PreloadedUnionMatcher

    m = PreloadedUnionMatcher([w.matcher(searcher) for w in words],  # type: ignore[arg-type]
                              searcher.doc_count_all(), scored=scored)  # type: ignore[attr-defined]
    return m._offset, list(m._a)


@pytest.mark.parametrize("weighting", ["bm25f", "preloaded lengths"])
@pytest.mark.parametrize("deleted", [False, True])
def test_the_scores_read_a_block_at_a_time_are_whooshs_bit_for_bit(
        tmp_path: Path, weighting: str, deleted: bool) -> None:
    """The preloaded union reads a word's postings a block at a time and scores them with the
    scorer's own function: the array of summed scores is whoosh's, to the last bit, with both
    weightings, with and without deleted articles (then whoosh's loop is used)."""
    from desktop.core.field_lengths import PreloadedLengthsBM25F
    from desktop.core.multiterm import _Preloaded

    ix = index.create_in(str(tmp_path), fields.Schema(doc=fields.ID(stored=True, unique=True),
                                                      body=fields.TEXT))
    rnd = random.Random(8)
    w = ix.writer()
    for i in range(1500):  # (several posting blocks per word)
        w.add_document(doc=str(i), body=" ".join(
            rnd.choice(["comma", "common", "commit", "council", "city"]) for _ in range(rnd.randint(1, 30))))
    w.commit()
    if deleted:
        w = ix.writer()
        for i in range(0, 1500, 7):
            w.delete_by_term("doc", str(i))
        w.commit(merge=False)
    model = PreloadedLengthsBM25F() if weighting == "preloaded lengths" else None
    with ix.searcher(**({"weighting": model} if model else {})) as s:
        for stem in ("comm", "co", "c"):
            words = [wq.Term("body", t) for t in s.reader().expand_prefix("body", stem)]
            for scored in (True, False):
                ours = _Preloaded([t.matcher(s) for t in words], s.doc_count_all(), scored=scored)
                assert (ours._offset, list(ours._a)) == _whoosh_array(s, words, scored)
