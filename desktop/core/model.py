"""Plain immutable data shared by every layer: documents, spans, search hits, import results.

Everything drawn on an article (block structure, search matches, entity mentions, link ends
and highlights) is a :class:`Span` over the article's *clean* text; the document's
:class:`~desktop.core.offsets.OffsetMap` turns it into source-text offsets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.core.offsets import OffsetMap


class BlockKind(StrEnum):
    """The role of one block (paragraph-level span) of the clean text."""

    HEADLINE = "headline"
    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    SOCIAL = "social"  # an embedded social-media post (tweet text and its attribution)
    CAPTION = "caption"  # a photo caption / credit line
    RELATED = "related"  # "Related article: ..." and similar boilerplate
    LINE = "line"  # one line of a list or a table, kept as its own block (never joined)


class SpanKind(StrEnum):
    BLOCK = "block"
    MATCH = "match"
    ENTITY = "entity"
    LINK = "link"
    HIGHLIGHT = "highlight"
    PAGE = "page"  # where a page of a PDF begins


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of clean text with a kind and a label."""

    start: int
    end: int
    kind: SpanKind = SpanKind.BLOCK
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class CleanText:
    """What cleanup produces from a source text."""

    text: str
    offsets: OffsetMap
    blocks: tuple[Span, ...]  # kind BLOCK, label a BlockKind value; in text order
    headline: str | None  # the first line when it is a headline


@dataclass(frozen=True)
class Metadata:
    """What ingest learned about an article besides its text."""

    title: str = ""
    source: str = ""  # outlet
    date: str = ""  # ISO 8601 date when known
    url: str = ""
    author: str = ""  # names, comma-separated


@dataclass(frozen=True)
class Document:
    id: int
    path: str  # absolute path given at import
    fmt: str  # "txt" | "md" | "html"
    meta: Metadata
    source_text: str  # the file as read and decoded, newlines untouched
    clean: CleanText
    content_hash: str
    imported_at: str  # ISO 8601 UTC

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def text(self) -> str:
        return self.clean.text


@dataclass(frozen=True)
class DocSummary:
    """A document without its texts, for lists."""

    id: int
    path: str
    title: str
    source: str
    date: str
    chars: int  # length of the source text (offsets in the CLI index into it)
    imported_at: str


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"  # a file found in a folder that is not an article type (not an error)
    UPDATED = "updated"  # a corrected version of a file already imported: same id, new text


@dataclass(frozen=True)
class ImportResult:
    path: str
    status: ImportStatus
    message: str = ""
    doc_id: int | None = None
    # the import stopped at this file (the disk is full): ``not_tried`` files after it were
    # not read at all; everything imported before it is kept
    stopped: bool = False
    not_tried: int = 0


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of clean text with the matches inside it (offsets into ``text``)."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def render(self, before: str = "«", after: str = "»") -> str:
        out, pos = [], 0
        for s, e in self.marks:
            out += [self.text[pos:s], before, self.text[s:e], after]
            pos = e
        out.append(self.text[pos:])
        return "".join(out)


@dataclass(frozen=True)
class Hit:
    doc: DocSummary
    score: float
    snippet: Snippet
    matches: tuple[Span, ...]  # kind MATCH, clean-text offsets, in order
    source_matches: tuple[tuple[int, int], ...]  # the same matches in source-text offsets


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    total: int = 0
    total_exact: bool = True  # False: ``total`` is an estimate (many matching documents)


# progress(done, total, message); cancelled() -> True when the user asked to stop
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def no_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores its reports."""


def never_cancelled() -> bool:
    return False
