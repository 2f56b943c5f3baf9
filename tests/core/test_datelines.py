"""The publication date a document prints at its top (core/datelines.py), and PDFs taking it
over their file's CreationDate: made PDFs, and the real files of ../shared/bench-data/pdf-real
when present (skipped with a message otherwise)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
