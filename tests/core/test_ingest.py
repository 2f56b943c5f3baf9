"""read_article() and iter_article_files(): formats, titles, hashes, errors, folder walking."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from desktop.core.errors import IngestError
from desktop.core.ingest import (
    MAX_BYTES,
    SUPPORTED,
    Ingested,
    content_hash,
    iter_article_files,
    read_article,
)
from desktop.core.markdown_extract import extract_markdown
from desktop.core.model import BlockKind

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
WIRE = SAMPLES / "000_a135feee11866434.txt"
WEB = SAMPLES / "004_ff43710717d6965c.txt"


def _error(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message and "Error" not in message and "Traceback" not in message
    return message


# -- plain text ------------------------------------------------------------------------------
@pytest.mark.parametrize("sample", [WIRE, WEB])
def test_samples(sample: Path) -> None:
    art = read_article(sample)
    assert isinstance(art, Ingested)
    assert art.fmt == "txt"
    assert art.path == str(sample.absolute())
    assert art.source_text == sample.read_bytes().decode("utf-8")
    assert art.clean.text.strip()
    assert art.meta.title and len(art.meta.title) <= 90
    assert re.fullmatch(r"[0-9a-f]{64}", art.content_hash)
    assert read_article(sample).content_hash == art.content_hash
    assert art.content_hash == content_hash(art.clean.text)
    assert art.clean.offsets.src_len == len(art.source_text)


def test_web_sample_title_is_its_first_line() -> None:
    first = WEB.read_text(encoding="utf-8").splitlines()[0].strip()
    assert read_article(WEB).meta.title == first


def test_crlf_copy_has_the_same_hash(tmp_path: Path) -> None:
    for sample in (WIRE, WEB):
        text = sample.read_text(encoding="utf-8")
        crlf = tmp_path / sample.name
        crlf.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
        art = read_article(crlf)
        assert "\r\n" in art.source_text  # newlines untouched
        assert art.content_hash == read_article(sample).content_hash


def test_long_first_sentence_is_cut_at_a_word(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(("word " * 40).strip() + ". Second sentence.\n", encoding="utf-8")
    title = read_article(p).meta.title
    assert title.endswith("…") and len(title) <= 90 and title[:-1].endswith("word")


def test_txt_header(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Source: Daily Planet\nDate: 15 September 2022\n\nBody text here.\n")
    meta = read_article(p).meta
    assert meta.source == "Daily Planet" and meta.date == "2022-09-15"


def test_latin1_text_file(tmp_path: Path) -> None:
    p = tmp_path / "cafe.text"
    p.write_bytes("Un café à Paris.\n".encode("latin-1"))
    assert read_article(p).clean.text == "Un café à Paris."


# -- markdown --------------------------------------------------------------------------------
MD = """---
title: "Putin and Xi meet"
outlet: Daily Planet
date: 2022-09-15
url: https://example.com/x
---
# Putin and Xi hail *great power* ties

Russian President **Vladimir Putin** met [Xi Jinping](https://x.com/xi) in
Samarkand on `Thursday`. ![a photo](photo.jpg)

## The talks
The meeting was a snake_case _emphasis_ part.
"""


def test_markdown(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_text(MD, encoding="utf-8")
    art = read_article(p)
    assert art.fmt == "md"
    text = art.clean.text
    assert art.meta.title == "Putin and Xi meet"
    assert art.meta.source == "Daily Planet"
    assert art.meta.date == "2022-09-15"
    assert art.meta.url == "https://example.com/x"
    for gone in ("---", "outlet", "#", "*", "`", "](", "photo.jpg", "a photo", "_emphasis_"):
        assert gone not in text
    assert "snake_case" in text
    assert "Putin and Xi hail great power ties" in text
    assert "met Xi Jinping in" in text
    # every clean character but whitespace (which may stand for dropped markup) maps back
    # onto the same character of the source
    m = art.clean.offsets
    for i, ch in enumerate(text):
        s, e = m.span_to_source(i, i + 1)
        if not ch.isspace():
            assert art.source_text[s:e] == ch, (i, ch)
    # a word maps back exactly
    i = text.index("Vladimir Putin")
    s, e = m.span_to_source(i, i + len("Vladimir Putin"))
    assert art.source_text[s:e] == "Vladimir Putin"


def test_markdown_hints() -> None:
    ex = extract_markdown(MD)
    kinds = [(ex.text[s:e], k) for s, e, k in ex.hints]
    assert kinds == [
        ("Putin and Xi hail great power ties", BlockKind.HEADLINE),
        ("The talks", BlockKind.SUBHEADING),
    ]
    assert "\n\nThe meeting was" in ex.text  # a heading is its own paragraph


def test_markdown_crlf(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_bytes(MD.replace("\n", "\r\n").encode("utf-8"))
    q = tmp_path / "story2.md"
    q.write_text(MD, encoding="utf-8")
    assert read_article(p).content_hash == read_article(q).content_hash
    assert read_article(p).meta.title == "Putin and Xi meet"


# -- errors ----------------------------------------------------------------------------------
def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.txt") == "no such file or folder"


def test_too_large(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    assert _error(p) == "file is 20.0 MB; the limit for one article is 10 MB"
    assert MAX_BYTES == 10 * 1024 * 1024


def test_unsupported_and_pdf(tmp_path: Path) -> None:
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK\x03\x04")
    assert _error(docx) == "the Word file is damaged or not a .docx; Parallax cannot read it"
    xls = tmp_path / "a.xlsx"
    xls.write_bytes(b"PK\x03\x04")
    assert _error(xls) == "unsupported file type .xlsx (Parallax reads .txt, .md, .html, .pdf, .docx)"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert _error(pdf) == "the PDF is damaged or not a PDF; Parallax cannot read it"
    renamed = tmp_path / "a.txt"
    renamed.write_bytes(b"%PDF-1.4\n%\xe2\xe3")
    assert _error(renamed) == "the file is a PDF; give it a .pdf name to import it"


def test_binary_with_text_extension(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert _error(p) == "not a text file (looks like a PNG image)"
    e = tmp_path / "empty.md"
    e.write_bytes(b"")
    assert _error(e) == "empty file"


def test_directory_and_permission(tmp_path: Path) -> None:
    d = tmp_path / "folder.txt"
    d.mkdir()
    assert _error(d) == "is a directory"
    p = tmp_path / "locked.txt"
    p.write_text("secret")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):  # running as root
            pytest.skip("permissions are not enforced for this user")
        assert _error(p) == "permission denied"
    finally:
        p.chmod(0o644)


def test_supported_table() -> None:
    assert SUPPORTED[".htm"] == "html" and SUPPORTED[".markdown"] == "md"


# -- folders ---------------------------------------------------------------------------------
def test_iter_article_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden_dir").mkdir()
    (root / "b.txt").write_text("b")
    (root / "a.md").write_text("a")
    (root / "c.png").write_bytes(b"\x89PNG")
    (root / ".hidden.txt").write_text("h")
    (root / ".hidden_dir" / "x.txt").write_text("x")
    (root / "sub" / "d.HTML").write_text("<p>d</p>")
    (root / "sub" / "README").write_text("r")
    explicit = tmp_path / "notes.docx"
    explicit.write_bytes(b"PK")
    missing = tmp_path / "missing"
    got = list(iter_article_files([root, explicit, missing]))
    assert got == [
        (root / "a.md", None),
        (root / "b.txt", None),
        (root / "c.png", "skipped: not an article (.png)"),
        (root / "sub" / "README", "skipped: not an article (no extension)"),
        (root / "sub" / "d.HTML", None),
        (explicit, None),
        (missing, "no such file or folder"),
    ]
