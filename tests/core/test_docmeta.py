"""Titles and metadata: first-sentence titles not cut at abbreviations, no file name as the
outlet, the user's edits (window and CLI) searchable, exported and kept over a re-import,
and ``show`` for checking an import without the window."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli
from desktop.app import build_parser
from desktop.core.docmeta import MetaError
from desktop.core.export import html, markdown
from desktop.core.export.bundle import build_bundle
from desktop.core.ingest import fallback_title, read_article
from desktop.core.library import Library
from desktop.core.text import clean
from tests.conftest import ROOT
from tests.support.pdfmaker import T, lines, make_pdf

STORY = ("Last week, U.S. officials said the harbour talks would go on. The council voted on "
         "Tuesday to close the old bridge, after engineers found corrosion in its frame.")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (STORY, "Last week, U.S. officials said the harbour talks would go on."),
        ("In 0 A.D. the calendar had no year zero at all. Next sentence.",
         "In 0 A.D. the calendar had no year zero at all."),
        ("Mr. J. R. Smith arrived on Monday. Then he left.", "Mr. J. R. Smith arrived on Monday."),
        ("He met Gen. Lee at St. Mary's church. Then he left.", "He met Gen. Lee at St. Mary's church."),
        ("Prices rose 3.5 per cent in May. Then they fell.", "Prices rose 3.5 per cent in May."),
    ],
)
def test_a_first_sentence_title_is_not_cut_at_abbreviations(text: str, title: str) -> None:
    assert fallback_title(clean(text)) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("{from} THE {New York} SUN, SUNDAY, MARCH 25, 1877.\n\nTHE MAN WITHOUT A BODY\n\n" + STORY,
         "THE MAN WITHOUT A BODY"),
        ("Updated 3 March 2021\n\nHarbour bridge to close\n\n" + STORY, "Harbour bridge to close"),
        # a first block that tells of a date is running text, not a dateline
        ("On March 25, 1877, the paper printed a story about a head kept in a museum, which few "
         "readers believed.\n\n" + STORY, "On March 25, 1877, the paper printed a story about a head "
         "kept in a museum, which few…"),
        ("March 25, 1877\n\n", "March 25, 1877"),  # nothing after it: the dateline it is
    ],
)
def test_a_dateline_above_the_headline_is_not_the_title(text: str, title: str) -> None:
    assert fallback_title(clean(text)) == title


def test_a_text_file_without_a_header_has_no_outlet(tmp_path: Path) -> None:
    p = tmp_path / "harbour-notes.txt"
    p.write_text(STORY)
    art = read_article(p)
    assert art.meta.source == "" and "harbour-notes" not in art.meta.title
    m = tmp_path / "notes.md"
    m.write_text("# Harbour bridge\n\n" + STORY)
    assert read_article(m).meta.source == ""


@pytest.fixture
def imported(tmp_path: Path) -> Iterator[tuple[Library, int, Path]]:
    p = tmp_path / "story.txt"
    p.write_text("Title: Bridge to close\nSource: Harbour Gazette\nDate: 2022-09-15\n\n" + STORY)
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([p])
    assert result.doc_id is not None
    yield lib, result.doc_id, p
    lib.close()


def test_edits_are_searchable_and_exported(imported: tuple[Library, int, Path]) -> None:
    lib, doc, _ = imported
    lib.docmeta.edit(doc, {"title": "Ferry replaces the harbour bridge", "source": "The Quayside Post",
                           "date": "16 September 2022", "url": "https://quay.example/ferry"})
    d = lib.get_document(doc)
    assert (d.meta.title, d.meta.source, d.meta.date, d.meta.url) == (
        "Ferry replaces the harbour bridge", "The Quayside Post", "2022-09-16", "https://quay.example/ferry")
    assert [h.doc.id for h in lib.search("title:ferry").hits] == [doc]
    assert [h.doc.id for h in lib.search('source:"quayside post"').hits] == [doc]
    bundle = build_bundle(lib, [doc], "doc")
    assert "Ferry replaces the harbour bridge" in html.render(bundle)
    assert "The Quayside Post" in markdown.render(bundle)


def test_an_edit_survives_a_reimport_of_a_corrected_file(imported: tuple[Library, int, Path]) -> None:
    lib, doc, path = imported
    lib.docmeta.edit(doc, {"title": "My own title", "date": "2022-09-20"})
    path.write_text("Title: Bridge to close (corrected)\nSource: Harbour Gazette Online\nDate: 2022-09-15\n\n"
                    + STORY + " A correction was added.")
    (result,) = lib.import_paths([path])
    assert result.status == "updated" and result.doc_id == doc
    d = lib.get_document(doc)
    assert d.meta.title == "My own title" and d.meta.date == "2022-09-20"
    assert d.meta.source == "Harbour Gazette Online"  # not edited: follows the file
    assert "A correction was added." in d.text
    lib.docmeta.edit(doc, {"title": None})  # reset: back to what the file says now
    assert lib.get_document(doc).meta.title == "Bridge to close (corrected)"
    assert lib.docmeta.overrides(doc) == {"date": "2022-09-20"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "  ", "a title cannot be empty"),
    ("date", "sometime soon", "not a date"),
    ("url", "not a url", "not a web address"),
])
def test_bad_values_are_refused_and_change_nothing(imported: tuple[Library, int, Path], field: str,
                                                   value: str, message: str) -> None:
    lib, doc, _ = imported
    before = lib.get_document(doc).meta
    with pytest.raises(MetaError, match=message):
        lib.docmeta.edit(doc, {field: value})
    assert lib.get_document(doc).meta == before


def _cli(lib_folder: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(build_parser().parse_args(list(argv)), lib_folder, is_default=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_meta_command(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(STORY)
    folder = tmp_path / "lib"
    assert _cli(folder, "import", str(p))[0] == 0
    code, out, _ = _cli(folder, "meta", "1", "--title", "Bridge", "--source", "Gazette", "--date",
                        "2022-09-15", "--url", "https://g.example/b", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "Bridge" and data["edited"] == ["date", "source", "title", "url"]
    code, out, _ = _cli(folder, "meta", "1", "--reset", "source")
    assert code == 0 and "outlet  —" in out
    code, _, err = _cli(folder, "meta", "1", "--date", "someday")
    assert code == 1 and err.startswith("parallax: not a date") and err[-1] == "\n" and err.count("\n") == 1
    code, _, err = _cli(folder, "meta", "9", "--title", "x")
    assert code == 1 and "no document 9" in err


def test_show_json_as_a_user_runs_it(tmp_path: Path) -> None:
    pages = [[*lines(72, 700, [f"Page {n}: the council voted to close the old harbour bridge.",
                               "Engineers found corrosion in its steel frame last week."])] for n in (1, 2)]
    pdf = make_pdf(tmp_path / "report.pdf", pages, title="Harbour bridge report", author="Jane Doe")
    folder = tmp_path / "lib"
    assert _cli(folder, "import", str(pdf))[0] == 0
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--library", str(folder), "show", "1",
                           "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"doc", "title", "source", "date", "url", "path", "format", "text"} <= set(data)
    assert data["format"] == "pdf" and data["title"] == "Harbour bridge report"
    assert data["author"] == "Jane Doe"
    assert [b["page"] for b in data["blocks"]] == [1, 2]
    for b in data["blocks"]:
        assert data["text"][b["start"]:b["end"]].startswith(f"Page {b['page']}:")
    code, out, _ = _cli(folder, "show", "1")
    assert code == 0 and "— p. 2 —" in out and "Harbour bridge report" in out


def test_show_of_a_missing_document_is_one_line(tmp_path: Path) -> None:
    code, _, err = _cli(tmp_path / "lib", "show", "3")
    assert code == 1 and err.count("\n") == 1


_ = T  # the maker's item type, re-exported for readers of this file


def test_exports_cite_the_page_of_a_pdf_highlight(tmp_path: Path) -> None:
    pages = [[*lines(72, 700, [f"Page {n}: the council voted to close the old harbour bridge.",
                               f"Engineers found corrosion in its steel frame on day {n}."])]
             for n in (1, 2, 3)]
    pdf = make_pdf(tmp_path / "report.pdf", pages)
    with Library.open(tmp_path / "lib") as lib:
        (result,) = lib.import_paths([pdf])
        doc = lib.get_document(result.doc_id or 0)
        start = doc.clean.text.index("corrosion in its steel frame on day 2")  # clean offsets
        lib.annotations.add(doc, start, start + len("corrosion"), "check", note="check this")
        bundle = build_bundle(lib, [doc.id], "doc")
        assert "“corrosion” (p. 2)" in markdown.render(bundle)
        assert '<span class="page">p. 2</span>' in html.render(bundle)
