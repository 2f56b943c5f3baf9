"""decode(): encodings that are accepted and binaries that are refused, with their messages."""

from __future__ import annotations

import codecs

import pytest

from desktop.core.decode import decode
from desktop.core.errors import IngestError


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Hello – world\r\n".encode(), "Hello – world\r\n"),
        (codecs.BOM_UTF8 + "café".encode(), "café"),
        (codecs.BOM_UTF16_LE + "naïve text".encode("utf-16-le"), "naïve text"),
        (codecs.BOM_UTF16_BE + "naïve text".encode("utf-16-be"), "naïve text"),
        (codecs.BOM_UTF32_LE + "wide".encode("utf-32-le"), "wide"),
        ("plain UTF-16 without a mark".encode("utf-16-le"), "plain UTF-16 without a mark"),
        ("plain UTF-16 without a mark".encode("utf-16-be"), "plain UTF-16 without a mark"),
        ("café au lait".encode("latin-1"), "café au lait"),
        ("“curly” quotes — and dashes".encode("cp1252"), "“curly” quotes — and dashes"),
    ],
)
def test_accepted(data: bytes, text: str) -> None:
    assert decode(data) == text


def test_html_meta_charset_is_honoured() -> None:
    data = '<html><meta charset="koi8-r"><p>Привет</p></html>'.encode("koi8_r")
    assert "Привет" in decode(data, "page.html")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (codecs.BOM_UTF8 + b"\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (looks like a PNG image)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not a text file (looks like a JPEG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "the file is a PDF; give it a .pdf name to import it"),
        (
            b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
            "not a text file (looks like a Word document (.docx))",
        ),
        (b"\x7fELF\x02\x01\x01", "not a text file (looks like a program (ELF executable))"),
        (b"some text\x00\x01\x02\x03 with NULs \x00\x00\xff", "not a text file (contains binary data)"),
        (
            bytes(range(0x80, 0xA0)) * 4 + b"\x01\x02\x03\x04\x05\x06",
            "cannot decode: not UTF-8, UTF-16 or an encoding Parallax recognises; save the file as UTF-8",
        ),
        (
            codecs.BOM_UTF16_LE + b"\x00\xd8",
            "cannot decode: the file starts with a UTF-16 byte-order mark but is not valid UTF-16",
        ),
    ],
)
def test_refused(data: bytes, message: str) -> None:
    with pytest.raises(IngestError) as info:
        decode(data)
    assert str(info.value) == message
    assert "\n" not in str(info.value)
