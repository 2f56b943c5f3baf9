"""The story map's JSON shapes (offsets into each article's source text), shared by the
``quotes``, ``families`` and ``passages`` commands and the story-map exports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.core.model import Document
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.quote_groups import QuoteGroup
from desktop.core.storymap.service import QuoteRow
from desktop.core.storymap.story import StoryMap

if TYPE_CHECKING:
    from desktop.core.library import Library


class Docs:
    """Documents read once (per command, per export)."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib
        self._docs: dict[int, Document] = {}

    def __call__(self, doc_id: int) -> Document:
        doc = self._docs.get(doc_id)
        if doc is None:
            doc = self._docs[doc_id] = self._lib.get_document(doc_id)
        return doc

    def title(self, doc_id: int) -> str:
        doc = self(doc_id)
        return doc.title or doc.path


def quote_json(row: QuoteRow, doc: Document) -> dict[str, Any]:
    q, g = row.quote, row.group
    to_source = doc.clean.offsets.span_to_source
    start, end = to_source(q.parts[0][0], q.parts[-1][1])
    changes = [] if g is None else g.changes[item_index(g, row)]
    return {"doc": row.doc, "path": doc.path, "start": start, "end": end, "text": row.text,
            "speaker": q.speaker.name or "unknown", "group": g.id if g else None,
            "altered": bool(g and g.altered),
            "speakers_differ": bool(g and g.speakers_differ), "attribution": q.speaker.how,
            "parts": [dict(zip(("start", "end"), to_source(a, b), strict=True)) for a, b in q.parts],
            "changes": [{"op": c.op, "from": c.before, "to": c.after} for c in changes]}


def item_index(g: QuoteGroup, row: QuoteRow) -> int:
    return next(k for k, i in enumerate(g.items) if i.doc == row.doc and i.index == row.n)


def group_json(g: QuoteGroup) -> dict[str, Any]:
    ref = g.items[g.reference]
    return {"group": g.id, "docs": g.docs, "altered": g.altered, "speakers_differ": g.speakers_differ,
            "speakers": g.speaker_names(), "reference": {"doc": ref.doc, "text": ref.text}}


def families_json(smap: StoryMap) -> dict[str, Any]:
    fams = []
    for f in smap.families:
        call = smap.family_call(f)
        fams.append({"docs": f.docs, "first": call.first, "evidence": call.evidence,
                     "basis": call.basis, "shared_chars": f.shared_chars})
    pairs = []
    for p in smap.pairs:
        call = smap.pair_call(p)
        pairs.append({"a": p.a, "b": p.b, "a_in_b": round(p.a_in_b, 4), "b_in_a": round(p.b_in_a, 4),
                      "a_in_b_by_kind": {k: round(v, 4) for k, v in p.a_by_kind.items()},
                      "b_in_a_by_kind": {k: round(v, 4) for k, v in p.b_by_kind.items()},
                      "passages": dict(p.passages), "longest": p.longest,
                      "first": call.first, "evidence": call.evidence})
    return {"families": fams, "pairs": pairs}


def passage_json(smap: StoryMap, c: Cluster, docs: Docs) -> dict[str, Any]:
    call = smap.cluster_call(c)
    copies = []
    for cp in c.copies:
        doc = docs(cp.doc)
        start, end = doc.clean.offsets.span_to_source(cp.start, cp.end)
        copies.append({"doc": cp.doc, "path": doc.path, "start": start, "end": end, "kind": cp.kind,
                       "paragraph": smap.paragraph(cp.doc, cp.start)})
    return {"passage": c.id, "docs": c.docs, "first": call.first, "evidence": call.evidence,
            "basis": call.basis, "copies": copies}
