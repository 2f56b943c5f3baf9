"""Exact phrases matched with position sets (core/phrases.py) find the same articles, with the
same scores in the same order, as whoosh's span matcher: alone and inside AND/OR/NOT, for
phrases that stand, phrases of words that never stand together, repeated words, and on real
articles when ../shared/corpus is present."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from pathlib import Path

import pytest
import whoosh.query as wq
from whoosh import index
from whoosh.qparser import QueryParser

from desktop.core.field_lengths import PreloadedLengthsBM25F
from desktop.core.phrases import SetPhrase, phrase_docs, with_set_phrases
from desktop.core.search import make_schema
from desktop.core.words import search_form

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news.jsonl.gz"
WORDS = ["would", "which", "said", "the", "police", "city", "council", "report", "reports",
         "talks", "talk", "very"]


def _index(folder: Path, bodies: list[str]) -> index.Index:
    ix = index.create_in(str(folder), make_schema())
    w = ix.writer()
    for i, body in enumerate(bodies):
        w.add_document(doc=str(i), body=body, title=body[:30])
    w.commit()
    return ix


@pytest.fixture(scope="module", params=[False, True], ids=["kept", "some deleted"])
def generated(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> index.Index:
    rnd = random.Random(5)
    bodies = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 60))) for _ in range(700)]
    bodies += ["very very very", "which would", "would, which"]
    ix = _index(tmp_path_factory.mktemp("gen"), bodies)
    if request.param:  # (the phrase's articles are found with the deleted ones; never shown)
        w = ix.writer()
        for i in range(0, len(bodies), 3):
            w.delete_by_term("doc", str(i))
        w.commit(merge=False)
    return ix


def _all(ix: index.Index, q: wq.Query) -> tuple[object, ...]:
    """Every hit with its score, and the top 5 with their count as the window's search counts
    (exact or estimated: block-quality skipping as whoosh's)."""
    with ix.searcher(weighting=PreloadedLengthsBM25F()) as s:
        r = s.search(q, limit=None)
        top = s.search(q, limit=5)
        return ([(h.docnum, h.score or 0.0) for h in r], len(r),
                [(h.docnum, h.score) for h in top], top.has_exact_length(),
                top.estimated_length())


def _same(ix: index.Index, text: str) -> list[tuple[int, float]]:
    q = QueryParser("body", ix.schema).parse(text)
    fast = with_set_phrases(q, {"body", "title"})
    assert any(isinstance(n, SetPhrase) for n in fast.leaves()) or not any(
        isinstance(n, wq.Phrase) for n in q.leaves())
    expected = _all(ix, q)
    assert _all(ix, fast) == expected, text  # same articles, order and scores (bit for bit)
    return expected[0]  # type: ignore[return-value]


@pytest.mark.parametrize("text", [
    '"would which"', '"which would"', '"police report"', '"the city council"', '"very very"',
    '"very very very"', '"talks"', '"talk talks"', '"said the police"', '"nowhere police"',
    '"police report" council', '"police report" OR "city council"', '"would which" NOT city',
    'title:"would which"', '"the the"', '"council the report said"',
])
def test_set_phrases_find_what_whoosh_finds(generated: index.Index, text: str) -> None:
    _same(generated, text)


def test_every_pair_of_words_either_way(generated: index.Index) -> None:
    found = 0
    for a, b in itertools.permutations(WORDS[:8], 2):
        found += bool(_same(generated, f'"{a} {b}"'))
    assert found > 20  # (most pairs stand somewhere: the check is not only about no hits)


def test_the_articles_of_a_phrase_are_found_from_the_postings(generated: index.Index) -> None:
    """phrase_docs (what the matcher jumps between) is every article where whoosh's matcher
    stops, plus deleted ones: whoosh never shows those, and neither does the matcher."""
    with generated.searcher() as s:
        reader = s.reader()
        for a, b in itertools.permutations([search_form(w) for w in WORDS[:6]], 2):
            docs = phrase_docs(reader, "body", [a.encode(), b.encode()])
            assert docs is not None and docs == sorted(docs)
            whooshs = {h.docnum for h in s.search(wq.Phrase("body", [a, b]), limit=None)}
            assert whooshs == {d for d in docs if not reader.is_deleted(d)}


def test_a_phrase_with_slop_keeps_whoosh_matcher(generated: index.Index) -> None:
    q = QueryParser("body", generated.schema).parse('"police city"~3')
    assert _all(generated, with_set_phrases(q, {"body"})) == _all(generated, q)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[index.Index, list[str]]:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, 400):
            texts.append(str(json.loads(line).get("text", "")))
    return _index(tmp_path_factory.mktemp("real"), texts), texts


def test_on_real_articles(real: tuple[index.Index, list[str]]) -> None:
    ix, texts = real
    rnd = random.Random(11)
    found = 0
    for _ in range(60):  # phrases that stand (cut from an article) and pairs of common words
        words = rnd.choice(texts).split()
        if len(words) < 6:
            continue
        i = rnd.randrange(len(words) - 3)
        cut = " ".join(w.strip('.,;:"()“”‘’') for w in words[i:i + rnd.randint(2, 3)])
        found += bool(_same(ix, f'"{cut}"'))
        a, b = rnd.sample(["would", "which", "said", "their", "people", "also", "after"], 2)
        _same(ix, f'"{a} {b}"')
    assert found > 20
