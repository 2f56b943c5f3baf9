"""Every mark drawn on an article, from one place, for the reader and every exporter.

A mark is a range ``[start, end)`` of the article's clean text with a kind (SpanKind) and a
style key from the one style table (core/styles.py): ``block.paragraph``, ``page``,
``entity.PERSON``, ``link.edited``, ``highlight.claim`` (``highlight.claim.changed`` when the
words differ from those the user highlighted), ``match``. The reader draws these marks
(gui/reader.py layers and margin bars) and the exporters write them (export/segments.py
cuts the text into runs by them), so what the person sees is what an export holds.

One function per kind turns what a service stores into marks (``block_marks``,
``page_marks``, ``entity_marks``, ``link_marks``, ``highlight_marks``, ``match_marks``);
:func:`gather` reads them all for one article. The window calls the single-kind functions
(each feature redraws its own layer when its kind changed); exports call :func:`gather`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from desktop.core import styles
from desktop.core.annotations.anchoring import clean_span
from desktop.core.annotations.model import CHANGED, Annotation
from desktop.core.entities.consolidate import Mention
from desktop.core.intervals import union
from desktop.core.model import BlockKind, Document, Span, SpanKind
from desktop.core.overlap.types import Link
from desktop.core.pdf_extract import page_of


@dataclass(frozen=True, order=True)
class Mark:
    """One mark: a clean-text range; subclasses say its kind, label and style."""

    start: int
    end: int
    kind: ClassVar[SpanKind]

    @property
    def label(self) -> str:
        return ""

    @property
    def style(self) -> str:
        """The key of its look in core/styles.py."""
        return styles.style_key(self.kind, self.label)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.kind, self.label)

    @property
    def key(self) -> tuple[str, int, int]:
        """(style, start, end): how the mark looks and where (what the reader and the exports
        must agree on)."""
        return self.style, self.start, self.end


@dataclass(frozen=True, order=True, kw_only=True)
class BlockMark(Mark):
    block: BlockKind = BlockKind.PARAGRAPH
    kind: ClassVar[SpanKind] = SpanKind.BLOCK

    @property
    def label(self) -> str:
        return str(self.block)


@dataclass(frozen=True, order=True, kw_only=True)
class PageMark(Mark):
    """Where a page of a PDF begins (at a block): from there to the next page's first block."""

    page: int = 1
    kind: ClassVar[SpanKind] = SpanKind.PAGE

    @property
    def style(self) -> str:
        return styles.PAGE


# a mark whose link to its entity is less sure than this is *uncertain*: a short form taken
# for the full name the library knows it by, not one written in the same article (#12 item 2)
UNSURE_BELOW = 0.9


def alias_note(entity: str, text: str, confidence: float) -> str:
    """How a mention names its entity: the form written, if another, and how sure the link is
    ("written “Bolton”; taken as this name, 80 % sure"); "" for a name written in full."""
    notes = [] if entity == text else [f"written “{text}”"]
    if confidence < 1.0:
        notes.append(f"taken as this name, {round(100 * confidence)} % sure")
    return "; ".join(notes)


@dataclass(frozen=True, order=True, kw_only=True)
class EntityMark(Mark):
    entity_label: str = "OTHER"  # PERSON, ORG, PLACE...
    entity: str = ""  # the canonical name
    text: str = ""  # as written here
    confidence: float = field(default=1.0, compare=False)  # how sure text names entity
    kind: ClassVar[SpanKind] = SpanKind.ENTITY

    @property
    def label(self) -> str:
        return self.entity_label

    @property
    def unsure(self) -> bool:
        return self.confidence < UNSURE_BELOW

    @property
    def note(self) -> str:
        return alias_note(self.entity, self.text, self.confidence)


@dataclass(frozen=True)
class EntityEntry:
    """One entity of an article as the panel and the exports' indexes list it."""

    entity: str
    label: str
    count: int
    unsure: int = 0  # mentions whose link to the entity is uncertain (EntityMark.unsure)
    lowest: float = 1.0  # the least sure of its mentions


def entity_entries(marks: Iterable[EntityMark]) -> list[EntityEntry]:
    """Each entity with its mentions, how many are uncertain, and the lowest confidence; the
    most mentioned first."""
    found: dict[tuple[str, str], list[EntityMark]] = {}
    for m in marks:
        found.setdefault((m.entity, m.label), []).append(m)
    return [EntityEntry(e, lab, len(ms), sum(m.unsure for m in ms), min(m.confidence for m in ms))
            for (e, lab), ms in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0][0]))]


