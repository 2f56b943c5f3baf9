"""What you see is what you export: for one article, the marks the reader draws (blocks, PDF
page lines, entity mentions, shared-passage ends, highlights with their colour and whether
their words changed) are the marks every exporter writes, by place and style key.

The reader's marks are collected while scrolling through the whole article (entity marks are
drawn near the view); each export is read back from its finished text (tests/support/
export_marks.py), not from the gather it was made from.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from desktop.core import styles
from desktop.core.entities.labels import label_title
from desktop.core.export import annotations_json, html, markdown
from desktop.core.export.bundle import build_bundle
from desktop.core.export.safety import md_escape
from desktop.core.library import Library
from desktop.core.marks import EntityMark, LinkMark, Mark, MatchMark, PageMark, coverage
from desktop.gui.export_pdf import pdf_bytes
from desktop.gui.main_window import MainWindow
from desktop.gui.tasks import SyncTaskRunner
from tests.gui.test_entities_gui import recognised
from tests.support.export_marks import Key, html_marks, json_marks, markdown_marks


def _read_through(window: MainWindow, qtbot: object) -> list[Mark]:
    """Every mark the reader drew while the article was read from top to bottom."""
    reader = window.reader
    seen = set(reader.drawn_marks())
    bar = reader.verticalScrollBar()
    for value in [*range(0, bar.maximum() + 1, max(1, bar.pageStep() // 2)), bar.maximum()]:
        bar.setValue(value)
        qtbot.wait(60)  # type: ignore[attr-defined]
        seen.update(reader.drawn_marks())
    return [m for m in seen if not isinstance(m, MatchMark)]  # a search's, not the article's


def _highlight(lib: Library, doc_id: int, quote: str, colour: str, *, changed: str = "") -> None:
    ann = lib.annotations.add_quote(lib.get_document(doc_id), quote, colour)
    if changed:  # as after a corrected version: the user had highlighted other words
        lib.annotations.restore(replace(ann, original=changed))


def _pdf_fills(data: bytes) -> set[tuple[int, ...]]:
    reader = PdfReader(io.BytesIO(data))
    fills = set()
    for page in reader.pages:
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b"scn", b"sc", b"rg") and len(operands) == 3:
                fills.add(tuple(round(float(v) * 255) for v in operands))
    return fills


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _shown(keys: Iterable[Key], blocks: list[tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Where marks are seen: on the characters of the blocks (a passage running over a
    paragraph break covers no character in the break); blocks and pages as they are."""
    out: list[Key] = []
    for style, start, end in keys:
        if style == "page" or style.startswith("block."):
            out.append((style, start, end))
        else:
            out += [(style, max(start, s), min(end, e)) for s, e in blocks if start < e and s < end]
    return coverage(out)


def _check_exports(lib: Library, doc_id: int, drawn: list[Mark]) -> None:
    doc = lib.get_document(doc_id)
    bundle = build_bundle(lib, [doc_id], "doc")
    blocks = sorted((m.start, m.end) for m in drawn if m.kind == "block")
    seen = _shown((m.key for m in drawn), blocks)
    assert any(s.startswith("highlight.") for s in seen)
    # HTML, and the HTML Qt lays out as the PDF: every mark by place and style
    assert _shown(html_marks(html.render(bundle), doc), blocks) == seen
    assert _shown(html_marks(html.render(bundle, qt=True), doc), blocks) == seen
    # W3C JSON: the marks it holds (entities, link ends, highlights), by place and style
    layers = {s: r for s, r in seen.items() if s.split(".")[0] in ("entity", "link", "highlight")}
    assert _shown(json_marks(annotations_json.render(bundle), doc), blocks) == layers
    # Markdown: what it can say (no colours in Markdown): paragraphs, highlighted words and
    # page lines by place; the entity index and the shared-passage table by name and kind
    md = markdown_marks(markdown.render(bundle), doc)
    assert coverage(("block", s, e) for s, e in md.blocks) == coverage(
        ("block", m.start, m.end) for m in drawn if m.kind == "block")
    assert coverage(("hl", s, e) for s, e in md.highlighted) == coverage(
        ("hl", m.start, m.end) for m in drawn if m.kind == "highlight")
    assert sorted(md.pages) == sorted((m.page, m.start) for m in drawn if isinstance(m, PageMark))
    names = Counter((m.label, m.entity) for m in drawn if isinstance(m, EntityMark))
    assert {label_title(label) for label, _ in names} == set(md.entities)
    for (label, name), n in names.items():
        assert (md_escape(name), str(n)) in md.entities[label_title(label)]
    links = sorted((markdown._cell(doc.text[m.start:m.end]), m.link_kind)
                   for m in drawn if isinstance(m, LinkMark))
    assert sorted(md.links) == links
    # PDF: every colour the reader's marks stand for is painted
    fills = _pdf_fills(pdf_bytes(bundle))
    for style in seen:
        kind, _, rest = style.partition(".")
        if kind == "entity":
            want = styles.tint(styles.entity_colour(rest), styles.ENTITY_TINT)
        elif kind == "link":
            want = styles.tint(styles.link_colour(rest), styles.LINK_TINT)
        elif kind == "highlight":
            want = bundle.colour(rest.split(".")[0]).rgb
        else:
            continue
        assert any(max(abs(a - b) for a, b in zip(_rgb(want), f, strict=True)) <= 1 for f in fills), style


def test_the_reader_and_every_export_show_the_same_marks(window: MainWindow, qtbot: object) -> None:
    lib = window._library
    recognised(window)  # entity mentions
    doc_id = 2  # the web rework: shares passages with the wire story
    _highlight(lib, doc_id, "Russian President Vladimir Putin and Chinese leader Xi Jinping",
               "claim")
    _highlight(lib, doc_id, "hailing their strategic ties", "check", changed="hailing their ties")
    window.open_article(doc_id)
    drawn = _read_through(window, qtbot)
    kinds = {m.style.split(".")[0] for m in drawn}
    assert {"block", "entity", "link", "highlight"} <= kinds, kinds
    assert any(m.style == "highlight.check.changed" for m in drawn)
    _check_exports(lib, doc_id, drawn)


def test_a_pdf_article_shows_and_exports_the_same_page_lines(qtbot: object, tmp_path: Path) -> None:
    from tests.support.pdfmaker import lines, make_pdf

    pages = [[*lines(72, 700, [f"Page {n}: the council voted to close the old harbour bridge.",
                               f"Engineers found corrosion in its steel frame on day {n}."])]
             for n in (1, 2, 3)]
    lib = Library.open(tmp_path / "lib")
    (result,) = lib.import_paths([make_pdf(tmp_path / "r.pdf", pages)])
    doc_id = result.doc_id or 0
    _highlight(lib, doc_id, "corrosion in its steel frame on day 2", "contradiction")
    window = MainWindow(lib, SyncTaskRunner())
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1200, 800)
    window.show()
    window.open_article(doc_id)
    drawn = _read_through(window, qtbot)
    assert sorted(m.page for m in drawn if isinstance(m, PageMark)) == [2, 3]
    _check_exports(lib, doc_id, drawn)
    lib.close()


@pytest.mark.parametrize("shading", [False])
def test_marks_switched_off_in_the_window_are_still_exported(window: MainWindow, shading: bool) -> None:
    """The View menu's switches change what the reader shows now, not what the article has:
    an export always holds every mark (so this is the one place the two may differ)."""
    window.open_article(2)
    window.reader_links.set_shading(shading)
    assert not window.reader.margin_marks("links")
    bundle = build_bundle(window._library, [2], "doc")
    assert bundle.articles[0].links
