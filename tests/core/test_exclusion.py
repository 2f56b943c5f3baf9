"""``NOT`` parts matched by LeanNot (core/exclusion.py) find the same articles with the same
scores in the same order as whoosh's ``Not``, and count them the same (exactly or not), with
and without deleted articles, alone, inside AND/OR and with prefixes and phrases."""

from __future__ import annotations

import random

import pytest
import whoosh.query as wq
from whoosh import index
from whoosh.qparser import QueryParser

from desktop.core.exclusion import LeanNot, with_lean_nots
from desktop.core.field_lengths import PreloadedLengthsBM25F
from desktop.core.search import make_schema

WORDS = ["which", "would", "police", "city", "council", "environmental", "report", "said"]
QUERIES = ["which NOT environmental", "which NOT city", "NOT police", "police city NOT council",
           "police OR city NOT which", "(police NOT city) OR report", "c* NOT which",
           '"police city" NOT report', "which NOT (city OR police)", "which NOT nowhere",
           "nowhere NOT which", "which NOT which", "title:police NOT city"]


@pytest.fixture(scope="module", params=[False, True], ids=["kept", "some deleted"])
def ix(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> index.Index:
    ix = index.create_in(str(tmp_path_factory.mktemp("ix")), make_schema())
    rnd = random.Random(4)
    w = ix.writer()
    for i in range(1200):
        body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 40)))
        w.add_document(doc=str(i), body=body, title=body[:20])
    w.commit()
    if request.param:
        w = ix.writer()
        for i in range(0, 1200, 5):
            w.delete_by_term("doc", str(i))
        w.commit(merge=False)
    return ix


def _run(ix: index.Index, q: wq.Query, limit: int | None) -> tuple[object, ...]:
    with ix.searcher(weighting=PreloadedLengthsBM25F()) as s:
        r = s.search(q, limit=limit)
        return [(h.docnum, h.score) for h in r], r.has_exact_length(), r.estimated_length()


@pytest.mark.parametrize("text", QUERIES)
def test_lean_nots_find_count_and_score_what_whoosh_does(ix: index.Index, text: str) -> None:
    q = QueryParser("body", ix.schema).parse(text)
    lean = with_lean_nots(q)
    assert any(type(n) is LeanNot for n in _walk(lean))
    for limit in (10, None):
        assert _run(ix, lean, limit) == _run(ix, q, limit), (text, limit)


def _walk(q: wq.Query) -> list[wq.Query]:
    out = [q]
    for c in q.children():
        out += _walk(c)
    return out


def test_every_not_is_swapped() -> None:
    q = QueryParser("body", make_schema()).parse("a NOT b OR (c NOT (d NOT e))")
    nots = [n for n in _walk(with_lean_nots(q)) if isinstance(n, wq.Not)]
    assert len(nots) == 3 and all(type(n) is LeanNot for n in nots)
