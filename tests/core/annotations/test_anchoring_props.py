"""Properties of re-attaching: text inserted outside a quote never loses it; a small insertion
inside it is found fuzzily and covers the edited passage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.annotations.anchoring import reattach, selectors_at
from tests.core.annotations.test_anchoring import QUOTE_AT, QUOTE_END, TEXT

inserts = st.text(alphabet="abcdefghij ,.\n", min_size=1, max_size=60)


@given(inserts, st.integers(0, QUOTE_AT))
@settings(max_examples=60, deadline=None)
def test_insert_before_keeps_the_quote(extra: str, at: int) -> None:
    quote, pos = selectors_at(TEXT, QUOTE_AT, QUOTE_END)
    changed = TEXT[:at] + extra + TEXT[at:]
    found = reattach(changed, quote, pos)
    assert found is not None
    assert changed[found.position.start:found.position.end] == quote.exact
    assert found.position.start == QUOTE_AT + len(extra)


@given(inserts, st.integers(QUOTE_END, len(TEXT)))
@settings(max_examples=60, deadline=None)
def test_insert_after_keeps_the_position(extra: str, at: int) -> None:
    quote, pos = selectors_at(TEXT, QUOTE_AT, QUOTE_END)
    found = reattach(TEXT[:at] + extra + TEXT[at:], quote, pos)
    assert found is not None and found.position == pos


@given(st.text(alphabet="abcdefghij", min_size=1, max_size=8), st.integers(QUOTE_AT + 1, QUOTE_END - 1))
@settings(max_examples=60, deadline=None)
def test_small_insert_inside_is_found(extra: str, at: int) -> None:
    quote, pos = selectors_at(TEXT, QUOTE_AT, QUOTE_END)
    changed = TEXT[:at] + extra + TEXT[at:]
    found = reattach(changed, quote, pos)
    assert found is not None
    if changed[QUOTE_AT:QUOTE_END] == quote.exact:
        # the insertion repeated a neighbouring letter ("guard" -> "guardd"): the quote is
        # still there, unchanged, at its old position, and that is where it belongs
        assert found.how == "position" and found.position == pos
        return
    assert found.how == "fuzzy"
    assert found.position.start <= at <= found.position.end
    assert abs(found.position.start - QUOTE_AT) <= len(extra)
    assert abs(found.position.end - (QUOTE_END + len(extra))) <= len(extra)


@pytest.mark.parametrize("extra", ["aaaaa", "adchf", "aaaba"])
def test_an_insertion_before_the_last_word_keeps_it(extra: str) -> None:
    """Found by hypothesis: "heavy guard" with letters inserted after "heavy" aligned as
    "heavya" or "heavyad" (as cheap or cheaper than the whole phrase) and lost "guard"."""
    quote, pos = selectors_at(TEXT, QUOTE_AT, QUOTE_END)
    at = TEXT.index(" guard", QUOTE_AT)
    changed = TEXT[:at] + extra + TEXT[at:]
    found = reattach(changed, quote, pos)
    assert found is not None
    assert changed[found.position.start:found.position.end].endswith(f"heavy{extra} guard")
