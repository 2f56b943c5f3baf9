"""Word .docx -> source text + article text (python-docx).

The **source text** is the document's text as read: every paragraph of the body in order
(tables row by row, cells separated by a tab), a blank line between paragraphs, a line break
inside a paragraph where the author put one, then the footnotes, each as ``[n] text``. The
article text *is* that text (an identity map), with block hints: the ``Title`` style is the
headline (else the first ``Heading 1``), ``Heading`` styles are subheadings, list paragraphs
(bulleted or numbered) and table rows are lines of their own. Title, author and date come from
the document properties. A .docx protected by a password is an encrypted OLE file, not a
ZIP: refused with one line, as is a damaged file. OpenDocument (.odt) is not read: no
well-kept library covers it (odfpy's last release is from 2020); the refusal says so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop.core.datelines import text_date
from desktop.core.errors import IngestError
from desktop.core.html_extract import Extracted, Hint
from desktop.core.model import BlockKind, Metadata
from desktop.core.offsets import OffsetMap

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING = re.compile(r"(?i)^heading\s*(\d)")


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE:
        raise IngestError("the Word file is password-protected (or an old .doc); save it as an "
                          "unprotected .docx to import it")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, OSError) and "zip" not in str(exc).lower():
            raise IngestError(f"cannot read the Word file ({exc.strerror or exc})") from None
        raise IngestError("the Word file is damaged or not a .docx; Parallax cannot read it") from None
    except Exception as exc:  # zipfile.BadZipFile, lxml errors in a broken part
        raise IngestError("the Word file is damaged or not a .docx; Parallax cannot read it") from exc


def _kind(style: str, numbered: bool, in_table: bool) -> BlockKind | None:
    if in_table or numbered or style.lower().startswith("list"):
        return BlockKind.LINE
    if style.lower() == "title":
        return BlockKind.HEADLINE
    m = _HEADING.match(style)
    if m:
        return BlockKind.HEADLINE if m.group(1) == "1" else BlockKind.SUBHEADING
    return None


def _paragraph_text(p: Any) -> str:
    return str(p.text).replace("\r", "\n")


def _blocks(doc: Any) -> list[tuple[str, BlockKind | None]]:
    """(text, hint) of every paragraph and table row of the body, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, BlockKind | None]] = []
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            ppr = item._p.pPr
            numbered = ppr is not None and ppr.numPr is not None
            style = item.style.name if item.style is not None else ""
            out.append((_paragraph_text(item), _kind(style or "", numbered, False)))
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                out.append(("\t".join(cells), BlockKind.LINE))
    return out


def _footnotes(doc: Any) -> list[str]:
    for part in doc.part.package.parts:
        if str(part.partname) == "/word/footnotes.xml":
            from lxml import etree

            root = etree.fromstring(part.blob)
            notes = []
            for note in root.iter(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = "".join(t.text or "" for t in note.iter(f"{_W}t")).strip()
                if text:
                    notes.append(f"[{note.get(f'{_W}id')}] {text}")
            return notes
    return []


def _metadata(doc: Any, paragraphs: list[str]) -> Metadata:
    """The document's properties; its date is the one its first paragraphs print
    (datelines.py), else its created (else modified) date."""
    props = doc.core_properties
    when = props.created or props.modified
    return Metadata(title=" ".join((props.title or "").split()),
                    author=" ".join((props.author or "").split()),
                    date=text_date(paragraphs) or (when.date().isoformat() if when is not None else ""))


def extract_docx(path: Path) -> tuple[str, Extracted]:
    """(source text, the article text mapped into it, with hints and the document's metadata)."""
    doc = _open(path)
    parts: list[str] = []
    hints: list[Hint] = []
    n = 0
    headline = False
    blocks = [(t, k) for t, k in _blocks(doc) if t.strip()]
    blocks += [(note, BlockKind.LINE) for note in _footnotes(doc)]
    for text, kind in blocks:
        if parts:
            parts.append("\n\n")
            n += 2
        if kind == BlockKind.HEADLINE:
            kind = BlockKind.SUBHEADING if headline else kind
            headline = True
        if kind is not None:
            lead = len(text) - len(text.lstrip())
            hints.append((n + lead, n + len(text.rstrip()), kind))
        parts.append(text)
        n += len(text)
    source = "".join(parts)
    return source, Extracted(text=source, offsets=OffsetMap.identity(len(source)), hints=tuple(hints),
                             meta=_metadata(doc, [text for text, _ in blocks]))
