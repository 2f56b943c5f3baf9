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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

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

log = logging.getLogger(__name__)
display_path = ingest_files.display_path

SUPPORTED = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
MAX_BYTES = 10 * 1024 * 1024  # larger files are refused with a clear message
EXTRACTED = frozenset({"html"})  # formats whose text is extracted from markup or layout
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
    if ext == ".pdf":
        return IngestError("PDF files are not supported yet")
    what = f"type {ext}" if ext else "type (the name has no extension)"
    return IngestError(f"unsupported file {what} (Parallax reads .txt, .md, .html)")


def _os_error(e: OSError) -> IngestError:
    if isinstance(e, FileNotFoundError):
        return IngestError("no such file or folder")
    if isinstance(e, PermissionError):
        return IngestError("permission denied")
    if isinstance(e, IsADirectoryError):
        return IngestError("is a directory")
    reason = (e.strerror or "input/output error").rstrip(".")
    return IngestError(f"cannot read the file: {reason[:1].lower()}{reason[1:]}")


def _size_error(size: int) -> IngestError:
    return IngestError(f"file is {size / _MB:.1f} MB; the limit for one article is {MAX_BYTES // _MB} MB")


def _check_file(path: Path) -> None:
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
    if st.st_size > MAX_BYTES:
        raise _size_error(st.st_size)


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


def fallback_title(ct: CleanText) -> str:
    """The first sentence of the first block, cut at a word boundary to <= 90 characters."""
    text = ct.text
    if ct.blocks:
        first = ct.blocks[0]
        text = text[first.start : first.end]
    else:
        text = text.split("\n\n", 1)[0]
    text = " ".join(text.split())
    if not text:
        return ""
    m = _SENTENCE_END.search(text)
    if m and m.end() <= len(text):
        text = text[: m.end()]
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
    ct = clean(ex.text, block_hints=ex.hints)
    return replace(ct, offsets=compose(ct.offsets, ex.offsets)), ex.meta


def read_article(path: Path) -> Ingested:
    """Read one article file. Raises :class:`IngestError` for anything wrong with the input."""
    p = Path(path).absolute()
    ext = p.suffix.lower()
    fmt = SUPPORTED.get(ext)
    _check_file(p)
    if fmt is None:
        raise _unsupported(ext)
    data = _read_bytes(p)
    return article_from_source(display_path(p), fmt, decode(data, p.name), p.stem)


def article_from_source(path: str, fmt: str, source: str, stem: str = "",
                        given: Metadata | None = None) -> Ingested:
    """An article from its decoded text: what read_article does after reading the file (and
    what batch runs do for records of JSON Lines or Parquet; ``given`` metadata wins)."""
    try:
        ct, meta = _extract(fmt, source)
    except IngestError:
        raise
    except (RecursionError, MemoryError):
        raise IngestError("the file is too large or too deeply nested to read") from None
    except Exception as e:  # a bug in extraction/cleanup must not crash a batch import
        log.exception("cannot process %s", path)
        raise IngestError(f"could not process the file (internal error: {type(e).__name__})") from e
    where = {"html": " in the HTML", "md": " in the Markdown"}.get(fmt, "")
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
