"""Properties of pair alignment on generated texts (hypothesis)."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.model import Span
from desktop.core.overlap.engine import link_pair, prepare
from desktop.core.overlap.normalize import tokenize
from desktop.core.overlap.types import LinkKind

_POOL = """council budget river harbour flood school road storm vote member report chairman
plan homes builders money winter debate decision margin district leader Anna Berg
the a of and to in on for with said would"""
WORDS = _POOL.split()

paragraph = st.lists(st.sampled_from(WORDS), min_size=5, max_size=40).map(lambda ws: " ".join(ws) + ".")
article = st.lists(paragraph, min_size=1, max_size=5)


def prep(doc: int, paras: list[str]):  # type: ignore[no-untyped-def]
    text = "\n\n".join(paras)
    blocks, pos = [], 0
    for p in paras:
        blocks.append(Span(pos, pos + len(p), label="paragraph"))
        pos += len(p) + 2
    return prepare(doc, text, tuple(blocks))


@settings(max_examples=60, deadline=None)
@given(article, article, st.integers(0, 4))
def test_links_are_well_formed(xs: list[str], ys: list[str], cut: int) -> None:
    a = prep(1, xs)
    b = prep(2, ys[:cut] + xs + ys[cut:])
    for k in link_pair(a, b):
        assert 0 <= k.a.start < k.a.end <= len(a.text) and 0 <= k.b.start < k.b.end <= len(b.text)
        assert 0 < k.score <= 1 and k.kind in set(LinkKind)
        if k.kind == LinkKind.VERBATIM:
            ta = tokenize(a.text[k.a.start:k.a.end], [])
            tb = tokenize(b.text[k.b.start:k.b.end], [])
            assert ta.norms == tb.norms


@settings(max_examples=30, deadline=None)
@given(article)
def test_an_article_inside_another_is_covered(xs: list[str]) -> None:
    a = prep(1, xs)
    assume(len(a.tokens) >= 30 and len(set(a.tokens.norms)) >= 15)  # long enough to be reuse
    links = link_pair(a, prep(2, ["Intro line here for the page.", *xs]))
    covered = sum(k.a.end - k.a.start for k in links if k.kind != LinkKind.PARAPHRASE)
    assert covered >= 0.5 * len(a.text)
