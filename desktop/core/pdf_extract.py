"""PDF (with a text layer) -> source text + article text with an exact map (PDFium).

The **source text** is what Parallax read from the PDF: every page's lines in reading order
(pdf_layout.py), a blank line before each paragraph, pages separated by a form feed on its own
line (``"\\n\\f\\n"``), running heads, page numbers, footnote markers and margin text included.
That is what offsets point into, what the reader's "source as read" view shows, and where the
page of any character comes from (the number of form feeds before it, plus one).

The **intermediate text** handed to :func:`desktop.core.text.clean` leaves out running heads,
page numbers, margin text and superscript footnote markers, expands ligatures (ﬁ -> fi), and
joins a paragraph that goes on across a page break; clean() then repairs hard wraps and
hyphen breaks exactly as it does for the wire sample. PDFium marks a hyphen it found at a line
end with U+FFFE (U+0002 in bounded text): the source text shows it as the hyphen it is.

Refused with one line, nothing stored: encrypted, damaged, too many pages, and PDFs without a
text layer (scans: Parallax does not run OCR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.core.datelines import HEAD_LINES, printed_date
from desktop.core.errors import IngestError
from desktop.core.html_extract import Extracted
from desktop.core.model import Metadata
from desktop.core.offsets import OffsetMapBuilder
from desktop.core.pdf_layout import Line, Seg, headline, join_titles, mark_running_heads, order_page
from desktop.core.pdf_repair import (
    join_space,
    line_edits,
    segment_edits,
    segment_fixes,
    wide_glyphs,
)

MAX_PAGES = 2000
MAX_TEXT = 10 * 1024 * 1024
MIN_WORDS = 10
PAGE_BREAK = "\n\f\n"
_SENT_END = re.compile(r"[.!?:;\"”’)\]]$")
# Title properties that name no article: a word processor's default, a file name, a web
# address (a browser's print), or no word at all (a number, a job code).
_JUNK_TITLE = re.compile(
    r"(?i)^(untitled|microsoft word|document\d*$|https?://|www\.)|\.(docx?|pdf|indd|qxd|tex|dvi)$")
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class _Placed:
    line: Line
    start: int  # offsets of the line in the source text
    seg_spans: list[tuple[int, int, bool]]  # per segment: start, end, superscript


def _seg_text(raw: str) -> str:
    text = raw.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return text.replace("\ufffe", "-").replace("\x02", "-")


def _open(path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("the PDF is encrypted (password-protected); Parallax cannot read it") from None
        raise IngestError("the PDF is damaged or not a PDF; Parallax cannot read it") from None


def _segments(page: Any) -> list[Seg]:
    import pypdfium2.raw as pdfium_c

    tp = page.get_textpage()
    box = pdfium_c.FS_RECTF()
    try:
        glyphs = wide_glyphs(tp.raw, pdfium_c)
        out = []
        for i in range(tp.count_rects()):
            x0, y0, x1, y1 = tp.get_rect(i)
            text = _seg_text(tp.get_text_bounded(x0, y0, x1, y1))
            if not text.strip():
                continue
            size = _size(tp, pdfium_c, x0, y0, x1, y1, box)
            text = text.rstrip(" ") + (" " if text.endswith(" ") else "")
            fixes = segment_fixes((x0, y0, x1, y1), text, glyphs) if glyphs.glyphs else []
            out.append(Seg(x0, y0, x1, y1, text, size, fixes=fixes))
        return out
    finally:
        tp.close()


def _size(tp: Any, pdfium_c: Any, x0: float, y0: float, x1: float, y1: float, box: Any) -> float:
    """The font size of a segment: the height of its first character's *loose* box (from the
    font's ascent and descent, so the same for "a" and "H" and right when the text matrix
    scales a 1 pt font); 0 when PDFium cannot tell."""
    idx = tp.get_index(x0 + min(1.0, (x1 - x0) / 2), (y0 + y1) / 2, 2, 2)
    if idx is None or idx < 0 or not pdfium_c.FPDFText_GetLooseCharBox(tp.raw, idx, box):
        return 0.0
    return float(box.top - box.bottom)


def _pdf_date(raw: str) -> str:
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", raw or "")
    if not m:
        return ""
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _head(first_page: list[Line]) -> list[list[str]]:
    """The first page's first lines (running heads included), as blocks of lines."""
    blocks: list[list[str]] = []
    for line in first_page[:HEAD_LINES]:
        text = "".join((" " if space else "") + seg.text
                       for seg, space in zip(line.segs, line.joins, strict=True))
        if line.para or not blocks:
            blocks.append([])
        blocks[-1].append(text)
    return blocks


def _metadata(pdf: Any, first_page: list[Line]) -> Metadata:
    """The document's properties; its title, when the Title property names nothing, is the
    first page's headline (its largest type: pdf_layout.headline); its date is the one the
    first page prints at its top (datelines.py), else the file's CreationDate."""
    try:
        info = pdf.get_metadata_dict()
    except Exception:
        info = {}
    title = " ".join(str(info.get("Title", "")).split())
    if _JUNK_TITLE.search(title) or not _WORD.search(title):
        title = headline(first_page)
    return Metadata(title=title, author=" ".join(str(info.get("Author", "")).split()),
                    date=printed_date(_head(first_page))
                    or _pdf_date(str(info.get("CreationDate", ""))))


