"""Turn a file into an article: read, decode, extract (HTML / Markdown), clean, describe.

``read_article(path)`` is the one entry point for a single file; ``iter_article_files(paths)``
expands what the user dropped or named (folders recursively) into files to import and
messages for what is not imported. Every problem with the input comes out as an
:class:`~desktop.core.errors.IngestError` whose message is one readable line (the caller
prefixes the path).

The article's ``source_text`` is the decoded file, newlines untouched; its clean text maps back
into it exactly: plain text is cleaned directly, HTML and Markdown are first turned into an
intermediate text (with its own map into the markup) and the two maps are composed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core import ingest_files
from desktop.core.decode import decode
from desktop.core.errors import IngestError
from desktop.core.model import CleanText, Metadata
from desktop.core.offsets import compose
from desktop.core.text import clean

__all__ = [
    "MAX_BYTES",
    "SUPPORTED",
    "Ingested",
    "article_from_source",
    "content_hash",
    "decode",
    "display_path",
    "iter_article_files",
    "read_article",
]

if TYPE_CHECKING:
    from desktop.core.html_extract import Extracted

log = logging.getLogger(__name__)
display_path = ingest_files.display_path

SUPPORTED = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
BINARY_FORMATS = frozenset({"pdf", "docx"})  # read by a library from the file, not decoded as text
MAX_BINARY_BYTES = 200 * 1024 * 1024
MAX_BYTES = 10 * 1024 * 1024  # larger files are refused with a clear message
EXTRACTED = frozenset({"html", "pdf", "docx"})  # formats whose text is extracted from markup or layout
MIN_WORDS = 10  # an extracted text shorter than this is not an article
_MB = 1024 * 1024
_TITLE_MAX = 90


@dataclass(frozen=True)
class Ingested:
    path: str  # absolute path as given (Path.absolute(), not resolved symlinks)
    fmt: str  # "txt" | "md" | "html"
    source_text: str  # the file as read and decoded; newlines untouched
    meta: Metadata
    clean: CleanText  # offsets map clean text -> source_text
    content_hash: str  # sha256 hex of the clean text, whitespace runs collapsed to one space


def content_hash(text: str) -> str:
    """sha256 of ``text`` with every whitespace run collapsed to one space (ends stripped)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# -- reading ---------------------------------------------------------------------------------
def _unsupported(ext: str) -> IngestError:
    if ext in (".odt", ".doc", ".rtf"):
        return IngestError(f"{ext} documents are not read; save the article as .docx or .txt")
    what = f"type {ext}" if ext else "type (the name has no extension)"
    return IngestError(f"unsupported file {what} (Parallax reads .txt, .md, .html, .pdf, .docx)")


def _os_error(e: OSError) -> IngestError:
    if isinstance(e, FileNotFoundError):
        return IngestError("no such file or folder")
    if isinstance(e, PermissionError):
        return IngestError("permission denied")
    if isinstance(e, IsADirectoryError):
        return IngestError("is a directory")
    reason = (e.strerror or "input/output error").rstrip(".")
    return IngestError(f"cannot read the file: {reason[:1].lower()}{reason[1:]}")


def _size_error(size: int, limit: int = MAX_BYTES) -> IngestError:
    return IngestError(f"file is {size / _MB:.1f} MB; the limit for one article is {limit // _MB} MB")