@dataclass(frozen=True, order=True, kw_only=True)
class LinkMark(Mark):
    """One end of a shared passage in this article; the twin's title and words are filled in
    for exports (:func:`gather` with ``twins``), left empty for the window."""

    link: Link = field(compare=False)
    twin_title: str = field(compare=False, default="")
    twin_text: str = field(compare=False, default="")
    kind: ClassVar[SpanKind] = SpanKind.LINK

    @property
    def label(self) -> str:
        return str(self.link.kind)

    @property
    def link_kind(self) -> str:
        return str(self.link.kind)

    @property
    def score(self) -> float:
        return float(self.link.score)

    @property
    def link_id(self) -> int:
        return int(self.link.id)

    @property
    def twin_doc(self) -> int:
        return self.link.b.doc


@dataclass(frozen=True, order=True, kw_only=True)
class HighlightMark(Mark):
    annotation: Annotation = field(compare=False)
    kind: ClassVar[SpanKind] = SpanKind.HIGHLIGHT

    @property
    def label(self) -> str:
        return self.annotation.colour

    @property
    def changed(self) -> bool:
        """The words there now differ from those the user highlighted."""
        return self.annotation.status == CHANGED

    @property
    def style(self) -> str:
        return styles.highlight_key(self.annotation.colour, changed=self.changed)


@dataclass(frozen=True, order=True, kw_only=True)
class MatchMark(Mark):
    kind: ClassVar[SpanKind] = SpanKind.MATCH


# -- one kind at a time ------------------------------------------------------------------------
def block_marks(doc: Document) -> tuple[BlockMark, ...]:
    """The article's blocks; the whole text as one paragraph when cleanup found none."""
    blocks = tuple(BlockMark(start=b.start, end=b.end, block=BlockKind(b.label) if b.label in _BLOCK_KINDS
                             else BlockKind.PARAGRAPH)
                   for b in doc.clean.blocks if b.end > b.start)
    if not blocks and doc.clean.text.strip():
        blocks = (BlockMark(start=0, end=len(doc.clean.text)),)
    return blocks


_BLOCK_KINDS = frozenset(str(k) for k in BlockKind)


def page_marks(doc: Document, blocks: Sequence[BlockMark] | None = None) -> tuple[PageMark, ...]:
    """PDFs: one mark per page, from the first block that starts on it to the next such block
    (a block is on the page of its first character); other formats have none."""
    if doc.fmt != "pdf":
        return ()
    blocks = block_marks(doc) if blocks is None else blocks
    starts: list[tuple[int, int]] = []  # (page, clean start)
    for b in blocks:
        page = page_of(doc.source_text, doc.clean.offsets.to_source_start(b.start))
        if not starts or page > starts[-1][0]:
            starts.append((page, b.start))
    ends = [s for _, s in starts[1:]] + [len(doc.clean.text)]
    return tuple(PageMark(start=s, end=e, page=page) for (page, s), e in zip(starts, ends, strict=True))


def entity_marks(mentions: Iterable[Mention]) -> tuple[EntityMark, ...]:
    return tuple(sorted(EntityMark(start=m.start, end=m.end, entity_label=str(m.label),
                                   entity=m.entity, text=m.text, confidence=m.confidence)
                        for m in mentions))


def link_marks(doc_id: int, links: Iterable[Link],
               twins: Mapping[int, Document] | None = None) -> tuple[LinkMark, ...]:
    """The ends in ``doc_id`` of its shared passages (with the twins' titles and words when
    ``twins`` holds the other documents)."""
    out = []
    for k in links:
        k = k.seen_from(doc_id)
        twin = twins.get(k.b.doc) if twins is not None else None
        out.append(LinkMark(start=k.a.start, end=k.a.end, link=k,
                            twin_title=twin.title if twin else "",
                            twin_text=twin.clean.text[k.b.start:k.b.end] if twin else ""))
    return tuple(sorted(out, key=lambda m: (m.start, m.end, m.twin_doc, m.link.b.start)))


