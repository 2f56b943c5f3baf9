"""Anchoring: selectors from clean spans, and re-attaching quotes after the text changed."""

from __future__ import annotations

from desktop.core.annotations.anchoring import reattach, selectors_at

TEXT = ("Moscow said on Tuesday that the talks were constructive. The minister added that "
        "the Zaporizhzhia nuclear power plant remained under heavy guard, officials said. "
        "Later, the ministry said the talks were constructive once more.")
QUOTE_AT = TEXT.index("Zaporizhzhia nuclear power plant remained under heavy guard")
QUOTE_END = QUOTE_AT + len("Zaporizhzhia nuclear power plant remained under heavy guard")


def _anchor() -> tuple:
    return selectors_at(TEXT, QUOTE_AT, QUOTE_END)


def test_selectors_carry_context() -> None:
    quote, pos = _anchor()
    assert quote.exact.startswith("Zaporizhzhia") and quote.prefix.endswith("added that the ")
    assert quote.suffix.startswith(", officials") and (pos.start, pos.end) == (QUOTE_AT, QUOTE_END)
    assert len(quote.prefix) == 32 and len(quote.suffix) == 32


def test_unchanged_text_keeps_position() -> None:
    quote, pos = _anchor()
    found = reattach(TEXT, quote, pos)
    assert found is not None and found.how == "position" and found.position == pos


def test_text_inserted_before_moves_the_anchor() -> None:
    quote, pos = _anchor()
    changed = "UPDATE: corrected spelling of a name. " + TEXT
    found = reattach(changed, quote, pos)
    assert found is not None and found.how == "exact"
    assert changed[found.position.start:found.position.end] == quote.exact


def test_text_inserted_after_changes_nothing() -> None:
    quote, pos = _anchor()
    found = reattach(TEXT + " More to follow.", quote, pos)
    assert found is not None and found.position == pos


def test_text_inserted_inside_the_quote_is_found_fuzzily() -> None:
    quote, pos = _anchor()
    changed = TEXT.replace("remained under heavy guard", "remained under very heavy guard")
    found = reattach(changed, quote, pos)
    assert found is not None and found.how == "fuzzy"
    assert changed[found.position.start:found.position.end] == (
        "Zaporizhzhia nuclear power plant remained under very heavy guard")
    assert found.quote.exact == changed[found.position.start:found.position.end]


def test_repeated_quote_is_disambiguated_by_context() -> None:
    start = TEXT.rindex("the talks were constructive")
    quote, pos = selectors_at(TEXT, start, start + len("the talks were constructive"))
    changed = "Breaking. " + TEXT
    found = reattach(changed, quote, pos)
    assert found is not None
    assert found.position.start == changed.rindex("the talks were constructive")


def test_a_quote_that_is_gone_is_an_orphan() -> None:
    quote, pos = _anchor()
    changed = TEXT.replace("the Zaporizhzhia nuclear power plant remained under heavy guard",
                           "nothing was said about the site")
    assert reattach(changed, quote, pos) is None
