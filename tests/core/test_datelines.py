"""The publication date a document prints at its top (core/datelines.py): PDFs and Word files
take it over their file's own date, text and Markdown files without a date header take it.
Made PDFs and Word files, and the real files of ../shared/bench-data/pdf-real when present
(skipped with a message otherwise)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from desktop.core.datelines import printed_date
from desktop.core.ingest import read_article
from tests.support.pdfmaker import T, lines, make_pdf

PDF_REAL = Path(__file__).resolve().parents[3] / "shared" / "bench-data" / "pdf-real"
TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(("blocks", "iso"), [
    ([["{from} THE {New York} SUN, SUNDAY, MARCH 25, 1877."], ["THE MAN WITHOUT A BODY"]],
     "1877-03-25"),
    ([["MMWR / January 14, 2011 / Vol. 60"]], "2011-01-14"),
    ([["Thursday, 6th Aug. 2020"]], "2020-08-06"),
    # a labelled publication date wins, wherever it stands; other labels are not publication
    ([["Submitted 25 March 2016", "Accepted 9 May 2017", "Published 5 June 2017",
       "Corresponding author"]], "2017-06-05"),
    ([["Issue of 2 May 2001"], ["Published: 3 May 2001"]], "2001-05-03"),
    ([["Received 9 November 2010; Accepted 25 December 2010"]], ""),
    ([["Received 9 November 2010; Published: 3 January 2011"]], "2011-01-03"),
    ([["The report, published March 3, 2021, found that the bridge was unsafe."]], ""),
    ([["Updated March 3, 2021"]], ""),
    # a date inside running text is an event's, not the article's
    ([["On March 25, 1877, the paper printed a story that", "nobody believed, about a head",
       "kept in a museum."]], ""),
    # no day, a digit-only date, an impossible or future one
    ([["March 1877"], ["03/04/2019"], ["February 30, 2020"], ["June 1, 2031"]], ""),
    ([], ""),
])
def test_printed_date(blocks: list[list[str]], iso: str) -> None:
    assert printed_date(blocks, today=TODAY) == iso


def test_a_pdf_takes_the_date_it_prints_over_its_files_date(tmp_path: Path) -> None:
    body = ["The council voted on Tuesday to close the old harbour bridge to traffic from",
            "March, after engineers found that its steel frame had corroded faster than",
            "expected by the city's own inspectors, and shops on the eastern bank fear."]
    dated = make_pdf(tmp_path / "dated.pdf", [[T(72, 760, "THE HARBOUR GAZETTE, MONDAY, MAY 4, 1998", 9),
                                               *lines(72, 700, body)]])
    assert read_article(dated).meta.date == "1998-05-04"
    plain = make_pdf(tmp_path / "plain.pdf", [lines(72, 700, body)], title="Harbour bridge")
    assert read_article(plain).meta.date == "2020-08-06"  # the file's CreationDate (pdfmaker)


@pytest.mark.parametrize(("name", "iso"), [
    ("ny-sun-1877-man-without-a-body.pdf", "1877-03-25"),  # CreationDate 2020-11-04
    ("peerj-cs-2017-vespa.pdf", "2017-06-05"),  # CreationDate 2017-06-01
    ("hindawi-rrp-2010-heart-failure.pdf", "2011-02-06"),  # only received/accepted printed
])
def test_real_pdfs_dates(name: str, iso: str) -> None:
    path = PDF_REAL / name
    if not path.exists():
        pytest.skip(f"{PDF_REAL} is not here (the shared bench data): real-PDF check skipped")
    assert read_article(path).meta.date == iso


LEDE = ("The council voted on Tuesday to close the old harbour bridge to traffic from March, after "
        "engineers found that its steel frame had corroded faster than expected.")


def test_a_word_file_takes_the_date_it_prints_over_its_created_date(tmp_path: Path) -> None:
    def make(name: str, *paragraphs: str) -> Path:
        d = docx.Document()
        d.core_properties.created = datetime(2015, 1, 2, 10, 0)  # the template's, often
        for text in paragraphs:
            d.add_paragraph(text)
        d.save(str(tmp_path / name))
        return tmp_path / name

    release = make("release.docx", "FOR IMMEDIATE RELEASE", "March 3, 2021", "Harbour bridge to close", LEDE)
    assert read_article(release).meta.date == "2021-03-03"
    assert read_article(make("plain.docx", "Harbour bridge to close", LEDE)).meta.date == "2015-01-02"


@pytest.mark.parametrize(("name", "text", "iso"), [
    ("release.txt", "FOR IMMEDIATE RELEASE\n\nMarch 3, 2021\n\nHarbour bridge\n\n" + LEDE, "2021-03-03"),
    ("header.txt", "Date: 2020-01-02\n\nMarch 3, 2021\n\n" + LEDE, "2020-01-02"),  # the header wins
    ("event.txt", "On March 3, 2021, " + LEDE, ""),  # a long first paragraph: an event's date
    ("release.md", "# Harbour bridge to close\n\n*Published 4 May 1998*\n\n" + LEDE, "1998-05-04"),
    ("front.md", "---\ndate: 2020-01-02\n---\n\n# Bridge\n\nPublished 4 May 1998\n\n" + LEDE, "2020-01-02"),
])
def test_a_text_file_without_a_date_header_takes_its_dateline(tmp_path: Path, name: str, text: str,
                                                               iso: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert read_article(tmp_path / name).meta.date == iso
