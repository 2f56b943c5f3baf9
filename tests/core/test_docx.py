"""Word .docx import: paragraphs, headings, lists, tables and footnotes as their own blocks,
title/author/date from the document properties, bad files refused with one line, and the
map from clean text to the text read (documents made in the tests with python-docx)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.errors import IngestError
from desktop.core.ingest import read_article
from desktop.core.model import BlockKind

FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>City digest, 2019 edition, page 12.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _story(path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "Harbour bridge to close"
    d.core_properties.author = "Jane Doe"
    d.core_properties.created = datetime(2022, 9, 15, 10, 0)
    d.add_heading("Harbour bridge to close", 0)
    d.add_paragraph("The council voted on Tuesday to close the old harbour bridge to traffic.")
    d.add_heading("What happens next", 1)
    d.add_paragraph("A ferry will run every twenty minutes.", style="List Bullet")
    d.add_paragraph("The new bridge opens in 2027.", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "France", "Kylian Mbappé"
    t.cell(1, 0).text, t.cell(1, 1).text = "Argentina", "Lionel Messi"
    p = d.add_paragraph("Shops fear fewer visitors,")
    p.add_run().add_break()
    p.add_run("the owners said.")
    d.save(str(path))
    return path


def _with_footnotes(path: Path) -> Path:
    out = path.with_name("fn-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes'
                                    b'+xml"/></Types>')
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", FOOTNOTES)
    return out


def test_blocks_and_kinds(tmp_path: Path) -> None:
    art = read_article(_story(tmp_path / "story.docx"))
    blocks = [(art.clean.text[b.start:b.end], b.label) for b in art.clean.blocks]
    assert art.fmt == "docx"
    assert blocks[0] == ("Harbour bridge to close", BlockKind.HEADLINE)
    assert ("What happens next", BlockKind.SUBHEADING) in blocks
    assert ("A ferry will run every twenty minutes.", BlockKind.LINE) in blocks
    assert ("The new bridge opens in 2027.", BlockKind.LINE) in blocks
    assert ("France Kylian Mbappé", BlockKind.LINE) in blocks
    assert ("Shops fear fewer visitors, the owners said.", BlockKind.PARAGRAPH) in blocks


def test_properties_give_title_author_date(tmp_path: Path) -> None:
    art = read_article(_story(tmp_path / "story.docx"))
    assert (art.meta.title, art.meta.author, art.meta.date, art.meta.source) == (
        "Harbour bridge to close", "Jane Doe", "2022-09-15", "")


def test_footnotes_are_blocks_at_the_end(tmp_path: Path) -> None:
    art = read_article(_with_footnotes(_story(tmp_path / "story.docx")))
    last = art.clean.blocks[-1]
    assert art.clean.text[last.start:last.end] == "[1] City digest, 2019 edition, page 12."


def _refusal(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert "\n" not in str(info.value)
    return str(info.value)


def test_password_protected_and_damaged_files_are_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "password-protected" in _refusal(locked)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert _refusal(broken) == "the Word file is damaged or not a .docx; Parallax cannot read it"
    odt = tmp_path / "notes.odt"
    odt.write_bytes(b"PK\x03\x04")
    assert _refusal(odt) == ".odt documents are not read; save the article as .docx or .txt"


def test_an_empty_document_is_refused(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Draft")
    d.save(str(tmp_path / "empty.docx"))
    assert "word" in _refusal(tmp_path / "empty.docx")


_TEXT = st.lists(st.sampled_from(["bridge", "Council", "  ", "inter-", "national", "ﬁne", "“quoted”", "é",
                                  "\t", "x", "7", "-", "well-known"]), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_TEXT, st.sampled_from(["Normal", "Heading 1", "List Bullet", "Title"])),
                min_size=3, max_size=10))
def test_every_clean_character_maps_back_into_the_text_read(tmp_path: Path,
                                                           paras: list[tuple[str, str]]) -> None:
    d = docx.Document()
    for text, style in paras:
        d.add_paragraph(text, style=style)
    p = tmp_path / "h.docx"
    d.save(str(p))
    try:
        art = read_article(p)
    except IngestError:
        return  # too few words
    for i, ch in enumerate(art.clean.text):
        s, e = art.clean.offsets.span_to_source(i, i + 1)
        if not ch.isspace():
            assert art.source_text[s:e] == ch
