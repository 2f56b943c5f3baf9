"""False links between near-topic articles: one sentence frame filled with other facts (race
reports of one series, monthly columns) is neither a paraphrase nor edited reuse; a repeated
phrase does not stretch a passage. Shapes read on the Wikinews corpus (docs/storymap.md)."""

from __future__ import annotations

from desktop.core.model import Span
from desktop.core.overlap import paraphrase
from desktop.core.overlap.engine import Prepared, link_pair, prepare
from desktop.core.overlap.types import LinkKind


def one(text: str) -> paraphrase.Sentence:
    (s,) = paraphrase.sentences(text, [Span(0, len(text), label="paragraph")])
    return s


def prepared(doc: int, text: str) -> Prepared:
    return prepare(doc, text, (Span(0, len(text), label="paragraph"),))


def test_a_standings_line_with_another_leader_and_points_is_no_paraphrase() -> None:
    x = one("Following the race, Stewart became Drivers' Championship leader with 113 points.")
    y = one("Following the race, Edwards became Drivers' Championship leader with 256 points.")
    assert paraphrase.facts_differ(x, y)
    assert paraphrase.similarity(x, y) == 0


def test_a_polling_line_with_other_figures_is_no_paraphrase() -> None:
    x = one("As the campaign shifted to August, presumptive Democratic presidential nominee Joe "
            "Biden led incumbent President Donald Trump in the RealClearPolitics head-to-head "
            "polling average, 49.4 percent to 42.0 percent.")
    y = one("As the campaign entered September, Democratic Party presidential nominee Joe Biden "
            "led President Donald Trump in the RealClearPolitics head-to-head polling average, "
            "49.0 percent to 43.0 percent.")
    assert paraphrase.similarity(x, y) == 0


def test_standings_with_other_points_are_no_paraphrase() -> None:
    x = one("Hamlin became the Drivers' championship leader with 6,325 points, thirty-three "
            "points ahead of Johnson.")
    y = one("Johnson maintained the Drivers' championship lead with 5,673 points, thirty-six "
            "points ahead of Denny Hamlin.")
    assert paraphrase.facts_differ(x, y)


def test_a_figure_cut_or_written_out_is_the_same_figure() -> None:
    assert not paraphrase.facts_differ(
        one("The quake had a magnitude of 6.6 near Samos, officials said."),
        one("The quake had a magnitude of 6 near Samos, officials said."))
    assert not paraphrase.facts_differ(
        one("The city lost 1.2 million jobs in the crisis, the report said."),
        one("The city lost 1200000 jobs in the crisis, the report said."))


def test_the_top_ten_of_another_race_is_no_paraphrase() -> None:
    x = one("Kurt Busch, Mark Martin and Brian Vickers rounded out the top ten finishers in the race.")
    y = one("David Ragan, Jimmie Johnson, and Paul Menard rounded out the top ten finishers in the race.")
    assert paraphrase.facts_differ(x, y)


def test_the_same_facts_in_other_words_are_still_a_paraphrase() -> None:
    x = one("Over the course of a weekend, Griffiths was seen several times with bin bags and a "
            "rucksack near the flats in Bradford.")
    y = one("Over the course of the weekend, the man was seen in Bradford several times with a "
            "rucksack and bin bags near the flats.")
    assert not paraphrase.facts_differ(x, y)
    assert paraphrase.similarity(x, y) > 0
    # a figure written in words is the same figure
    assert not paraphrase.facts_differ(
        one("Senator Elizabeth Warren of Massachusetts had 8 delegates so far."),
        one("Additionally, Senator Warren had eight delegates so far."))


RACE_A = ("Jeff Gordon won the NASCAR Sprint Cup Series 2011 Subway Fresh Fit 500 held on Sunday "
          "at Phoenix International Raceway in Avondale, Arizona, United States. This became his "
          "first Sprint Cup win of the season, ahead of Kyle Busch in second.")
RACE_B = ("Kyle Busch won the NASCAR Sprint Cup Series 2011 Jeff Byrd 500 held on Sunday "
          "at Bristol Motor Speedway in Bristol, Tennessee, United States. This became his "
          "first Sprint Cup win of the season, ahead of Carl Edwards in second.")


def test_a_race_report_template_with_other_venues_is_no_edited_reuse() -> None:
    assert [k for k in link_pair(prepared(1, RACE_A), prepared(2, RACE_B))
            if k.kind != LinkKind.PARAPHRASE] == []


def test_a_wire_update_with_a_new_toll_and_day_stays_edited_reuse() -> None:
    a = ("Pakistani security forces, aided by artillery and tanks, killed 38 Taliban insurgents and "
         "wounded 12 on Monday at 9 am in two separate attacks near the Afghanistan border in the "
         "Orakzai district, according to government officials in Peshawar.")
    b = ("Pakistani security forces, aided by artillery and tanks, killed 41 Taliban insurgents and "
         "wounded 15 on Tuesday at 11 am in two separate attacks near the Afghanistan border in the "
         "Orakzai district, according to government officials in Peshawar.")
    kinds = [k.kind for k in link_pair(prepared(1, a), prepared(2, b))]
    assert kinds == [LinkKind.EDITED]


def test_the_next_race_line_of_another_column_is_no_edited_reuse() -> None:
    a = ("Kenseth and Bowyer round out the top-ten point positions. The 2011 season will continue "
         "on March 20, 2011 at Bristol Motor Speedway for the 2011 Jeff Byrd 500. The race will be "
         "televised in the US on Fox at 1:00 p.m.")
    b = ("Harvick and Stewart round out the top-ten point positions. The 2011 season will continue "
         "on April 17, 2011 at Talladega Superspeedway for the 2011 Aarons 499. The race will be "
         "televised in the US on Fox at 1:00 p.m.")
    assert [k for k in link_pair(prepared(1, a), prepared(2, b))
            if k.kind == LinkKind.EDITED and k.a.end - k.a.start > len(a) // 2] == []


def test_a_phrase_repeated_later_does_not_stretch_a_passage() -> None:
    # one short charge list against a long one that repeats "perverting the course of justice"
    a = ("He was jailed for misconduct in a public office and perverting the course of justice, "
         "the court heard on Friday.")
    b = ("Both men admitted misconduct in a public office, two charges of perverting the course "
         "of justice, three charges of possession of a firearm, possession of ammunition and "
         "conspiracy to transfer criminal property. Their mother admitted perverting the course "
         "of justice; her role was to intimidate witnesses.")
    for k in link_pair(prepared(1, a), prepared(2, b)):
        assert k.b.end - k.b.start < 3 * (k.a.end - k.a.start)


def paragraphs(doc: int, *paras: str) -> Prepared:
    text = "\n\n".join(paras)
    blocks, at = [], 0
    for para in paras:
        blocks.append(Span(at, at + len(para), label="paragraph"))
        at += len(para) + 2
    return prepare(doc, text, tuple(blocks))


def test_a_short_sentence_word_for_word_the_same_is_verbatim_not_paraphrase() -> None:
    shared = ("The Gippsland League is the only major Australian rules football competition in "
              "the Gippsland region according to the Victorian Country Football League.")
    short = "Scores are quoted as goals-behinds (total)."
    a = paragraphs(1, "Wonthaggi beat Leongatha by a point at home on Saturday.", shared, short)
    b = paragraphs(2, short, "Leongatha took revenge on Wonthaggi in the return game.", shared)
    links = link_pair(a, b)
    found = [k for k in links if a.text[k.a.start:k.a.end] == short]
    assert [k.kind for k in found] == [LinkKind.VERBATIM]