def highlight_marks(doc: Document, annotations: Iterable[Annotation]
                    ) -> tuple[tuple[HighlightMark, ...], tuple[Annotation, ...]]:
    """The user's highlights placed on the text, and the orphans (no longer found: no mark)."""
    marks, orphans = [], []
    for a in annotations:
        start, end = clean_span(doc, a.position)
        if a.orphan or end <= start:
            orphans.append(a)
        else:
            marks.append(HighlightMark(start=start, end=end, annotation=a))
    return tuple(marks), tuple(orphans)


def match_marks(spans: Iterable[Span]) -> tuple[MatchMark, ...]:
    return tuple(sorted(MatchMark(start=s.start, end=s.end) for s in spans))


# -- every kind: the gather --------------------------------------------------------------------
class HighlightSource(Protocol):
    def for_document(self, doc_id: int) -> list[Annotation]: ...


class EntitySource(Protocol):
    def mentions(self, doc_id: int, text: str | None = None) -> list[Mention]: ...


class LinkSource(Protocol):
    def for_document(self, doc_id: int) -> list[Link]: ...


class MarkSources(Protocol):
    """What :func:`gather` reads (the Library is one)."""

    @property
    def annotations(self) -> HighlightSource: ...
    @property
    def entities(self) -> EntitySource: ...
    @property
    def links(self) -> LinkSource: ...
    def get_document(self, doc_id: int) -> Document: ...


@dataclass(frozen=True)
class ArticleMarks:
    """Every mark of one article, by kind, each in text order."""

    doc: Document
    blocks: tuple[BlockMark, ...]
    pages: tuple[PageMark, ...] = ()
    highlights: tuple[HighlightMark, ...] = ()
    orphans: tuple[Annotation, ...] = ()  # highlights no longer found: listed, never drawn
    entities: tuple[EntityMark, ...] = ()
    links: tuple[LinkMark, ...] = ()
    matches: tuple[MatchMark, ...] = ()

    def all(self) -> list[Mark]:
        """Every mark, in text order."""
        marks: list[Mark] = [*self.blocks, *self.pages, *self.highlights, *self.entities,
                             *self.links, *self.matches]
        return sorted(marks, key=lambda m: (m.start, m.end, m.kind))

    def unsure_entities(self) -> dict[str, int]:
        """Entities with uncertain mentions here: how many."""
        return {e.entity: e.unsure for e in entity_entries(self.entities) if e.unsure}

    def entity_index(self) -> dict[str, list[tuple[str, int]]]:
        """Entities by label: (name, mentions), most mentioned first."""
        counts: dict[str, dict[str, int]] = {}
        for e in self.entities:
            by_name = counts.setdefault(e.label, {})
            by_name[e.entity] = by_name.get(e.entity, 0) + 1
        return {label: sorted(names.items(), key=lambda kv: (-kv[1], kv[0].lower()))
                for label, names in sorted(counts.items())}


def gather(sources: MarkSources, doc: Document, twins: dict[int, Document] | None = None,
           matches: Iterable[Span] = ()) -> ArticleMarks:
    """Every mark of ``doc``. ``twins`` caches the documents its shared passages point into
    (filled as they are read); ``matches`` are a search's matches in it, if any."""
    twins = twins if twins is not None else {}
    highlights, orphans = highlight_marks(doc, sources.annotations.for_document(doc.id))
    links = sources.links.for_document(doc.id)
    for k in links:
        other = k.seen_from(doc.id).b.doc
        if other not in twins:
            twins[other] = sources.get_document(other)
    blocks = block_marks(doc)
    return ArticleMarks(doc, blocks, page_marks(doc, blocks), highlights, orphans,
                        entity_marks(sources.entities.mentions(doc.id, doc.clean.text)),
                        link_marks(doc.id, links, twins), match_marks(matches))


def coverage(keys: Iterable[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
    """For each style key, the clean ranges its marks cover (``keys`` are marks'
    :attr:`Mark.key`; overlapping and touching ranges joined): two sets of marks look the same
    on the text exactly when these are equal."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for style, start, end in keys:
        if end > start:
            ranges.setdefault(style, []).append((start, end))
    return {style: union(spans) for style, spans in ranges.items()}


def page_breaks(pages: Sequence[PageMark], blocks: Sequence[BlockMark]) -> dict[int, PageMark]:
    """The pages whose start is shown as a line before their first block, by that block's
    start: every page but one that begins with the article's first block."""
    first = blocks[0].start if blocks else 0
    return {p.start: p for p in pages if p.start > first}
