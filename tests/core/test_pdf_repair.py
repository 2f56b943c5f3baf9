"""Repairs of a PDF's text layer (core/pdf_repair.py): ligature glyphs that a font maps to one
of their letters ("deinition", "afect", "hey"), stray broken hyphens inside a line ("bright-
colored"), the layout's spaces between the segments of a line ("DNA FASTA"), each with an exact
map back to the text PDFium read. The real files of ../shared/bench-data/pdf-real are used
when present (skipped with a message otherwise); the other cases are made here."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pytest

from desktop.core import pdf_extract
from desktop.core.ingest import read_article
from desktop.core.pdf_layout import Line, Seg
from desktop.core.pdf_repair import PageGlyphs, segment_fixes, wide_glyphs

PDF_REAL = Path(__file__).resolve().parents[3] / "shared" / "bench-data" / "pdf-real"


def _extract(*lines: Line) -> tuple[str, pdf_extract.Extracted]:
    for line in lines:
        line.finish()
        line.para = True
    source, placed, starts = pdf_extract._source([list(lines)])
    return source, pdf_extract._intermediate(source, placed, starts)


def _line(*texts: str, y: float = 700, gap: float = 3.0) -> Line:
    """One line of segments side by side, ``gap`` points apart (10 pt type)."""
    segs, x = [], 72.0
    for t in texts:
        segs.append(Seg(x, y, x + 5 * len(t), y + 10, t, 10))
        x += 5 * len(t) + gap
    return Line(segs)


def test_a_stray_broken_hyphen_inside_a_line_loses_its_space() -> None:
    # the NY Sun file: "bright" "- " "colored parakeets" are three segments of one line
    source, ex = _extract(_line("silver foxes, and bright", "- ", "colored parakeets", gap=0))
    assert "bright-colored parakeets" in ex.text
    i = ex.text.index("-colored")
    assert source[ex.offsets.to_source_start(i)] == "-"  # the hyphen is the source's own


def test_a_suspended_hyphen_and_a_capital_keep_their_space() -> None:
    _, ex = _extract(_line("pre- and post-war rules, anti- or pro-union votes"),
                     _line("the Ex- President spoke", y=680))
    assert "pre- and post-war" in ex.text and "anti- or pro-union" in ex.text
    assert "Ex- President" in ex.text


def test_words_of_two_segments_keep_the_layout_space() -> None:
    # PeerJ and Thoma: a gap between two segments is the only space ("coding DNA" "FASTA")
    _, ex = _extract(_line("protein coding DNA", "FASTA files"),
                     _line("the package", "(", "Yang, 2007", ")", "is used", y=680, gap=2))
    assert "protein coding DNA FASTA files" in ex.text
    assert "the package (Yang, 2007) is used" in ex.text


class _FakeTextPage:
    """What wide_glyphs reads of a PDFium text page: characters with boxes, fonts and sizes."""

    def __init__(self, chars: list[tuple[str, float, str]]) -> None:
        self.chars = []  # (char, x0, x1, font)
        x = 0.0
        for ch, width, font in chars:
            self.chars.append((ch, x, x + width, font))
            x += width + 0.5

    def FPDFText_CountChars(self, tp: object) -> int:
        return len(self.chars)

    def FPDFText_GetUnicode(self, tp: object, i: int) -> int:
        return ord(self.chars[i][0])

    def FPDFText_GetCharBox(self, tp: object, i: int, left: ctypes.c_double,
                            right: ctypes.c_double, bottom: ctypes.c_double,
                            top: ctypes.c_double) -> bool:
        _, x0, x1, _ = self.chars[i]
        left.value, right.value, bottom.value, top.value = x0, x1, 700.0, 707.0
        return True

    def FPDFText_GetFontInfo(self, tp: object, i: int, buf: ctypes.Array[ctypes.c_char],
                             n: int, flags: object) -> int:
        buf.value = self.chars[i][3].encode()
        return len(self.chars[i][3])

    def FPDFText_GetFontSize(self, tp: object, i: int) -> float:
        return 9.0


WIDTHS = {"f": 2.9, "i": 2.1, "l": 2.1, "h": 4.8, "T": 5.6}


def _word(word: str, font: str = "Times",
          wide: dict[int, float] | None = None) -> list[tuple[str, float, str]]:
    return [(c, (wide or {}).get(k, WIDTHS.get(c, 4.0)), font) for k, c in enumerate(word)]


def test_a_ligature_glyph_is_found_by_its_width_and_named_by_its_letters() -> None:
    common = _word("fifth lift filth Tiff hill fill fit The This") * 2
    page = _FakeTextPage([*common,
                          *_word("deinition", wide={2: 5.0}),  # "fi" drawn, "i" mapped
                          *_word("afect", wide={1: 5.8}),  # "ff" drawn, "f" mapped
                          *_word("hey", wide={0: 10.4}),  # "Th" drawn, "h" mapped
                          *_word("bold", "Times-Bold"), *_word("it", wide={0: 2.6})])  # bolder i
    found = wide_glyphs(None, page)
    assert sorted((g.letter, g.ligature) for g in found.glyphs) == [("f", "ff"), ("h", "Th"),
                                                                       ("i", "fi")]


def test_a_glyph_of_an_unmeasured_font_or_without_a_close_ligature_is_left_alone() -> None:
    rare = _FakeTextPage([*_word("iiiiii"), *_word("x", wide={0: 4.0}), *_word("i", wide={0: 4.0})])
    assert wide_glyphs(None, rare).glyphs == []  # no "f" measured in that font: no guess
    far = _FakeTextPage([*_word("fifififi fff"), *_word("i", wide={0: 11.0})])
    assert wide_glyphs(None, far).glyphs == []  # neither fi (5.0) nor ffi (7.9) is near 11


def test_the_repaired_letters_map_to_the_glyph_they_come_from() -> None:
    # which "i" of a segment the glyph is: the second "i" from the left of "deinition"
    from desktop.core.pdf_repair import Glyph

    text = "the deinition of"
    box = (72.0, 700.0, 72.0 + 5 * len(text), 710.0)
    centres = [(72.0 + 5 * m.start() + 2.5, 705.0) for m in re.finditer("i", text)]
    page = PageGlyphs([Glyph(centres[0][0], 705.0, "i", "fi")], {"i": centres})
    fixes = segment_fixes(box, text, page)
    assert fixes == [(text.index("i"), "fi")]
    seg = Seg(*box, text, 10, fixes=fixes)
    source, ex = _extract(Line([seg]))
    assert ex.text == "the definition of"
    i = ex.text.index("fi")
    assert ex.offsets.span_to_source(i, i + 2) == (source.index("i"), source.index("i") + 1)
    # PDFium's own split of a well-mapped "ﬁ" (an "f", then a wide "i") is not doubled
    assert segment_fixes(box, "the final", PageGlyphs(
        [Glyph(72.0 + 5 * 5 + 2.5, 705.0, "i", "fi")], {"i": [(72.0 + 5 * 5 + 2.5, 705.0)]})) == []


def _real(name: str) -> Path:
    path = PDF_REAL / name
    if not path.exists():
        pytest.skip(f"{PDF_REAL} is not here (the shared bench data): real-PDF check skipped")
    return path


def test_the_mmwr_ligatures_without_a_mapping_come_back() -> None:
    art = read_article(_real("cdc-mmwr-2011-unhealthy-housing.pdf"))
    words = re.findall(r"[A-Za-z]+", art.clean.text)
    assert "afect" not in words and "hey" not in words and "efect" not in words
    assert words.count("affect") >= 3 and "They" in words and "effect" in words
    assert "afect" in art.source_text  # the source keeps what the PDF says


def test_the_ny_sun_stray_hyphen_and_peerj_segment_spaces() -> None:
    sun = read_article(_real("ny-sun-1877-man-without-a-body.pdf"))
    assert "bright-colored parakeets" in sun.clean.text
    peerj = read_article(_real("peerj-cs-2017-vespa.pdf"))
    assert "DNAFASTA" not in peerj.clean.text and "Walsh1and" not in peerj.clean.text
