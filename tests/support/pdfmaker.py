"""Small PDFs made in the tests with PDFium itself (no binary fixtures in the repository).

``make_pdf(pages)`` writes one page per list of :class:`T` (text at a position, PDF points,
y from the bottom) in Helvetica; ``encrypted_pdf()`` and ``damaged_pdf()`` give the bad cases.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class T:
    x: float
    y: float
    text: str
    size: float = 10.0


def make_pdf(path: Path, pages: list[list[T]], width: float = 612, height: float = 792,
             title: str = "", author: str = "") -> Path:
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    pdf = pdfium.PdfDocument.new()
    keep = []
    for items in pages:
        page = pdf.new_page(width, height)
        for t in items:
            obj = c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(t.size))
            buf = ctypes.create_string_buffer((t.text + "\0").encode("utf-16-le"))
            keep.append(buf)
            c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(c.FPDF_WCHAR)))
            c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, t.x, t.y)
            c.FPDFPage_InsertObject(page.raw, obj)
        c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    data = out.getvalue()
    if title or author:  # an Info dictionary, appended as an incremental update
        data = _with_info(data, title, author)
    path.write_bytes(data)
    return path


def _with_info(data: bytes, title: str, author: str) -> bytes:
    import re

    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    root = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    obj = (f"{size} 0 obj\n<< /Title ({title}) /Author ({author}) "
           "/CreationDate (D:20200806120000Z) >>\nendobj\n").encode("latin-1")
    off = len(data)
    xref = f"xref\n{size} 1\n{off:010d} 00000 n \n".encode()
    trailer = (f"trailer\n<< /Size {size + 1} /Root {root.decode()} /Info {size} 0 R /Prev {prev} >>\n"
               f"startxref\n{off + len(obj)}\n%%EOF\n").encode()
    return data + obj + xref + trailer


def lines(x: float, top: float, texts: list[str], size: float = 10.0, step: float = 12.0) -> list[T]:
    return [T(x, top - i * step, s, size) for i, s in enumerate(texts)]


def encrypted_pdf(path: Path) -> Path:
    """A PDF whose standard security handler wants a password we do not have."""
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        "<< /Filter /Standard /V 1 /R 2 /O <" + "11" * 32 + "> /U <" + "22" * 32 + "> /P -4 >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(body))
        body += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(body)
    body += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Encrypt 4 0 R "
             f"/ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>] >>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    path.write_bytes(body)
    return path


def damaged_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catal")
    return path
