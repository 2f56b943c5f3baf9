"""W3C Web Annotation JSON-LD: the export of annotations (both selectors), with the entities
and cross-links of the exported articles in ``parallax:`` sections, and its re-import.

Ids are the annotations' own ``urn:uuid:`` ids and documents are named by content
(``urn:parallax:doc:<content hash>``), so export → import → export neither duplicates nor
loses anything, in the same library or another one holding the same articles. An imported
annotation whose article text changed since is re-anchored by its quote.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core.annotations.model import Annotation
from desktop.core.export import story

# the import (validation, placing, one transaction) lives in annotations_import.py
from desktop.core.export.annotations_import import ImportReport, import_annotations, parse_annotation
from desktop.core.export.safety import safe_url
from desktop.core.export.spans import Bundle
from desktop.core.marks import ArticleMarks
from desktop.core.model import Document

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_URI = "urn:parallax:doc:"


def doc_uri(doc: Document) -> str:
    return DOC_URI + doc.content_hash


def target_source(doc: Document) -> dict[str, str]:
    """The target's ``source``: the article's web address when it is known (so other
    annotation tools can place the annotation), with Parallax's content id kept beside it as
    ``parallax:source``; the content id alone otherwise."""
    url = doc.meta.url.strip()
    if url and safe_url(url) and url.lower().startswith(("http://", "https://")):
        return {"source": url, "parallax:source": doc_uri(doc)}
    return {"source": doc_uri(doc)}


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
            **target_source(doc),
            "parallax:doc": doc.id,
            "parallax:orphan": a.orphan,
            "parallax:status": a.status,
            **({"parallax:original": a.original} if a.original else {}),
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
             "text": art.doc.clean.text[e.start:e.end],
             "confidence": round(e.confidence, 3)} for e in art.entities]


def _links_json(art: ArticleMarks, seen: set[int]) -> list[dict[str, Any]]:
    out = []
    offsets = art.doc.clean.offsets
    for k in art.links:
        if k.link_id and k.link_id in seen:
            continue
        seen.add(k.link_id)
        start, end = offsets.span_to_source(k.start, k.end)
        out.append({"kind": k.link_kind, "score": round(k.score, 4),
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
        "parallax:story": [story.json_item(bundle.stories[a.doc.id], a.doc, doc_uri(a.doc))
                           for a in bundle.articles if a.doc.id in bundle.stories],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

__all__ = ["ImportReport", "annotation_json", "doc_uri", "import_annotations", "parse_annotation",
           "render"]
