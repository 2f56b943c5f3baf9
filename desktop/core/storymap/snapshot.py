"""Everything a story-map view shows, computed at once off the GUI thread (pure code).

The window takes a :class:`MapSnapshot` in a background task and then only reads it: the map
(pairs, families, passages), the quote table, and the provenance calls of every family, of
the most-reused pairs and of the passages found in several articles, so no provenance is
worked out on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.model import Cancelled, never_cancelled
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.pairs import PairShare
from desktop.core.storymap.provenance import Call
from desktop.core.storymap.scope import Scope
from desktop.core.storymap.service import QuoteTable, StoryMapService
from desktop.core.storymap.story import StoryMap

MAX_PAIR_CALLS = 2000  # the most-reused pairs get their "who was first"; the rest on demand
MAX_PASSAGES = 500  # passages listed (most widely copied first)


class Stale(Exception):
    """The snapshot was cancelled (a newer one was asked for)."""


@dataclass(frozen=True)
class MapSnapshot:
    scope: Scope
    smap: StoryMap
    table: QuoteTable
    family_calls: tuple[Call, ...]  # parallel to smap.families
    pair_calls: dict[tuple[int, int], Call]  # (a, b) with a < b
    passages: tuple[Cluster, ...]  # copied in two or more articles, most widely first
    passage_calls: dict[int, Call]  # cluster id -> call

    def label(self, doc: int) -> str:
        art = self.smap.articles.get(doc)
        return art.info.label() if art is not None else f"#{doc}"

    def outlet(self, doc: int) -> str:
        art = self.smap.articles.get(doc)
        return art.info.source if art is not None else ""

    def pair_call(self, p: PairShare) -> Call | None:
        return self.pair_calls.get((p.a, p.b))

    def unfamilied(self) -> list[int]:
        """Articles of the map in no family."""
        inside = {d for f in self.smap.families for d in f.docs}
        return sorted(d for d in self.smap.articles if d not in inside)

    def summary(self) -> str:
        n, fams = len(self.smap.articles), len(self.smap.families)
        changed, pairs, passages = len(self.table.changed()), len(self.smap.pairs), len(self.passages)
        return (f"{n} article{'s' if n != 1 else ''} · {fams} famil{'ies' if fams != 1 else 'y'} · "
                f"{pairs} pair{'s' if pairs != 1 else ''} sharing text · {passages} "
                f"passage{'s' if passages != 1 else ''} in several articles · "
                f"{changed} quote{'s' if changed != 1 else ''} changed between articles")


def take(service: StoryMapService, scope: Scope,
         cancelled: Cancelled = never_cancelled) -> MapSnapshot:
    """The map of ``scope`` with its provenance calls (Stale when cancelled meanwhile)."""
    # the whole library's map is cached and shared with other readers (exports): fork it
    smap = service.story_map(scope.ids).fork()
    _check(cancelled)
    table = service.quote_table(scope.ids)
    _check(cancelled)
    family_calls = tuple(smap.family_call(f) for f in smap.families)
    _check(cancelled)
    pair_calls = {}
    for n, p in enumerate(smap.pairs[:MAX_PAIR_CALLS]):
        if n % 100 == 0:
            _check(cancelled)
        pair_calls[(p.a, p.b)] = smap.pair_call(p)
    passages = tuple(smap.copied_clusters()[:MAX_PASSAGES])
    passage_calls = {}
    for n, c in enumerate(passages):
        if n % 50 == 0:
            _check(cancelled)
        passage_calls[c.id] = smap.cluster_call(c)
    return MapSnapshot(scope, smap, table, family_calls, pair_calls, passages, passage_calls)


def _check(cancelled: Cancelled) -> None:
    if cancelled():
        raise Stale("a newer story map was asked for")
