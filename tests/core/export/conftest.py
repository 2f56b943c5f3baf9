"""The sample pair with one highlight and note, fixed ids and times, and stub entity and link
services (so the golden files do not move when the recogniser or the aligner is tuned; the
real services are exercised in test_integration.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from desktop.core.export.bundle import build_bundle
from desktop.core.export.spans import Bundle
from desktop.core.library import Library
from desktop.core.overlap.types import Link, LinkEnd, LinkKind
from desktop.core.storymap.article_story import ArticleStory, Partner, QuoteStatus

EXPORTED_AT = "2026-01-02T03:04:05+00:00"
FIXED_ID = "urn:uuid:00000000-0000-4000-8000-000000000001"
WHEN = "2026-01-01T10:00:00+00:00"


@dataclass(frozen=True)
class StubMention:
    start: int
    end: int
    label: str
    entity: str
    text: str
    confidence: float = 1.0  # as entities.consolidate.Mention


class StubEntities:
    def __init__(self, library: Library) -> None:
        self.library = library

    def mentions(self, doc_id: int, text: str | None = None) -> list[StubMention]:
        text = self.library.get_document(doc_id).text
        out = []
        for word, label, name in (("Putin", "PERSON", "Vladimir Putin"), ("Xi", "PERSON", "Xi Jinping"),
                                  ("Samarkand", "PLACE", "Samarkand"), ("SCO", "ORG", "SCO")):
            pos = text.find(word)
            while pos >= 0:
                out.append(StubMention(pos, pos + len(word), label, name, word))
                pos = text.find(word, pos + len(word))
        return sorted(out, key=lambda m: m.start)


class StubLinks:
    def __init__(self, library: Library) -> None:
        a, b = library.get_document(1).text, library.get_document(2).text
        qa = "The meeting was part of Xi's first trip abroad"
        qb = "The meeting was part of Mr Xi’s first trip abroad"
        sa, sb = a.index(qa), b.index(qb)
        self._links = [Link(LinkEnd(1, sa, sa + len(qa)), LinkEnd(2, sb, sb + len(qb)), LinkKind.EDITED,
                            0.93, 7)]

    def for_document(self, doc_id: int) -> list[Link]:
        return [k.seen_from(doc_id) for k in self._links if doc_id in (k.a.doc, k.b.doc)]


class StubStoryMap:
    """Fixed stories: the sample pair is one family, the wire first; one quote altered."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def article_stories(self, doc_ids: list[int]) -> dict[int, ArticleStory]:
        labels = {1: "#1 (wire)", 2: "#2 (web)"}
        quotes = {1: ("understands your questions and concerns", "Putin", (("understand", "understands"),)),
                  2: ("We understand your questions and concern about this.", "unknown", ())}
        out = {}
        for d in doc_ids:
            text, speaker, changes = quotes[d]
            start = self.library.get_document(d).text.index(text)
            status = ("worded differently from #2 (web): “understand” → “understands” (quoted in 1 "
                      "other article)") if changes else ("quoted in 1 other article; 1 word it "
                                                          "differently (#1 (wire))")
            q = QuoteStatus(text, speaker, start, start + len(text), 4, (3 - d,), bool(changes), False,
                            changes, status)
            out[d] = ArticleStory(d, (1, 2), labels, 1, "#1 holds the shared passages whole", 0.37,
                                  (Partner(3 - d, labels[3 - d], 0.37),), (q,))
        return out


def annotate_fixed(lib: Library, doc_id: int, quote: str, note: str, tags: list[str], colour: str,
                   number: int = 1) -> None:
    doc = lib.get_document(doc_id)
    ann = lib.annotations.add_quote(doc, quote, colour, note, tags)
    lib.annotations.delete(ann.id)
    lib.annotations.restore(replace(ann, id=FIXED_ID[:-1] + str(number), created=WHEN, modified=WHEN))


@pytest.fixture
def annotated(sample_library: Library) -> Library:
    sample_library.link_pending()
    annotate_fixed(sample_library, 1, "The meeting was part of Xi's first trip",
                   "Confirm with the **AFP** wire; see [the SCO site](https://sco.example/).",
                   ["summit", "xi"], "key quote")
    return sample_library


@pytest.fixture
def stubbed(annotated: Library, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setattr(annotated, "entities", StubEntities(annotated))
    monkeypatch.setattr(annotated, "links", StubLinks(annotated))
    monkeypatch.setattr(annotated, "storymap", StubStoryMap(annotated))
    return annotated


def bundle_of(lib: Any, ids: list[int], scope: str) -> Bundle:
    return build_bundle(lib, ids, scope, exported_at=EXPORTED_AT)
