"""PDF import: reading order on two columns, running heads and page numbers dropped, hard wraps
and hyphen breaks repaired (also across a page break), footnote markers out of sentences,
ligatures expanded, the page of every character, and each bad PDF refused with one line.
The PDFs are made in the tests (tests/support/pdfmaker.py); the text is written for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import pdf_extract
from desktop.core.errors import IngestError
from desktop.core.ingest import read_article
from desktop.core.library import Library
from desktop.core.model import ImportStatus
from desktop.core.pdf_extract import page_of
from desktop.core.pdf_layout import Line, Seg
from tests.support.pdfmaker import T, damaged_pdf, encrypted_pdf, lines, make_pdf

LEFT = ["The council voted on Tuesday to close", "the old harbour bridge to traffic from",
        "March, after engineers found that its", "steel frame had corroded faster than",
        "expected by the city's own inspectors."]
RIGHT = ["Shops on the eastern bank fear that", "fewer visitors will cross the river to",
         "reach them while a ferry service runs", "every twenty minutes until the new",
         "bridge opens, perhaps in three years."]


def _two_columns(page_no: int, left: list[str] = LEFT, right: list[str] = RIGHT) -> list[T]:
    """A page of two columns under a running head, its number at the foot (the body's first
    lines differ from page to page, as they do in any real document)."""
    day = ["Monday", "Tuesday", "Friday", "Sunday"][page_no % 4]
    left = [f"Report {page_no}: on {day}, it was said:", *left]
    return [T(72, 760, "The Harbour Gazette · Local news", 8), *lines(72, 700, left),
            *lines(320, 700, [f"Part {page_no} of the story goes on.", *right]), T(300, 40, str(page_no), 8)]


def test_two_columns_are_read_in_column_order(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "two.pdf", [_two_columns(1), _two_columns(2), _two_columns(3)])
    art = read_article(p)
    text = art.clean.text
    assert art.fmt == "pdf"
    assert "The council voted on Tuesday to close the old harbour bridge" in text
    assert "expected by the city's own inspectors.\n\nPart 1 of the story goes on." in text
    assert "close Shops" not in text  # lines of the two columns are never merged


def test_running_heads_and_page_numbers_are_dropped_but_stay_in_the_source(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "heads.pdf", [_two_columns(n) for n in (1, 2, 3, 4)])
    art = read_article(p)
    assert "Harbour Gazette" not in art.clean.text
    assert "\n4\n" not in art.clean.text and not art.clean.text.rstrip().endswith("4")
    assert art.source_text.count("The Harbour Gazette") == 4  # the source is what was read
    assert art.source_text.count("\f") == 3


def test_hyphen_break_across_a_page_is_repaired(tmp_path: Path) -> None:
    page1 = [T(72, 760, "Harbour Gazette report", 8),
             *lines(72, 700, ["The minister said the inter-", "national partners would pay for the popu-"]),
             T(300, 40, "1", 8)]
    page2 = [T(72, 760, "Harbour Gazette report", 8),
             *lines(72, 700, ["lation, and a well-", "known engineer will lead it from next year."]),
             T(300, 40, "2", 8)]
    page3 = [T(72, 760, "Harbour Gazette report", 8), *lines(72, 700, ["International interest was high."]),
             T(300, 40, "3", 8)]
    art = read_article(make_pdf(tmp_path / "hyph.pdf", [page1, page2, page3]))
    text = art.clean.text
    assert "the international partners would pay for the population, and a well-known engineer" in text


def test_footnote_markers_are_taken_out_of_sentences(tmp_path: Path) -> None:
    page = [*lines(72, 700, ["According to the city's annual digest,",
                             "the bridge carried twelve thousand cars a day."]),
            T(243.5, 704, "7", 6), *lines(72, 600, ["7 City digest, 2019 edition."], size=8)]
    art = read_article(make_pdf(tmp_path / "fn.pdf", [page]))
    assert "digest, the bridge carried" in art.clean.text
    assert "digest,7" not in art.clean.text and "digest, 7" not in art.clean.text


def _supers(segs: list[Seg]) -> list[str]:
    line = Line(segs)
    line.finish()
    return [s.text for s in line.segs if s.superscript]


def test_author_markers_are_found_when_as_many_segments_are_raised_as_level() -> None:
    # three authors, each with an affiliation marker (6.3 pt, 4.5 pt up on 10.9 pt type): the
    # median bottom of the segments stood between the two levels and no marker was found
    segs = [Seg(184.3, 657.3, 266.0, 666.0, "Andrew E. Webb", 10.9),
            Seg(266.6, 661.8, 270.0, 666.2, "1", 6.3),
            Seg(270.5, 656.0, 365.0, 666.0, ", Thomas A. Walsh", 10.0),
            Seg(365.2, 661.8, 369.0, 666.2, "1", 6.3),
            Seg(371.7, 654.6, 482.0, 666.0, "and Mary J. O'Connell", 10.9),
            Seg(483.1, 661.8, 486.0, 666.2, "1", 6.3), Seg(488.4, 661.8, 492.0, 666.2, "2", 6.3)]
    assert _supers(segs) == ["1", "1", "1", "2"]


def test_a_marker_set_high_at_five_sixths_of_the_size_is_a_superscript() -> None:
    # "degree-granting9": the marker is 9 pt on 10.8 pt type, but stands 7.9 pt up
    segs = [Seg(72.3, 375.2, 112.0, 386.0, "granting", 10.8), Seg(112.2, 383.1, 115.0, 388.6, "9", 9.0),
            Seg(116.0, 375.2, 290.0, 386.0, " and 2,222 were non-degree-granting.", 10.8)]
    assert _supers(segs) == ["9"]


def test_a_small_number_on_the_baseline_is_not_a_superscript() -> None:
    # a slightly smaller figure set level with the line ("the 1990 figure in 9 pt") stays text
    segs = [Seg(72, 700, 150, 710, "rose in", 10.8), Seg(152, 700.5, 170, 709, "1990", 9.0),
            Seg(172, 700, 250, 710, "to a record", 10.8)]
    assert _supers(segs) == []


def test_page_of_every_character(tmp_path: Path) -> None:
    art = read_article(make_pdf(tmp_path / "pages.pdf", [_two_columns(n) for n in (1, 2, 3)]))
    text = art.clean.text
    firsts = [i for i in range(len(text)) if text.startswith("The council voted", i)]
    assert len(firsts) == 3
    pages = [page_of(art.source_text, art.clean.offsets.to_source_start(i)) for i in firsts]
    assert pages == [1, 2, 3]


def test_ligatures_are_expanded_with_an_exact_map() -> None:
    line = Line([Seg(72, 700, 200, 710, "The ﬁnal ﬂight", 10)])
    line.finish()
    line.para = True
    source, placed, starts = pdf_extract._source([[line]])
    ex = pdf_extract._intermediate(source, placed, starts)
    assert ex.text == "The final flight"
    i = ex.text.index("fi")
    assert ex.offsets.span_to_source(i, i + 2) == (source.index("ﬁ"), source.index("ﬁ") + 1)


def test_metadata_from_document_properties(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "m.pdf", [_two_columns(1)], title="Harbour bridge report", author="Jane Doe")
    art = read_article(p)
    assert (art.meta.title, art.meta.author, art.meta.date, art.meta.source) == (
        "Harbour bridge report", "Jane Doe", "2020-08-06", "")


BODY = ["The council voted on Tuesday to close the old harbour bridge to traffic from",
        "March, after engineers found that its steel frame had corroded faster than",
        "expected by the city's own inspectors, and shops on the eastern bank fear",
        "that fewer visitors will cross the river to reach them in the meantime."]


def _labelled_headline(body: list[str]) -> list[T]:
    """A page: a label, then a two-line headline in the same 18 pt type, then the body."""
    return [T(72, 740, "Research Article", 18), T(72, 700, "Harbour bridge to close after", 18),
            T(72, 680, "engineers find corroded steel", 18), *lines(72, 640, body)]


@pytest.mark.parametrize("prop", ["", "6489122611071476 1..10", "https://example.org/wiki/Harbour",
                                  "Microsoft Word - draft3.docx"])
def test_a_title_property_that_names_nothing_gives_way_to_the_largest_type(
        tmp_path: Path, prop: str) -> None:
    """A label above the headline in the same large type ("Research Article") is a block of
    its own; the longer block is the title; a two-line headline is read as one."""
    art = read_article(make_pdf(tmp_path / "t.pdf", [_labelled_headline(BODY)], title=prop))
    assert art.meta.title == "Harbour bridge to close after engineers find corroded steel"


def test_a_title_over_two_lines_of_large_type_is_one_paragraph(tmp_path: Path) -> None:
    """Large type is set on a larger step than the body: its lines are one paragraph when
    they follow closely, as the headline finder reads them; a label above stays apart."""
    text = read_article(make_pdf(tmp_path / "t.pdf", [_labelled_headline(BODY * 3)])).clean.text
    assert text.startswith("Research Article\n\nHarbour bridge to close after engineers find "
                           "corroded steel\n\nThe council voted")


def test_a_title_property_that_names_something_wins_over_the_layout(tmp_path: Path) -> None:
    page = [T(72, 700, "Harbour bridge to close", 18), *lines(72, 660, BODY)]
    art = read_article(make_pdf(tmp_path / "t.pdf", [page], title="Bridge report 2020"))
    assert art.meta.title == "Bridge report 2020"


def test_without_larger_type_the_title_comes_from_the_text_as_before(tmp_path: Path) -> None:
    art = read_article(make_pdf(tmp_path / "t.pdf", [lines(72, 700, BODY)], title="12345"))
    assert art.meta.title.startswith("The council voted on Tuesday")


def _refusal(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_scanned_pdf_without_text_is_refused_clearly(tmp_path: Path) -> None:
    p = make_pdf(tmp_path / "scan.pdf", [[], []])
    assert "no text layer" in _refusal(p) and "OCR" in _refusal(p)


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    assert _refusal(encrypted_pdf(tmp_path / "locked.pdf")) == (
        "the PDF is encrypted (password-protected); Parallax cannot read it")


def test_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    assert _refusal(damaged_pdf(tmp_path / "broken.pdf")) == (
        "the PDF is damaged or not a PDF; Parallax cannot read it")


def test_a_very_long_pdf_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_extract, "MAX_PAGES", 2)
    p = make_pdf(tmp_path / "long.pdf", [_two_columns(n) for n in (1, 2, 3)])
    assert _refusal(p) == "the PDF has 3 pages; Parallax imports at most 2"


def test_bad_pdfs_store_nothing_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    encrypted_pdf(folder / "a-locked.pdf")
    damaged_pdf(folder / "b-broken.pdf")
    make_pdf(folder / "c-scan.pdf", [[]])
    make_pdf(folder / "d-good.pdf", [_two_columns(1)])
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([folder])
        assert [r.status for r in results] == [ImportStatus.FAILED] * 3 + [ImportStatus.IMPORTED]
        assert len(lib.list_documents()) == 1


_WORDS = st.sampled_from(["bridge", "council", "inter-", "national", "ﬁne", "Tuesday", "the", "a", "7",
                          "well-known", "city's", "“quoted”", "Ärger", "naïve", "x"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=7).map(" ".join), min_size=1, max_size=12),
       st.integers(1, 3))
def test_every_clean_character_maps_back_into_the_extracted_text(tmp_path: Path, rows: list[str],
                                                                 n_pages: int) -> None:
    pages = [lines(72, 720, rows) + lines(330, 720, rows[::-1]) for _ in range(n_pages)]
    p = make_pdf(tmp_path / "h.pdf", pages)
    try:
        art = read_article(p)
    except IngestError:
        return  # too few words: refused, nothing to map
    text, src = art.clean.text, art.source_text
    for i, ch in enumerate(text):
        s, e = art.clean.offsets.span_to_source(i, i + 1)
        if ch.isspace() or src[s:e] in ("ﬁ",):
            continue
        assert src[s:e] == ch, (i, ch, src[s:e])