def read_pages(path: Path) -> tuple[list[list[Line]], Metadata]:
    pdf = _open(path)
    try:
        n = len(pdf)
        if n > MAX_PAGES:
            raise IngestError(f"the PDF has {n:,} pages; Parallax imports at most {MAX_PAGES:,}")
        pages: list[list[Line]] = []
        heights: list[float] = []
        for k in range(n):
            page = pdf[k]
            try:
                heights.append(page.get_size()[1])
                pages.append(order_page(_segments(page)))
            finally:
                page.close()
        mark_running_heads(pages, heights)
        join_titles(pages)
        return pages, _metadata(pdf, pages[0] if pages else [])
    finally:
        pdf.close()


def _source(pages: list[list[Line]]) -> tuple[str, list[_Placed], list[int]]:
    """The source text, where each line stands in it, and where each page starts."""
    parts: list[str] = []
    n = 0
    placed: list[_Placed] = []
    page_starts: list[int] = []
    for k, lines in enumerate(pages):
        if k:
            parts.append(PAGE_BREAK)
            n += len(PAGE_BREAK)
        page_starts.append(n)
        for i, line in enumerate(lines):
            if i:
                sep = "\n\n" if line.para else "\n"
                parts.append(sep)
                n += len(sep)
            spans = []
            start = n
            for seg, space in zip(line.segs, line.joins, strict=True):
                if space:
                    parts.append(" ")
                    n += 1
                spans.append((n, n + len(seg.text), seg.superscript))
                parts.append(seg.text)
                n += len(seg.text)
            placed.append(_Placed(line, start, spans))
    return "".join(parts), placed, page_starts


def _goes_on(prev: str, nxt: str) -> bool:
    """Does a paragraph go on from the last line of one page to the first of the next?"""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    return bool(prev and nxt) and (prev.endswith("-") or (not _SENT_END.search(prev) and nxt[0].islower()))


def _intermediate(source: str, placed: list[_Placed], page_starts: list[int]) -> Extracted:
    b = OffsetMapBuilder()
    out: list[str] = []
    n = 0
    prev_end = -1
    prev_text = ""
    prev_page = 0
    page = 0
    for p in placed:
        while page + 1 < len(page_starts) and p.start >= page_starts[page + 1]:
            page += 1
        if p.line.drop:
            continue
        text = "".join(source[s:e] for s, e, sup in p.seg_spans if not sup)
        if not text.strip():
            continue
        if prev_end >= 0:
            if page != prev_page:
                sep = "\n" if _goes_on(prev_text, text) else "\n\n"
            else:
                sep = "\n\n" if p.line.para else "\n"
            first = p.seg_spans[0][0]
            b.replace(prev_end, first - prev_end, len(sep))
            out.append(sep)
            n += len(sep)
        edits = line_edits(source, p.seg_spans[0][0], p.seg_spans[-1][1])
        last = ""  # the line's text so far (for the spaces between its segments)
        space = -1  # where the layout put a space since the last segment kept
        for (s, e, sup), seg, joined in zip(p.seg_spans, p.line.segs, p.line.joins, strict=True):
            if joined and s > 0 and source[s - 1] == " ":
                space = s - 1
            if sup:
                continue
            if last and space >= 0 and join_space(last, source[s:e]) \
                    and (space, space + 1, "") not in edits:
                b.copy(space, 1)
                out.append(" ")
                n += 1
            space = -1
            pos = s
            for a, z, value in segment_edits(source, s, e, seg.fixes, edits):
                if a > pos:
                    b.copy(pos, a - pos)
                    out.append(source[pos:a])
                    n += a - pos
                b.replace(a, z - a, len(value))
                out.append(value)
                n += len(value)
                pos = z
            if e > pos:
                b.copy(pos, e - pos)
                out.append(source[pos:e])
                n += e - pos
            last = source[s:e]
        prev_end = p.seg_spans[-1][1]
        prev_text, prev_page = text, page
    return Extracted(text="".join(out), offsets=b.build(len(source)), hints=(), meta=Metadata())


def extract_pdf(path: Path) -> tuple[str, Extracted]:
    """(source text, intermediate text mapped into it, with the PDF's metadata)."""
    pages, meta = read_pages(path)
    source, placed, page_starts = _source(pages)
    if len(source) > MAX_TEXT:
        raise IngestError(f"the PDF holds {len(source) / 1024 / 1024:.1f} MB of text; "
                          f"the limit for one article is {MAX_TEXT // 1024 // 1024} MB")
    if len(source.split()) < MIN_WORDS:
        raise IngestError("the PDF has no text layer (scanned pages?); Parallax does not read "
                          "text from images (no OCR)")
    ex = _intermediate(source, placed, page_starts)
    return source, Extracted(ex.text, ex.offsets, ex.hints, meta)


def page_of(source: str, offset: int) -> int:
    """The 1-based page of the source character at ``offset`` (pages split at form feeds)."""
    return source.count("\f", 0, max(0, offset)) + 1


def page_label(fmt: str, source: str, offset: int) -> str:
    """" (p. 3)" for a character of a PDF, "" for other formats: how exports cite a page."""
    return f" (p. {page_of(source, offset)})" if fmt == "pdf" else ""
