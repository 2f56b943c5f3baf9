"""The real case: the wire story and its web rework (resources/samples)."""

from __future__ import annotations

import pytest

from desktop.core.library import Library
from desktop.core.overlap.classify import word_diff
from desktop.core.overlap.types import LinkKind

WIRE_ID, WEB_ID = 1, 2


@pytest.fixture(autouse=True)
def _linked(sample_library: Library) -> None:
    sample_library.link_pending()  # the window does this in the background after an import


def _wire_blocks(lib: Library) -> list[tuple[int, int, str]]:
    doc = lib.get_document(WIRE_ID)
    return [(b.start, b.end, str(b.label)) for b in doc.clean.blocks]


def test_each_reused_wire_paragraph_is_inside_exactly_one_link(sample_library: Library) -> None:
    links = [k for k in sample_library.links.pair(WIRE_ID, WEB_ID) if k.kind != LinkKind.PARAPHRASE]
    reused = [b for b in _wire_blocks(sample_library) if b[2] != "social"][:11]
    assert reused[-1][0] == 1899  # "It was the first in-person meeting ..."
    for start, end, _ in reused:
        covering = [k for k in links if k.a.start <= start and end <= k.a.end + 1]
        assert len(covering) == 1, (start, end, links)
    assert all(k.kind == LinkKind.EDITED and k.score > 0.95 for k in links)


def test_edits_stay_inside_links(sample_library: Library) -> None:
    web = sample_library.get_document(WEB_ID).text
    inside = " ".join(web[k.b.start:k.b.end] for k in sample_library.links.pair(WIRE_ID, WEB_ID))
    for edited in ("Organisation", "Mr Xi", "the US and", "toward Washington", "Winter Olympic Games, days"):
        assert edited in inside


def test_the_tweet_is_only_a_paraphrase(sample_library: Library) -> None:
    blocks = _wire_blocks(sample_library)
    tweet = next(b for b in blocks if b[2] == "social")
    on_tweet = [k for k in sample_library.links.pair(WIRE_ID, WEB_ID)
                if k.a.start < tweet[1] and tweet[0] < k.a.end]
    assert on_tweet and all(k.kind == LinkKind.PARAPHRASE for k in on_tweet)
    web = sample_library.get_document(WEB_ID).text
    assert "We understand your questions and concern" in web[on_tweet[0].b.start:on_tweet[0].b.end]


def test_no_link_on_the_rest_of_the_articles(sample_library: Library) -> None:
    wire_len = len(sample_library.get_document(WIRE_ID).text)
    stats = sample_library.links.stats(WIRE_ID, WEB_ID)
    assert 0.3 < stats.share_a < 0.45 and 0.15 < stats.share_b < 0.3
    assert stats.counts == {"verbatim": 0, "edited": 2, "paraphrase": 1}
    assert all(k.a.end <= 2111 or k.a.end > wire_len for k in sample_library.links.for_document(WIRE_ID))


def test_word_diff_shows_the_house_edits(sample_library: Library) -> None:
    wire = sample_library.get_document(WIRE_ID).text
    web = sample_library.get_document(WEB_ID).text
    k = sample_library.links.pair(WIRE_ID, WEB_ID)[0]
    ops = word_diff(wire[k.a.start:k.a.end], web[k.b.start:k.b.end])
    changes = {(a, b) for op, a, b in ops if op != "equal"}
    assert ("Organization", "Organisation") in changes
    assert any(b.startswith("Mr") for op, a, b in ops if op == "insert")
    assert ("powers,", "powers") in changes  # the comma removed inside the quote
