"""Sharper cross-links: no paraphrase from common words, heavy rewrites linked once."""

from __future__ import annotations

from desktop.core.model import Span
from desktop.core.overlap import paraphrase
from desktop.core.overlap.classify import merge_reordered
from desktop.core.overlap.engine import link_pair, prepare
from desktop.core.overlap.types import Link, LinkEnd, LinkKind


def sents(*texts: str) -> list[paraphrase.Sentence]:
    text = " ".join(texts)
    return paraphrase.sentences(text, [Span(0, len(text), label="paragraph")])


def test_a_short_quote_found_among_common_words_is_no_paraphrase() -> None:
    # two sentences about different bands that share only common words (was scored 0.9)
    (x,) = sents('The singer said the record was "the best album we have made".')
    (y,) = sents("Critics agreed the best moments of the tour came when the band made the old "
                 "album songs sound new in the stadium, the critics said.")
    assert paraphrase.similarity(x, y) == 0


def test_a_list_holding_a_quotes_few_words_is_no_paraphrase() -> None:
    (x,) = sents('The minister promised "more money for schools and hospitals".')
    (y,) = sents("Points raised: money for roads; schools in the north; hospitals and clinics; "
                 "pensions; taxes on fuel; more police; housing; railways; broadband; farming "
                 "subsidies; fishing quotas; defence spending; foreign aid; the arts")
    assert paraphrase.similarity(x, y) == 0


def test_the_samples_quote_turned_into_speech_is_still_a_paraphrase() -> None:
    (x,) = sents("Putin tells Xi Jinping that Russia “understands your questions and concerns” "
                 "about Ukraine.")
    (y,) = sents("”We understand your questions and concern about this.")
    assert paraphrase.similarity(x, y) >= 0.5


HEAVY_A = ("The ballot count in the capital began on Monday morning under the eyes of foreign "
           "observers. Officials said turnout had risen to a record level across the country. "
           "The opposition said it would accept the result if the count was fair.")
HEAVY_B = ("Opposition leaders declared they would recognise the outcome provided the tally "
           "proved fair. The ballot count in the capital began on Monday morning amid scrutiny "
           "from overseas monitors. Authorities stated participation climbed to an unprecedented "
           "level nationwide.")


def test_a_heavy_rewrite_around_identical_words_is_one_link() -> None:
    a = prepare(1, HEAVY_A, (Span(0, len(HEAVY_A), label="paragraph"),))
    b = prepare(2, HEAVY_B, (Span(0, len(HEAVY_B), label="paragraph"),))
    links = link_pair(a, b)
    assert len(links) == 1
    (k,) = links
    assert k.a.start == 0 and k.a.end >= len(HEAVY_A) - 2 and k.b.start == 0


def test_unrelated_articles_sharing_common_words_get_no_link() -> None:
    text_a = ("The council discussed the budget for the new school year on Monday, with parking "
              "fees and teachers' pay at the top of the list.")
    text_b = ("On Monday the club discussed its budget for the coming football season, with ticket "
              "prices and players' pay at the top.")
    a = prepare(1, text_a, (Span(0, len(text_a), label="paragraph"),))
    b = prepare(2, text_b, (Span(0, len(text_b), label="paragraph"),))
    assert link_pair(a, b) == []


def test_pieces_of_one_reordered_paragraph_merge_into_one_link() -> None:
    blocks_a = [Span(0, 300, label="paragraph"), Span(302, 600, label="paragraph")]
    blocks_b = [Span(0, 320, label="paragraph")]
    pieces = [Link(LinkEnd(1, 0, 100), LinkEnd(2, 150, 250), LinkKind.VERBATIM, 1.0),
              Link(LinkEnd(1, 110, 290), LinkEnd(2, 0, 140), LinkKind.EDITED, 0.9),
              Link(LinkEnd(1, 310, 400), LinkEnd(2, 260, 310), LinkKind.VERBATIM, 1.0)]
    merged = merge_reordered(pieces, blocks_a, blocks_b)
    assert [(k.a.start, k.a.end, k.b.start, k.b.end, k.kind) for k in merged] == [
        (0, 290, 0, 250, LinkKind.EDITED), (310, 400, 260, 310, LinkKind.VERBATIM)]
