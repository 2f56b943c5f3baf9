"""W3C Web Annotation JSON-LD: the export of annotations (both selectors), with the entities
and cross-links of the exported articles in ``parallax:`` sections, and its re-import.

Ids are the annotations' own ``urn:uuid:`` ids and documents are named by content
(``urn:parallax:doc:<content hash>``), so export → import → export neither duplicates nor
loses anything, in the same library or another one holding the same articles. An imported
annotation whose article text changed since is re-anchored by its quote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.annotations.anchoring import reattach
from desktop.core.annotations.model import Annotation, TextPosition, TextQuote, clean_tags
from desktop.core.errors import ParallaxError
from desktop.core.export.spans import ArticleMarks, Bundle
from desktop.core.model import Document

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_URI = "urn:parallax:doc:"


def doc_uri(doc: Document) -> str:
    return DOC_URI + doc.content_hash


def annotation_json(a: Annotation, doc: Document, bundle: Bundle) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if a.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                     "value": a.note})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.tags]
    colour = bundle.colour(a.colour)
    body.append({"type": "TextualBody", "purpose": "highlighting", "value": colour.name,
                 "parallax:colour": colour.key})
    return {
        "id": a.id, "type": "Annotation",
        "motivation": "commenting" if a.note else "highlighting",
        "created": a.created, "modified": a.modified, "body": body,
        "target": {
            "source": doc_uri(doc),
            "parallax:doc": doc.id,
            "parallax:orphan": a.orphan,
            "selector": [
                {"type": "TextQuoteSelector", "exact": a.quote.exact, "prefix": a.quote.prefix,
                 "suffix": a.quote.suffix},
                {"type": "TextPositionSelector", "start": a.position.start, "end": a.position.end},
            ],
        },
    }


def _doc_json(art: ArticleMarks) -> dict[str, Any]:
    d = art.doc
    return {"id": doc_uri(d), "parallax:doc": d.id, "title": d.title, "source": d.meta.source,
            "date": d.meta.date, "url": d.meta.url, "path": d.path}


def _entities_json(art: ArticleMarks) -> list[dict[str, Any]]:
    offsets = art.doc.clean.offsets
    return [{"doc": doc_uri(art.doc), "label": e.label, "entity": e.entity,
             "start": offsets.span_to_source(e.start, e.end)[0],
             "end": offsets.span_to_source(e.start, e.end)[1],
             "text": art.doc.clean.text[e.start:e.end]} for e in art.entities]


def _links_json(art: ArticleMarks, seen: set[int]) -> list[dict[str, Any]]:
    out = []
    offsets = art.doc.clean.offsets
    for k in art.links:
        if k.link_id and k.link_id in seen:
            continue
        seen.add(k.link_id)
        start, end = offsets.span_to_source(k.start, k.end)
        out.append({"kind": k.kind, "score": round(k.score, 4),
                    "a": {"doc": doc_uri(art.doc), "start": start, "end": end,
                          "text": art.doc.clean.text[k.start:k.end]},
                    "b": {"parallax:doc": k.twin_doc, "title": k.twin_title, "text": k.twin_text}})
    return out


def render(bundle: Bundle) -> str:
    items = []
    for art in bundle.articles:
        anns = sorted([h.annotation for h in art.highlights] + list(art.orphans),
                      key=lambda a: (a.position.start, a.position.end, a.id))
        items += [annotation_json(a, art.doc, bundle) for a in anns]
    seen: set[int] = set()
    data = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Parallax export ({bundle.scope})",
        "generator": bundle.generator,
        "generated": bundle.exported_at,
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
        "parallax:colours": [{"key": c.key, "name": c.name, "rgb": c.rgb} for c in bundle.colours],
        "parallax:documents": [_doc_json(a) for a in bundle.articles],
        "parallax:entities": [e for a in bundle.articles for e in _entities_json(a)],
        "parallax:links": [k for a in bundle.articles for k in _links_json(a, seen)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- import ------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    skipped: list[str] = field(default_factory=list)  # why each skipped item was skipped


def _items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ParallaxError("not a Web Annotation document")
    if data.get("type") == "Annotation":
        return [data]
    first = data.get("first")
    if isinstance(first, dict):
        return list(first.get("items", []))
    return list(data.get("items", []))


def parse_annotation(item: dict[str, Any], colour_keys: set[str]) -> tuple[str, Annotation]:
    """(document URI, annotation) from one JSON-LD annotation; ValueError when unusable."""
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict) or not str(item.get("id", "")):
        raise ValueError("annotation without id or target")
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    pos: dict[str, Any] = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    if quote is None or not quote.get("exact"):
        raise ValueError(f"{item['id']}: no TextQuoteSelector")
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    note = next((str(b.get("value", "")) for b in bodies if b.get("purpose") == "commenting"), "")
    tags = clean_tags([str(b.get("value", "")) for b in bodies if b.get("purpose") == "tagging"])
    colour = next((str(b.get("parallax:colour")) for b in bodies if b.get("parallax:colour")), "")
    if colour not in colour_keys:
        colour = next(iter(sorted(colour_keys)), "claim") if colour_keys else "claim"
    start = int(pos.get("start", 0))
    end = int(pos.get("end", start + len(quote["exact"])))
    ann = Annotation(str(item["id"]), 0, colour,
                     TextQuote(str(quote["exact"]), str(quote.get("prefix", "")),
                               str(quote.get("suffix", ""))),
                     TextPosition(start, end), note, tags, str(item.get("created", "")),
                     str(item.get("modified", "")), bool(target.get("parallax:orphan", False)))
    return str(target.get("source", "")), ann


def import_annotations(library: Any, text: str) -> ImportReport:
    """Merge the annotations of a JSON-LD export into ``library`` (by id: no duplicates)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParallaxError(f"not JSON: {exc}") from None
    service = library.annotations
    keys = {c.key for c in service.colours()}
    by_path = {str(d.get("id")): str(d.get("path", ""))
               for d in (data.get("parallax:documents", []) if isinstance(data, dict) else [])}
    report = ImportReport()
    for item in _items(data):
        try:
            source, ann = parse_annotation(item, keys)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            report.skipped.append(str(exc))
            continue
        doc_id = _find_doc(library, source, by_path.get(source, ""))
        if doc_id is None:
            report.skipped.append(f"{ann.id}: its article is not in this library ({source})")
            continue
        doc = library.get_document(doc_id)
        placed = _placed(ann, doc_id, doc)
        old = service.find(ann.id)
        if old == placed:
            report.unchanged += 1
            continue
        service.restore(placed)
        report.orphaned += placed.orphan
        if old is None:
            report.added += 1
        else:
            report.updated += 1
    return report


def _placed(ann: Annotation, doc_id: int, doc: Document) -> Annotation:
    anchor = reattach(doc.source_text, ann.quote, ann.position)
    if anchor is None:
        return replace(ann, doc_id=doc_id, orphan=True)
    return replace(ann, doc_id=doc_id, quote=anchor.quote, position=anchor.position, orphan=False)


def _find_doc(library: Any, source: str, path: str) -> int | None:
    store = library.store
    if source.startswith(DOC_URI):
        found = store.find_by_hash(source[len(DOC_URI):])
        if found is not None:
            return int(found)
    if path:
        found = store.find_by_path(path)
        if found is not None:
            return int(found)
    return None
