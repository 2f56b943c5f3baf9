"""Catching up on what an import leaves for later: the one background policy.

An import stores and indexes articles and stops there, so that importing stays as fast as
indexing. What depends on the whole library comes after, in :func:`analyse_pending`: shared
passages with the articles already linked, then names recognised by the model, then the
search fields those names feed. The window runs it in the background (one run at a time,
again after each import); the ``links``, ``entities`` and ``export`` commands run it first.

Work goes in chunks of articles. In each chunk every article is read from SQLite once
(``store.read_once``): linking, recognition and the index all get the same Document, and the
chunk's change reports are delivered together, so the index makes one commit per chunk and
search finds new names as the run goes. Cancelling stops between articles; what a chunk
finished is kept, the rest stays pending for the next run.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from desktop.core.events import Change, LibraryEvents
from desktop.core.model import Cancelled, Progress
from desktop.core.store import Store

CHUNK = 64  # articles per chunk: one read each, one index commit per chunk


class _Links(Protocol):
    def pending(self) -> list[int]: ...

    def update(self, doc_ids: Sequence[int], progress: Progress, cancelled: Cancelled) -> int: ...


class _Quotes(Protocol):
    def pending(self) -> list[int]: ...

    def update(self, doc_ids: Sequence[int], progress: Progress, cancelled: Cancelled) -> int: ...


class _Entities(Protocol):
    def pending(self) -> list[int]: ...

    def recognize(self, doc_ids: Sequence[int] | None, progress: Progress,
                  cancelled: Cancelled) -> list[int]: ...


@dataclass(frozen=True)
class AnalysisReport:
    linked: int = 0  # articles brought up to date with their shared passages
    links_added: int = 0
    recognised: int = 0  # articles whose names were recognised
    cancelled: bool = False
    quoted: int = 0  # articles whose quotes were found (story map)

    @property
    def changed(self) -> bool:
        return bool(self.linked or self.recognised or self.quoted)


def pending_work(links: _Links, entities: _Entities, *, link: bool = True, recognise: bool = True,
                 only: Collection[int] | None = None) -> tuple[list[int], list[int]]:
    """The articles waiting for linking and for recognition (recognition limited to ``only``)."""
    to_link = links.pending() if link else []
    to_recognise = entities.pending() if recognise else []
    if only is not None:
        wanted = set(only)
        to_recognise = [i for i in to_recognise if i in wanted]
    return to_link, to_recognise


def analyse_pending(store: Store, events: LibraryEvents, links: _Links, entities: _Entities,
                    progress: Progress, cancelled: Cancelled, *, link: bool = True,
                    recognise: bool = True, only: Collection[int] | None = None,
                    quotes: _Quotes | None = None) -> AnalysisReport:
    """Link, then recognise, every pending article (see the module docstring). Linking always
    covers every pending article (a link needs both ends analysed); ``only`` limits recognition
    to those articles (an export of one article need not wait for the whole library)."""
    if store.read_only:
        return AnalysisReport()
    to_link, to_recognise = pending_work(links, entities, link=link, recognise=recognise, only=only)
    to_quote = quotes.pending() if quotes is not None and link else []  # quotes go with links
    link_set, recognise_set, quote_set = set(to_link), set(to_recognise), set(to_quote)
    todo = sorted(link_set | recognise_set | quote_set)
    steps = len(to_link) + len(to_recognise) + len(to_quote)  # progress counts every stage
    base = linked = added = recognised = quoted = 0
    for first in range(0, len(todo), CHUNK):
        if cancelled():
            break
        chunk = todo[first:first + CHUNK]
        with store.read_once.scope(), events.operation():
            part = [i for i in chunk if i in link_set]
            if part:
                added += links.update(part, _within(progress, base, len(part), steps,
                                                    "finding shared passages"), cancelled)
                linked += len(part)
                base += len(part)
                events.docs_changed(_with_twins(store, part), Change.LINKS)
            part = [i for i in chunk if i in recognise_set]
            if part and not cancelled():
                recognised += len(entities.recognize(
                    part, _within(progress, base, len(part), steps, "recognising entities"),
                    cancelled))
                base += len(part)
            part = [i for i in chunk if i in quote_set]  # after names: evidence for speakers
            if part and quotes is not None and not cancelled():
                quotes.update(part, _within(progress, base, len(part), steps, "finding quotes"),
                              cancelled)
                quoted += len(part)
                base += len(part)
                events.docs_changed(part, Change.QUOTES)
    return AnalysisReport(linked, added, recognised, cancelled(), quoted)


def _within(progress: Progress, base: int, size: int, total: int, message: str) -> Progress:
    """One stage's own progress (k of n) as progress over the whole run."""
    def report(done: int, of: int, _: str) -> None:
        share = min(done, of) / of if of else 1.0
        progress(base + round(share * size), total, message)
    return report


def _with_twins(store: Store, ids: list[int]) -> set[int]:
    """``ids`` and every article sharing a passage with one of them (their marks change too)."""
    out = set(ids)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        rows = store.read(f"SELECT doc_b FROM links WHERE doc_a IN ({marks}) "
                          f"UNION SELECT doc_a FROM links WHERE doc_b IN ({marks})", [*part, *part])
        out.update(r[0] for r in rows)
    return out