def _check_file(path: Path, limit: int = MAX_BYTES) -> None:
    """Refuse what is missing, unreadable, not a regular file or too large."""
    try:
        st = path.stat()
    except OSError as e:
        raise _os_error(e) from None
    except ValueError:  # e.g. a NUL character in the name
        raise IngestError("not a valid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError("not a regular file")
    if st.st_size > limit:
        raise _size_error(st.st_size, limit)


def _read_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise _os_error(e) from None
    if len(data) > MAX_BYTES:
        raise _size_error(len(data))
    return data


# -- metadata helpers ------------------------------------------------------------------------
_TXT_HEADER = re.compile(
    r"^[ \t]*(title|source|outlet|publisher|date|url)[ \t]*:[ \t]*(\S.*?)\s*$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
# a word ending in "." that does not end a sentence: initials and initialisms ("U.S.", "J.",
# "A.D."), titles and common abbreviations
_ABBREV = re.compile(
    r"(?:^|(?<=[\s(\"“'‘]))(?:(?:[A-Za-z]\.){0,3}[A-Za-z]|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Capt|"
    r"Sgt|St|Mt|Jr|Sr|Inc|Corp|Ltd|Co|No|Nos|vs|etc|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|"
    r"Oct|Nov|Dec|Ave|Blvd|Rd|Dept|Univ|Fig|Vol|pp|ca)\.$"
)


def _txt_meta(text: str) -> Metadata:
    """An optional "Key: value" header in the first lines (Source:, Date:, Title:, URL:)."""
    found: dict[str, str] = {}
    for line in text.lstrip("\r\n").splitlines()[:8]:
        m = _TXT_HEADER.match(line)
        if not m:
            break
        key = m.group(1).lower()
        key = "source" if key in ("outlet", "publisher") else key
        found.setdefault(key, m.group(2))
    if not found:
        return Metadata()
    from desktop.core.html_meta import normalise_date

    return Metadata(
        title=found.get("title", ""),
        source=found.get("source", ""),
        date=normalise_date(found.get("date", "")),
        url=found.get("url", ""),
    )


def _paragraphs(ct: CleanText, n: int) -> list[str]:
    """The first ``n`` blocks of a clean text (its paragraphs when it has no blocks)."""
    return [ct.text[b.start:b.end] for b in ct.blocks[:n]] or ct.text.split("\n\n", n)[:n]


def fallback_title(ct: CleanText) -> str:
    """The first sentence of the first block, cut at a word boundary to <= 90 characters; a
    first block that is only a dateline ("{from} THE {New York} SUN, SUNDAY, MARCH 25, 1877.")
    gives way to the next one."""
    from desktop.core.datelines import is_dateline

    firsts = _paragraphs(ct, 2)
    text = firsts[1] if len(firsts) > 1 and is_dateline(firsts[0]) else firsts[0]
    text = " ".join(text.split())
    if not text:
        return ""
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == "." and _ABBREV.search(text, 0, m.start() + 1):
            continue  # "Last week, U.S. officials…", "In 0 A.D. the…"
        text = text[: m.end()]
        break
    if len(text) <= _TITLE_MAX:
        return text
    cut = text[: _TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space > _TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# -- the article -----------------------------------------------------------------------------
def _extract(fmt: str, source: str) -> tuple[CleanText, Metadata]:
    if fmt == "txt":
        return clean(source), _txt_meta(source)
    if fmt == "html":
        from desktop.core.html_extract import extract_html

        ex = extract_html(source)
    else:
        from desktop.core.markdown_extract import extract_markdown

        ex = extract_markdown(source)
    return _finish(ex)


def _finish(ex: Extracted) -> tuple[CleanText, Metadata]:
    ct = clean(ex.text, block_hints=ex.hints)
    return replace(ct, offsets=compose(ct.offsets, ex.offsets)), ex.meta


def _read(fmt: str, p: Path) -> tuple[str, CleanText, Metadata]:
    """(source text, clean text, metadata) of one file of a supported format."""
    if fmt == "docx":
        from desktop.core.docx_extract import extract_docx

        source, ex = extract_docx(p)
        ct, meta = _finish(ex)
        return source, ct, meta
    if fmt in BINARY_FORMATS:
        from desktop.core.pdf_extract import extract_pdf

        source, ex = extract_pdf(p)
        ct, meta = _finish(ex)
        return source, ct, meta
    source = decode(_read_bytes(p), p.name)
    ct, meta = _extract(fmt, source)
    return source, ct, meta


def read_article(path: Path) -> Ingested:
    """Read one article file. Raises :class:`IngestError` for anything wrong with the input."""
    p = Path(path).absolute()
    ext = p.suffix.lower()
    fmt = SUPPORTED.get(ext)
    _check_file(p, MAX_BINARY_BYTES if fmt in BINARY_FORMATS else MAX_BYTES)
    if fmt is None:
        raise _unsupported(ext)
    return _article(display_path(p), fmt, lambda: _read(fmt, p), p.stem)


def article_from_source(path: str, fmt: str, source: str, stem: str = "",
                        given: Metadata | None = None) -> Ingested:
    """An article from its decoded text (txt, md or html): what read_article does after
    reading a file, for batch runs over JSON Lines or Parquet records; ``given`` metadata
    wins over what the text says."""
    return _article(path, fmt, lambda: (source, *_extract(fmt, source)), stem, given)


def _article(path: str, fmt: str, read: Callable[[], tuple[str, CleanText, Metadata]],
             stem: str, given: Metadata | None = None) -> Ingested:
    try:
        source, ct, meta = read()
    except IngestError:
        raise
    except (RecursionError, MemoryError):
        raise IngestError("the file is too large or too deeply nested to read") from None
    except Exception as e:  # a bug in extraction/cleanup must not crash a batch import
        log.exception("cannot process %s", path)
        raise IngestError(f"could not process the file (internal error: {type(e).__name__})") from e
    where = {"html": " in the HTML", "md": " in the Markdown", "pdf": " in the PDF",
             "docx": " in the Word file"}.get(fmt, "")
    if not ct.text.strip():
        raise IngestError(f"no article text found{where}")
    words = len(ct.text.split())
    if fmt in EXTRACTED and words < MIN_WORDS:
        # never take a page's leftovers ("Scroll to top") for an article: two different pages
        # would then look like duplicates of each other and the second would be lost
        raise IngestError(f"only {words} word{'s' if words != 1 else ''} of article text found{where} "
                          f"(at least {MIN_WORDS} are needed); not imported")
    if given is not None:
        meta = Metadata(given.title or meta.title, given.source or meta.source,
                        given.date or meta.date, given.url or meta.url)
    title = meta.title or (ct.headline or "").strip() or fallback_title(ct) or stem
    meta = replace(meta, title=" ".join(title.split()))
    if not meta.date and fmt in ("txt", "md"):  # no header or front matter date: a dateline?
        from desktop.core.datelines import HEAD_PARAGRAPHS, text_date

        meta = replace(meta, date=text_date(_paragraphs(ct, HEAD_PARAGRAPHS)))
    return Ingested(
        path=path,
        fmt=fmt,
        source_text=source,
        meta=meta,
        clean=ct,
        content_hash=content_hash(ct.text),
    )


# -- finding files ---------------------------------------------------------------------------
def iter_article_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files and folders -> (file, None) to import or (path, message) not to (ingest_files.py)."""
    return ingest_files.iter_article_files(paths, frozenset(SUPPORTED))
