"""Alignment on made-up articles: moves, edits, unrelated text, degenerate input."""

from __future__ import annotations

import time

from desktop.core import text as cleanup
from desktop.core.overlap.engine import Prepared, link_pair, prepare
from desktop.core.overlap.normalize import normalize_word, tokenize
from desktop.core.overlap.types import LinkKind

P = [
    "The regional council approved a new budget for the harbour district on Monday after a "
    "long debate about the cost of flood defences along the river.",
    "Council leader Anna Berg said the plan would protect thousands of homes and create jobs "
    "for local builders over the next five years.",
    "Opposition members argued that the money should instead be spent on schools and on "
    "repairing roads that were damaged during the winter storms.",
    "The vote passed by a narrow margin, with several members abstaining after the chairman "
    "refused to delay the decision until an independent report was published.",
]
OTHER = (
    "A rare comet will be visible from the northern hemisphere this week, astronomers said, "
    "and amateur observers are advised to look towards the eastern sky shortly before dawn "
    "when the tail should be easiest to see without a telescope."
)


def prep(doc: int, source: str) -> Prepared:
    c = cleanup.clean(source)
    return prepare(doc, c.text, c.blocks)


def test_normalisation_removes_house_style() -> None:
    assert [normalize_word(w) for w in ["U.S.", "Organisation", "Xi’s", "8,000", "Mr", "towards"]] == [
        "us", "organization", "xi", "8000", "", "toward"]
    t = tokenize("Mr Putin said “hello”.", [])
    assert t.norms == ["putin", "said", "hello"]


def test_verbatim_copy_is_one_link() -> None:
    src = "\n\n".join(P)
    links = link_pair(prep(1, src), prep(2, "Headline here\n\n" + src))
    assert len(links) == 1 and links[0].kind == LinkKind.VERBATIM and links[0].score == 1.0


def test_edited_paragraphs_stay_one_link() -> None:
    edited = "\n\n".join(P).replace("approved", "passed").replace("harbour", "harbor") \
        .replace("Anna Berg said", "Ms Anna Berg told reporters").replace(" and create jobs", "")
    links = link_pair(prep(1, "\n\n".join(P)), prep(2, edited))
    assert len(links) == 1 and links[0].kind == LinkKind.EDITED and links[0].score > 0.9


def test_moved_paragraphs_are_found() -> None:
    a, b = prep(1, "\n\n".join(P)), prep(2, "\n\n".join([P[2], P[3], P[0], P[1]]))
    links = link_pair(a, b)
    assert len(links) == 2
    covered = sum(k.a.end - k.a.start for k in links)
    assert covered >= len(a.text) - 10


def test_unrelated_articles_and_shared_names_give_nothing() -> None:
    a = prep(1, "\n\n".join(P))
    b = prep(2, OTHER + "\n\nAnna Berg, the council leader, was not available for comment on the budget.")
    assert link_pair(a, b) == []


def test_self_and_short_articles() -> None:
    a = prep(1, "\n\n".join(P))
    assert link_pair(a, a) == []
    short = prep(2, "Council approved the budget.")
    assert link_pair(a, short) == [] and link_pair(short, prep(3, "Council approved the budget.")) == []


def test_one_megabyte_article_is_linear() -> None:
    big_text = "\n\n".join(f"Paragraph {i}: " + P[i % 4] for i in range(7000))
    assert len(big_text) > 1_000_000
    t = time.perf_counter()
    big = prep(1, big_text)
    links = link_pair(big, prep(2, "\n\n".join(P)))
    assert time.perf_counter() - t < 30
    assert len(links) <= 4  # repeated n-grams are not seeds: no product of occurrences
