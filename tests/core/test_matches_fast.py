"""find_matches (the spans a search hit draws) finds exactly what the token-by-token
reference finds: the same spans in the same order, for terms, phrases and both, on tricky
tokenisation (initialisms, dots, underscores, digits, accents), on generated text, and on real
articles when ../shared/corpus is present."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.matches import _drop_nested, find_matches, tokens
from desktop.core.model import Span, SpanKind
from desktop.core.search import MatchPlan

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news.jsonl.gz"


def reference(text: str, plan: MatchPlan) -> list[Span]:
    """The earlier find_matches: every token normalised, then terms and phrases looked up."""
    toks = tokens(text)
    found: set[tuple[int, int]] = set()
    if plan.terms:
        found.update((s, e) for word, s, e in toks if word in plan.terms)
    for phrase in plan.phrases:
        n = len(phrase)
        for i in range(len(toks) - n + 1 if n else 0):
            if all(toks[i + k][0] == phrase[k] for k in range(n)):
                found.add((toks[i][1], toks[i + n - 1][2]))
    return [Span(s, e, SpanKind.MATCH) for s, e in _drop_nested(sorted(found))]


def plans_for(text: str, rnd: random.Random, count: int = 6) -> list[MatchPlan]:
    """Plans asking for words of ``text`` (and one it lacks), alone and in phrases."""
    forms = [w for w, _, _ in tokens(text)] or ["nothing"]
    plans = []
    for _ in range(count):
        terms = frozenset([*rnd.sample(forms, min(len(forms), rnd.randint(1, 3))), "absentword"])
        i = rnd.randrange(len(forms))
        phrases = (tuple(forms[i:i + rnd.randint(1, 3)]), ("absentword", forms[i]))
        plans += [MatchPlan(terms, ()), MatchPlan(frozenset(), phrases), MatchPlan(terms, phrases)]
    return plans


TRICKY = [
    "The U.S. and the U.K. met; U.S.-based firms (u.s.a.) said so.",
    "x..y x.y.z 3.14 a_b __init__ e.g. i.e., etc.",
    "Organisation organization ORGANISATIONS organised; talks talk talking.",
    "Ünïcödé naïve café Zürich — «quoted» ‘single’ “double” ends.",
    "repeat repeat repeat repeat repeat",
    "",
    "...",
    "end.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_matches_equal_the_token_by_token_reference_on_tricky_text(text: str) -> None:
    rnd = random.Random(len(text))
    for plan in plans_for(text, rnd):
        assert find_matches(text, plan) == reference(text, plan)


def test_a_phrase_of_a_repeated_word_overlaps_as_before() -> None:
    text = "repeat repeat repeat"
    plan = MatchPlan(frozenset(), (("repeat", "repeat"),))
    assert find_matches(text, plan) == reference(text, plan) == [Span(0, 20, SpanKind.MATCH)]


def test_a_plan_with_nothing_to_draw_finds_nothing() -> None:
    assert find_matches("any text at all", MatchPlan(frozenset(), ())) == []
    assert find_matches("any text at all", MatchPlan(frozenset({"absent"}), (("no", "such"),))) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*list("abcUS. _-'\n9é"), "ab", "the ", "U.S."]),
                max_size=40).map("".join), st.integers(0, 10_000))
def test_matches_equal_the_reference_on_generated_text(text: str, seed: int) -> None:
    for plan in plans_for(text, random.Random(seed), count=2):
        assert find_matches(text, plan) == reference(text, plan)


def test_matches_equal_the_reference_on_real_articles() -> None:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS} (see ../shared/corpus/README.md)")
    rnd = random.Random(5)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        texts = [json.loads(line).get("text", "") for _, line in zip(range(150), f, strict=False)]
    texts = [t for t in texts if t]
    assert texts
    for text in texts:
        for plan in plans_for(text, rnd, count=2):
            assert find_matches(text, plan) == reference(text, plan)
