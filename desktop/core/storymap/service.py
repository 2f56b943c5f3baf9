"""StoryMapService: the story map of a library, assembled from the stored links, the stored
quotes and the documents' metadata; what the CLI, the exports and the window read.

Everything here is computed from what the store holds and cached until the store's revision
moves (any write bumps it), so opening the map twice costs one computation.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from desktop.core.events import Change, DocsChanged, LibraryEvents
from desktop.core.model import Cancelled, Progress, Span, SpanKind, never_cancelled, no_progress
from desktop.core.overlap.service import LinkService
from desktop.core.store import Store
from desktop.core.storymap.names import NameSource
from desktop.core.storymap.pairs import REUSE, Family, PairShare, covered, family_of
from desktop.core.storymap.provenance import DocInfo, credits_in
from desktop.core.storymap.quote_groups import QuoteGroup, QuoteItem, group_quotes
from desktop.core.storymap.quote_store import QuoteService
from desktop.core.storymap.quotes import Quote, extract
from desktop.core.storymap.story import Article, StoryMap

if TYPE_CHECKING:
    from desktop.core.storymap.article_story import ArticleStory

T = TypeVar("T")


@dataclass(frozen=True)
class QuoteRow:
    doc: int
    n: int  # position among the article's quotes
    quote: Quote
    text: str  # the quoted words
    group: QuoteGroup | None


@dataclass(frozen=True)
class QuoteTable:
    rows: list[QuoteRow]
    groups: list[QuoteGroup]

    def of_doc(self, doc: int) -> list[QuoteRow]:
        return self._by_doc.get(doc, [])

    @cached_property
    def _by_doc(self) -> dict[int, list[QuoteRow]]:
        out: dict[int, list[QuoteRow]] = {}
        for r in self.rows:
            out.setdefault(r.doc, []).append(r)
        return out

    def changed(self) -> list[QuoteGroup]:
        """Groups whose wording or speaker differs between articles."""
        return [g for g in self.groups if g.altered or g.speakers_differ]


@dataclass(frozen=True)
class DocShare:
    """How much of one article is found in other articles (union of its link ends)."""

    share: float  # of its clean characters, any kind of link
    reused: float  # verbatim or edited only
    partners: int  # articles it shares text with


# what the map is made of: a change of anything else (a highlight, a recognised name) keeps it
MAP_CHANGES = (Change.ADDED | Change.TEXT | Change.METADATA | Change.REMOVED | Change.LINKS
               | Change.QUOTES)


class StoryMapService:
    """With ``events`` the cached map lives until a change it is made of is reported (a note
    or a recognised name does not rebuild it); without, until the store's revision moves."""

    def __init__(self, store: Store, links: LinkService, events: LibraryEvents | None = None,
                 names: NameSource | None = None) -> None:
        self.store = store
        self.links = links
        self.quotes = QuoteService(store, names)
        self._cache: dict[str, tuple[int, object]] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._events = events is not None
        if events is not None:
            events.subscribe(self._on_changed)

    def _on_changed(self, event: DocsChanged) -> None:
        if event.what & MAP_CHANGES:
            self._invalidate()

    def _stamp(self) -> int:
        if self._events and not self.store.read_only:
            return self._generation
        return self.store.revision()

    def _cached(self, name: str, make: Callable[[], T]) -> T:
        rev = self._stamp()
        with self._lock:
            hit = self._cache.get(name)
        if hit is not None and hit[0] == rev:
            return hit[1]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._cache[name] = (rev, value)
        return value

    # -- computing -------------------------------------------------------------------------
    def pending(self) -> list[int]:
        return self.quotes.pending()

    def update_pending(self, progress: Progress = no_progress,
                       cancelled: Cancelled = never_cancelled) -> int:
        """Find the quotes of the articles not read yet (links are the LinkService's)."""
        try:
            return self.quotes.update_pending(progress, cancelled)
        finally:
            self._invalidate()

    def forget(self, doc_id: int) -> None:
        self.quotes.forget(doc_id)
        self._invalidate()

    def _invalidate(self) -> None:
        with self._lock:
            self._generation += 1

    def clear(self) -> None:
        """Forget every map and table worked out (the next read works them out again)."""
        self._invalidate()

    # -- reading ---------------------------------------------------------------------------
    def articles(self) -> dict[int, Article]:
        """What the map knows of every article: metadata, wire credits, clean text, blocks."""
        return self._cached("articles", self._articles)

    def _articles(self) -> dict[int, Article]:
        summaries = {s.id: s for s in self.store.summaries()}
        out = {}
        for doc_id, url, text, blocks in self.store.read(
                "SELECT id, url, clean_text, blocks FROM documents"):
            s = summaries.get(doc_id)
            if s is None:
                continue
            spans = tuple(Span(a, b, SpanKind.BLOCK, label) for a, b, label in json.loads(blocks))
            info = DocInfo(doc_id, s.title, s.source, url, s.date, credits_in(text, spans))
            out[doc_id] = Article(info, text, spans)
        return out

    def story_map(self, doc_ids: Iterable[int] | None = None) -> StoryMap:
        """The map of the whole library, or of a selection (a search result, chosen articles)."""
        if doc_ids is None:
            return self._cached("map", lambda: StoryMap(self.articles(), self.links.all_links()))
        whole = self.story_map()
        chosen = set(doc_ids)
        return StoryMap({d: a for d, a in whole.articles.items() if d in chosen},
                        [k for k in whole.links if k.a.doc in chosen and k.b.doc in chosen])

    def pairs(self) -> list[PairShare]:
        """Every pair of articles sharing text, most reused first."""
        return self.story_map().pairs

    def families(self) -> list[Family]:
        return self.story_map().families

    def related(self) -> Callable[[int, int], bool]:
        """Are two articles in one family?"""
        fam = family_of(self.families())
        return lambda a, b: a in fam and fam.get(a) == fam.get(b)

    def shares(self) -> dict[int, DocShare]:
        """Every article sharing text: how much of it is found elsewhere (from the links
        alone: cheap, for the library list)."""
        return self._cached("shares", self._shares)

    def _shares(self) -> dict[int, DocShare]:
        lengths = dict(self.store.read("SELECT id, length(clean_text) FROM documents"))
        spans: dict[int, list[tuple[int, int]]] = {}
        reused: dict[int, list[tuple[int, int]]] = {}
        partners: dict[int, set[int]] = {}
        for k in self.links.all_links():
            for end, other in ((k.a, k.b.doc), (k.b, k.a.doc)):
                spans.setdefault(end.doc, []).append((end.start, end.end))
                partners.setdefault(end.doc, set()).add(other)
                if k.kind in REUSE:
                    reused.setdefault(end.doc, []).append((end.start, end.end))
        return {d: DocShare(min(1.0, covered(s) / (lengths.get(d) or 1)),
                            min(1.0, covered(reused.get(d, [])) / (lengths.get(d) or 1)),
                            len(partners[d]))
                for d, s in spans.items() if d in lengths}

    def quote_table(self, doc_ids: Iterable[int] | None = None) -> QuoteTable:
        """Every quote of the library grouped across articles, or of a selection (grouped
        among the chosen articles only)."""
        if doc_ids is None:
            return self._cached("quotes", self._quote_table)
        chosen = set(doc_ids)
        whole = self.quote_table()
        fam = family_of(self.story_map(chosen).families)
        rows = [r for r in whole.rows if r.doc in chosen]
        return self._grouped([(r.doc, r.n, r.quote, r.text) for r in rows],
                             lambda a, b: a in fam and fam.get(a) == fam.get(b))

    def article_stories(self, doc_ids: Iterable[int]) -> dict[int, ArticleStory]:
        """Each article's family, who was first, its shared share and its quotes' status."""
        from desktop.core.storymap.article_story import article_stories

        return article_stories(self.story_map(), self.quote_table(), doc_ids)

    def _quote_table(self) -> QuoteTable:
        stored = self.quotes.stored()
        for doc_id in self.quotes.pending():  # read-only, or not extracted yet: on the fly
            doc = self.store.document(doc_id)
            stored[doc_id] = [(q, q.text(doc.clean.text)) for q in extract(doc.clean.text,
                                                                          doc.clean.blocks)]
        flat = [(doc, n, q, text) for doc in sorted(stored) for n, (q, text) in enumerate(stored[doc])]
        return self._grouped(flat, self.related())

    @staticmethod
    def _grouped(flat: list[tuple[int, int, Quote, str]],
                 related: Callable[[int, int], bool]) -> QuoteTable:
        items = [QuoteItem(doc, n, text, q.speaker) for doc, n, q, text in flat]
        groups = group_quotes(items, related)
        where = {(i.doc, i.index): g for g in groups for i in g.items}
        rows = [QuoteRow(doc, n, q, text, where.get((doc, n))) for doc, n, q, text in flat]
        return QuoteTable(rows, groups)
