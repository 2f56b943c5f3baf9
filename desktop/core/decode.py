"""Bytes -> text for article files, refusing binaries with a message a person can act on.

Order of the checks:

1. nothing (or only whitespace) -> "empty file";
2. a byte-order mark (UTF-32, UTF-8, UTF-16) decides the encoding; the BOM is not part of the text;
3. magic numbers of common binary formats (images, PDF, archives, Office files, programs...);
4. UTF-32 / UTF-16 without a BOM when the pattern of NUL bytes clearly says so;
5. other NUL bytes -> binary;
6. strict UTF-8;
7. for HTML, the ``<meta charset>`` / ``http-equiv`` declaration;
8. a legacy encoding (decode_legacy.py): cp1252 for Western text, else charset-normalizer's
   choice when it is clear; an ambiguous or garbled guess is refused, never taken.

Every decoded result must also look like text (few control characters).
"""

from __future__ import annotations

import codecs
import re

from desktop.core.decode_legacy import CANNOT_DECODE, decode_legacy
from desktop.core.errors import IngestError

BINARY = "not a text file (contains binary data)"

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# (magic bytes, offset, what it looks like)
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"II*\x00", 0, "a TIFF image"),
    (b"MM\x00*", 0, "a TIFF image"),
    (b"\x00\x00\x01\x00", 0, "an icon image"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Microsoft Office document"),
    (b"\x7fELF", 0, "a program (ELF executable)"),
    (b"\xcf\xfa\xed\xfe", 0, "a program (Mach-O executable)"),
    (b"\xca\xfe\xba\xbe", 0, "a program or Java class file"),
    (b"\x00asm", 0, "a WebAssembly module"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"OggS", 0, "an Ogg audio/video file"),
    (b"fLaC", 0, "a FLAC audio file"),
    (b"ftyp", 4, "an MP4/MOV video or audio file"),
    (b"\x1a\x45\xdf\xa3", 0, "a Matroska/WebM video"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
    (b"\x00\x01\x00\x00\x00", 0, "a font file"),
)

_ZIP_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel spreadsheet (.xlsx)"),
    (b"ppt/", "a PowerPoint presentation (.pptx)"),
    (b"application/epub+zip", "an EPUB e-book"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# control characters that do not occur in text (ESC does: ANSI colour codes in a saved log)
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _refuse_binary(data: bytes) -> None:
    if data.startswith(b"%PDF-"):
        raise IngestError("the file is a PDF; give it a .pdf name to import it")
    if data.startswith(b"{\\rtf"):
        raise IngestError("RTF documents are not supported yet; save the article as plain text")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        head = data[:4096]
        kind = next((k for sig, k in _ZIP_KINDS if sig in head), "a ZIP archive")
        raise IngestError(f"not a text file (looks like {kind})")
    for magic, off, kind in _MAGIC:
        if data[off : off + len(magic)] == magic:
            raise IngestError(f"not a text file (looks like {kind})")
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        riff = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
        raise IngestError(f"not a text file (looks like {riff[data[8:12]]})")
    if data.startswith((b"MZ", b"ID3", b"BM")) and b"\x00" in data[:1024]:
        kind2 = {b"MZ": "a Windows program", b"ID": "an MP3 audio file", b"BM": "a BMP image"}
        raise IngestError(f"not a text file (looks like {kind2[data[:2]]})")


def _nul_encoding(data: bytes) -> str | None:
    """UTF-32/16 without a BOM, when the NUL bytes fall in the telltale places."""
    sample = data[:8192]
    n = len(sample)
    if n < 4 or b"\x00" not in sample:
        return None
    if n % 4 == 0 or len(data) % 4 == 0:
        quads = n // 4
        lanes = [sum(1 for i in range(k, quads * 4, 4) if sample[i] == 0) for k in range(4)]
        if quads and lanes[1] == lanes[2] == lanes[3] == quads and lanes[0] < quads:
            return "utf-32-le"
        if quads and lanes[0] == lanes[1] == lanes[2] == quads and lanes[3] < quads:
            return "utf-32-be"
    pairs = n // 2
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def looks_like_text(text: str) -> bool:
    """Few control characters (C0 other than whitespace/ESC, DEL, C1)."""
    bad = len(_BAD_CONTROLS.findall(text))
    return bad <= max(2, len(text) // 100)


def _html_charset(data: bytes, name: str) -> str | None:
    head = data[:8192]
    is_html = name.lower().endswith((".html", ".htm")) or head.lstrip()[:1] == b"<"
    if not is_html:
        return None
    m = _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # the declaration was readable as ASCII, so it cannot be true
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # what browsers do
    return codec


def _check_text(text: str, message: str = BINARY) -> str:
    if not text.strip():
        raise IngestError("empty file")
    if not looks_like_text(text):
        raise IngestError(message)
    return text


def decode(data: bytes, name: str = "") -> str:
    """Decode an article file's bytes; raise :class:`IngestError` with a one-line reason."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise IngestError(
                    f"cannot decode: the file starts with a {label} byte-order mark but is not valid {label}"
                ) from None
            return _check_text(text)
    _refuse_binary(data)
    wide = _nul_encoding(data)
    if wide is not None:
        try:
            return _check_text(data.decode(wide))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError(BINARY)
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    declared = _html_charset(data, name)
    if declared is not None:
        try:
            return _check_text(data.decode(declared), CANNOT_DECODE)
        except (UnicodeDecodeError, LookupError):
            pass
    return _check_text(decode_legacy(data), CANNOT_DECODE)
