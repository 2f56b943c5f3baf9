"""The PDF export is a valid PDF: every page's content stream parses and every colour operator
has its values (Qt wrote a bare ``scn`` for CSS colours it reads as invalid: 358 syntax errors
on one article), and the text is there. Checked with pypdf's parser."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from desktop.core.export.bundle import build_bundle
from desktop.core.library import Library
from desktop.gui.export_pdf import pdf_bytes

COLOUR_OPS = {b"sc": 1, b"scn": 1, b"SC": 1, b"SCN": 1, b"rg": 3, b"RG": 3, b"g": 1, b"G": 1,
              b"k": 4, b"K": 4}


def _check(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) >= 1
    text = []
    for page in reader.pages:
        contents = page.get_contents()
        assert contents is not None
        ops = ContentStream(contents, reader).operations
        bad = [(operands, op) for operands, op in ops
               if op in COLOUR_OPS and len(operands) < COLOUR_OPS[op]]
        assert bad == [], f"colour operators without values: {bad[:3]}"
        text.append(page.extract_text())
    return "\n".join(text)


@pytest.mark.parametrize("scope,ids", [("doc", [1]), ("pair", [1, 2])])
def test_the_pdf_export_is_a_valid_pdf(qapp: object, sample_library: Library, scope: str,
                                       ids: list[int]) -> None:
    lib = sample_library
    lib.analyse_pending(recognise=False)  # shared passages are drawn too
    doc = lib.get_document(1)
    lib.annotations.add_quote(doc, "The meeting was part of Xi's first trip", "claim", "a note")
    text = _check(pdf_bytes(build_bundle(lib, ids, scope)))
    assert "Samarkand" in text
