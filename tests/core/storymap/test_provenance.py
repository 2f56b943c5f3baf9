"""Provenance calls and the evidence they name: dates, wire credits, the text."""

from __future__ import annotations

from desktop.core.model import Span
from desktop.core.storymap.provenance import (
    Credit,
    DocInfo,
    agency_of,
    by_text,
    credits_in,
    decide,
    when,
)


def credits(*paragraphs: str, labels: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    text, blocks, pos = "", [], 0
    for n, p in enumerate(paragraphs):
        blocks.append(Span(pos, pos + len(p), label=labels[n] if labels else "paragraph"))
        text += p + "\n\n"
        pos += len(p) + 2
    return [(c.agency, c.how) for c in credits_in(text, blocks)]


def doc(n: int, date: str = "", source: str = "", credit: str = "", url: str = "") -> DocInfo:
    found = (Credit(credit, "credit line", f"— {credit}"),) if credit else ()
    return DocInfo(n, f"Article {n}", source, url, date, found)


# -- wire credits ------------------------------------------------------------------------------
def test_dateline_and_credit_lines_are_credits() -> None:
    assert credits("MOSCOW (AFP) — Russian President Vladimir Putin met Xi on Thursday.") == [
        ("AFP", "dateline")]
    assert credits("Putin met Xi on Thursday.", "— AFP") == [("AFP", "credit line")]
    assert credits("Putin met Xi on Thursday.", "With Reuters") == [("Reuters", "credit line")]
    assert credits("The talks ended.", "(Reporting by Jane Roe; Editing by John Doe)") == [
        ("Reuters", "credit line")]
    assert credits("PARIS (AP) — The plane crashed on landing.") == [("AP", "dateline")]
    assert credits("The plane crashed on landing.", "(AFP)") == [("AFP", "credit line")]


def test_according_to_an_agency_is_an_attribution_not_a_wire_credit() -> None:
    # Wikinews: five reworks of one article were said to take their text from AFP, outside
    # the library, on this sentence
    assert credits("According to the Agence France-Presse news agency, some of the victims were "
                   "children.") == []
    assert credits("A British couple kidnapped by Somali pirates last October require urgent "
                   "help, according to AFP.") == []
    assert credits("According to the Associated Press, the plane crashed on landing.") == []
    assert credits("Reuters reported that the talks were over.") == []


def test_interviews_and_photo_credits_are_not_credits() -> None:
    assert credits("The minister told Reuters that the talks were over.") == []
    # the web sample's caption: "Source: Getty / (Photo by STRINGER/AFP via Getty Images)"
    assert credits("The plant. Source: Getty / (Photo by STRINGER/AFP via Getty Images)",
                   labels=("caption",)) == []
    assert credits("Source: Getty / (Photo by STRINGER/AFP via Getty Images)") == []
    assert credits("The map shows apples, grapes and a cap.") == []


def test_an_agency_is_known_by_its_outlet_or_address() -> None:
    assert agency_of("Agence France-Presse", "") == "AFP"
    assert agency_of("", "https://www.reuters.com/world/europe/x") == "Reuters"
    assert agency_of("AP News", "") == "AP"
    assert agency_of("SBS News", "https://www.sbs.com.au/news/x") == ""


# -- dates ----------------------------------------------------------------------------------------
def test_a_date_without_time_is_the_whole_day() -> None:
    day = when("2022-09-15")
    assert day is not None and (day[1] - day[0]).days == 1
    assert when("2022-09-15T08:10:00+02:00") is not None and when("not a date") is None


def test_earliest_date_is_first_and_names_both_dates() -> None:
    call = decide([doc(1, "2022-09-15T08:10:00Z"), doc(2, "2022-09-15T11:00:00Z"), doc(3)])
    assert call.first == 1 and call.basis == "date"
    assert "2022-09-15 08:10" in call.evidence and "#2" in call.evidence
    assert "1 without a date" in call.evidence


def test_same_day_without_times_is_not_an_order() -> None:
    call = decide([doc(1, "2022-09-15"), doc(2, "2022-09-15")])
    assert call.first is None and "same day" in call.evidence


# -- credits --------------------------------------------------------------------------------------
def test_the_credited_agencys_own_article_is_first() -> None:
    call = decide([doc(1, source="AFP"), doc(2, credit="AFP"), doc(3, credit="AFP")])
    assert call.first == 1 and call.basis == "credit"
    assert "#2" in call.evidence and "#3" in call.evidence and "AFP's own story" in call.evidence


def test_credited_agency_outside_the_library_is_named() -> None:
    call = decide([doc(1), doc(2, credit="Reuters")])
    assert call.first is None and "Reuters, which is not in this library" in call.evidence


def test_dates_win_over_credits_and_a_disagreement_is_said() -> None:
    call = decide([doc(1, "2022-09-14", source="AFP"), doc(2, "2022-09-13", credit="AFP")])
    assert call.first == 2 and "but" in call.evidence and "AFP" in call.evidence


# -- the text --------------------------------------------------------------------------------------
FULL = ("Russian President Vladimir Putin and Chinese leader Xi Jinping met for their first "
        "face-to-face talks since the start of the conflict in Ukraine on Thursday.")
TRIMMED = "Russian President Vladimir Putin and Chinese leader Xi Jinping met for their first talks."


def test_two_copies_the_whole_one_is_the_source() -> None:
    first, why = by_text([(1, TRIMMED), (2, FULL)])
    assert first == 2 and "#2 holds the passage whole" in why and "trimmed" in why


def test_two_copies_each_with_its_own_changes_tell_nothing() -> None:
    assert by_text([(1, FULL + " Talks went on."), (2, FULL.replace("Thursday", "Friday night"))]) == (
        None, "")


def test_many_copies_the_one_most_share_is_the_source_and_an_addition_is_named() -> None:
    added = FULL + " The details could not be independently verified by anyone."
    first, why = by_text([(1, added), (2, FULL), (3, FULL.replace(" on Thursday", "")),
                          (4, FULL.replace("face-to-face ", ""))])
    assert first == 2 and "#1 adds" in why and "#3 drops" in why
    # two identical best copies: the text tells the version, not which of them was first
    assert by_text([(1, added), (2, FULL), (4, FULL)])[0] is None


def test_text_is_the_last_resort_and_says_so() -> None:
    call = decide([doc(1), doc(2)], lambda: (2, "#2 holds the passage whole"))
    assert call.first == 2 and call.basis == "text" and call.evidence.startswith("from the text")
    assert decide([doc(1), doc(2)]).evidence.startswith("unknown")
