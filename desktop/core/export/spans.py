"""Everything drawn on an article, gathered once for every exporter.

:func:`gather` collects a document's blocks, the user's highlights (and orphans), and, when
the library has them, entity mentions (``library.entities``) and cross-link ends
(``library.links``). The features are reached by duck typing so an export works whichever of
them a library carries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.annotations.anchoring import clean_span
from desktop.core.annotations.model import Annotation, Colour
from desktop.core.model import BlockKind, Document, Span, SpanKind

if TYPE_CHECKING:
    from desktop.core.storymap.article_story import ArticleStory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HighlightMark:
    start: int
    end: int
    annotation: Annotation


@dataclass(frozen=True)
class EntityMark:
    start: int
    end: int
    label: str  # PERSON, ORG, PLACE...
    entity: str  # the canonical name


@dataclass(frozen=True)
class LinkMark:
    start: int
    end: int
    kind: str  # verbatim | edited | paraphrase
    score: float
    link_id: int
    twin_doc: int
    twin_start: int
    twin_end: int
    twin_title: str = ""
    twin_text: str = ""


@dataclass(frozen=True)
class ArticleMarks:
    doc: Document
    blocks: tuple[Span, ...]
    highlights: tuple[HighlightMark, ...] = ()
    orphans: tuple[Annotation, ...] = ()
    entities: tuple[EntityMark, ...] = ()
    links: tuple[LinkMark, ...] = ()

    def spans(self) -> list[Span]:
        """Every mark as a clean-text Span, in text order."""
        out = list(self.blocks)
        out += [Span(h.start, h.end, SpanKind.HIGHLIGHT, h.annotation.colour) for h in self.highlights]
        out += [Span(e.start, e.end, SpanKind.ENTITY, e.label) for e in self.entities]
        out += [Span(k.start, k.end, SpanKind.LINK, k.kind) for k in self.links]
        return sorted(out)

    def entity_index(self) -> dict[str, list[tuple[str, int]]]:
        """Entities by label: (name, mentions), most mentioned first."""
        counts: dict[str, dict[str, int]] = {}
        for e in self.entities:
            by_name = counts.setdefault(e.label, {})
            by_name[e.entity] = by_name.get(e.entity, 0) + 1
        return {label: sorted(names.items(), key=lambda kv: (-kv[1], kv[0].lower()))
                for label, names in sorted(counts.items())}


@dataclass(frozen=True)
class Bundle:
    """What one export holds: the articles in order, the colour meanings, when it was made."""

    scope: str  # "doc" | "pair" | "all"
    articles: tuple[ArticleMarks, ...]
    colours: tuple[Colour, ...]
    exported_at: str
    generator: str = "Parallax"
    extra: dict[str, Any] = field(default_factory=dict)
    stories: dict[int, ArticleStory] = field(default_factory=dict)  # family, quotes' status

    def colour(self, key: str) -> Colour:
        for c in self.colours:
            if c.key == key:
                return c
        return Colour(key, key.replace("_", " "), "#dddddd")

    def doc_ids(self) -> set[int]:
        return {a.doc.id for a in self.articles}


_TITLES = {"PERSON": "People", "ORG": "Organisations", "PLACE": "Places", "GROUP": "Groups",
           "DATE": "Dates", "EVENT": "Events", "OTHER": "Other"}


def label_title(label: str) -> str:
    """What the entity panel calls a label (plural)."""
    return _TITLES.get(label, label.title())


def blocks_of(doc: Document) -> tuple[Span, ...]:
    blocks = tuple(b for b in doc.clean.blocks if b.end > b.start)
    if not blocks and doc.clean.text.strip():
        blocks = (Span(0, len(doc.clean.text), SpanKind.BLOCK, BlockKind.PARAGRAPH),)
    return blocks


def gather(library: Any, doc: Document, twins: dict[int, Document] | None = None) -> ArticleMarks:
    """Every mark of ``doc``. ``twins`` caches the other documents cross-links point into."""
    twins = twins if twins is not None else {}
    highlights, orphans = _highlights(library, doc)
    return ArticleMarks(doc, blocks_of(doc), highlights, orphans, _entities(library, doc),
                        _links(library, doc, twins))


def _highlights(library: Any, doc: Document) -> tuple[tuple[HighlightMark, ...], tuple[Annotation, ...]]:
    service = getattr(library, "annotations", None)
    if service is None:
        return (), ()
    marks, orphans = [], []
    for ann in service.for_document(doc.id):
        start, end = clean_span(doc, ann.position)
        if ann.orphan or end <= start:
            orphans.append(ann)
        else:
            marks.append(HighlightMark(start, end, ann))
    return tuple(marks), tuple(orphans)


def _entities(library: Any, doc: Document) -> tuple[EntityMark, ...]:
    service = getattr(library, "entities", None)
    if service is None or not hasattr(service, "mentions"):
        return ()
    try:
        mentions = service.mentions(doc.id)
    except Exception:  # a feature being built must not break exports
        log.exception("entities of #%s unavailable", doc.id)
        return ()
    out = []
    for m in mentions:
        start, end = int(m.start), int(m.end)
        label = str(getattr(m, "label", "") or "OTHER")
        name = str(getattr(m, "entity", "") or getattr(m, "text", "") or doc.clean.text[start:end])
        out.append(EntityMark(start, end, label, name))
    return tuple(sorted(out, key=lambda e: (e.start, e.end)))


def _links(library: Any, doc: Document, twins: dict[int, Document]) -> tuple[LinkMark, ...]:
    service = getattr(library, "links", None)
    if service is None or not hasattr(service, "for_document"):
        return ()
    try:
        links = service.for_document(doc.id)
    except Exception:
        log.exception("links of #%s unavailable", doc.id)
        return ()
    out = []
    for k in links:
        a, b = (k.a, k.b) if k.a.doc == doc.id else (k.b, k.a)
        twin = twins.get(b.doc)
        if twin is None:
            twin = twins[b.doc] = library.get_document(b.doc)
        out.append(LinkMark(a.start, a.end, str(k.kind), float(k.score), int(getattr(k, "id", 0)),
                            b.doc, b.start, b.end, twin.title, twin.clean.text[b.start:b.end]))
    return tuple(sorted(out, key=lambda k: (k.start, k.end, k.twin_doc, k.twin_start)))
