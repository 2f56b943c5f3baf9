"""LinkService: links stored in the library, computed incrementally, and the queries on them.

``update(doc_ids, progress, cancelled)`` brings the given documents up to date one at a time
(linker.py): a new document is linked against the documents already linked, a document whose
chosen candidate was removed or changed is rechecked. Which pairs are aligned follows one rule
over the set of linked documents (candidates.py) and each pair is aligned with the document
of smaller content hash as side A, so the links do not depend on the order documents were
imported or linked in, and equal what the batch job (desktop/batch) computes for the same set.
It is a plain long-running function for gui/tasks.py (progress, cancel between documents; a
cancelled run leaves consistent state).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Protocol

from desktop.core.intervals import covered
from desktop.core.model import Cancelled, Progress, Span, SpanKind, never_cancelled, no_progress
from desktop.core.overlap import candidates
from desktop.core.overlap.cache import settle_heap, thaw_heap
from desktop.core.overlap.link_process import plan_batch
from desktop.core.overlap.linker import (
    PAGE_CACHE_MIB,
    Linker,
    Step,
    chunks,
    frequent_changes,
    marks,
    settle_frequent,
)
from desktop.core.overlap.types import Link, LinkEnd, LinkKind, PairStats
from desktop.core.store import Reads, Store

BATCH = 50  # documents linked per transaction
_COLS = "id, doc_a, a_start, a_end, doc_b, b_start, b_end, kind, score"


class LinkService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.linker = Linker(store)
        # plans batches elsewhere (the window's worker process: link_process.py); None: here
        self.planner: Planner | None = None

    def _db(self) -> Reads:
        """Reads on this thread's connection (writes go through store.transaction())."""
        return self.store.reads

    # -- computing -------------------------------------------------------------------------
    def pending(self) -> list[int]:
        """Documents to bring up to date, in id order: those not linked yet, and linked ones
        to recheck (a document they had chosen was removed or changed, or a hash they hold
        changed between rare and frequent: removals, or the cap moving with the library's
        size)."""
        db = self._db()
        done = {r[0] for r in db.execute("SELECT doc FROM link_done")}
        back, up = frequent_changes(db, self.cap())
        holders: set[int] = set()
        for part in chunks(back + up):
            holders |= {r[0] for r in db.execute(
                f"SELECT DISTINCT doc FROM link_postings WHERE hash IN ({marks(part)})", part)}
        return sorted((self.store.ids() - done) | self._stale(db) | holders)

    def cap(self) -> int:
        """The frequent-hash cap for the library as it is (candidates.max_df of its size)."""
        (n,) = self._db().execute("SELECT count(*) FROM documents").fetchone()
        return candidates.max_df(int(n))

    def _stale(self, db: Reads) -> set[int]:
        gone = [r[0] for r in db.execute(
            "SELECT DISTINCT other FROM link_top EXCEPT SELECT id FROM documents")]
        out: set[int] = set()
        for part in chunks(gone):
            out |= {r[0] for r in db.execute(
                f"SELECT doc FROM link_top WHERE other IN ({marks(part)})", part)}
        return out

    def _state_of(self, db: Reads, ids: list[int]) -> tuple[set[int], set[int]]:
        """Of these documents: those not linked yet, and the linked ones to recheck (a choice of
        theirs points at no document: one removed, or 0, a mark) — by the documents' own rows."""
        new: set[int] = set()
        stale: set[int] = set()
        for part in chunks(ids):
            held = marks(part)
            there = {r[0] for r in db.execute(
                f"SELECT id FROM documents WHERE id IN ({held})", part)}
            done = {r[0] for r in db.execute(
                f"SELECT doc FROM link_done WHERE doc IN ({held})", part)}
            new |= there - done
            stale |= done & {r[0] for r in db.execute(
                f"SELECT DISTINCT t.doc FROM link_top t WHERE t.doc IN ({held}) AND NOT EXISTS "
                "(SELECT 1 FROM documents d WHERE d.id = t.other)", part)}
        return new, stale

    def _marked(self, db: Reads) -> set[int]:
        """The linked documents marked for a recheck (a ``link_top`` row with other 0: a hash
        they hold changed side, or a document they chose changed in place)."""
        return {r[0] for r in db.execute(
            "SELECT DISTINCT t.doc FROM link_top t JOIN link_done d ON d.doc = t.doc "
            "WHERE t.other = 0")}

    def update(self, doc_ids: Iterable[int], progress: Progress = no_progress,
               cancelled: Cancelled = never_cancelled) -> int:
        """Bring the given documents up to date (those pending); returns the number of links
        added. Results are written BATCH documents per transaction (planned outside it). A
        hash that becomes frequent meanwhile marks the documents holding it for a recheck,
        which the same call does.

        What a call reads is the given documents' state and the marks, never a whole table:
        the window links its imports 64 articles per call (core/analysis.py), and each call
        used to read every done-mark, every id and every choice (three scans of the library,
        100 ms a call at 46,000 articles: more than the 64 articles' linking cost to the
        call, and growing with the library; docs/benchmarks.md, #14 item 6, round 8). A
        choice pointing at a document removed meanwhile is found by :meth:`pending` (the next
        analysis) rather than by a later round of this call."""
        if self.store.read_only:
            return 0
        wanted = sorted(set(doc_ids))
        added = 0
        self.linker.cap = cap = self.cap()  # the set this run links towards: the library
        for round_ in range(3):  # later rounds: rechecks this run made necessary (crossings)
            settle_frequent(self.store, cap)
            db = self._db()
            new, stale = self._state_of(db, wanted) if round_ == 0 else (set(), self._marked(db))
            if cancelled() or not (stale or new):
                break
            todo = [(d, False) for d in sorted(stale)] + [(d, True) for d in sorted(new)]
            added += self._run(todo, progress, cancelled)
        return added

    def _run(self, todo: list[tuple[int, bool]], progress: Progress, cancelled: Cancelled) -> int:
        """Plan and write ``todo`` BATCH articles at a time. Where the planning (and so the
        prepared-article cache) is in this process, the heap is settled after each batch and
        thawed at the end (cache.py: the garbage collector); the writes keep a larger page
        cache meanwhile (store.page_cache)."""
        added = 0
        here = False  # a batch was planned in this process
        self.store.page_cache(PAGE_CACHE_MIB)
        try:
            for first in range(0, len(todo), BATCH):
                batch = todo[first:first + BATCH]
                steps = None
                if self.planner is not None and not self.linker.known:
                    progress(first, len(todo), "linking")
                    steps = self.planner.plan(batch, self.linker.cap, cancelled, first == 0)
                if steps is None:  # (no worker, or it died: nothing of the batch was written)
                    here = True
                    steps = plan_batch(self.linker, batch, _checking(cancelled, progress, first,
                                                                      len(todo)))
                if self.linker.write(steps):
                    added += sum(len(s.links) for s in steps)
                if here:
                    settle_heap()
                if cancelled():
                    break
        finally:
            self.store.page_cache(None)
            if here:
                thaw_heap()
        progress(len(todo), len(todo), "linking done")
        return added

    def update_pending(self, progress: Progress = no_progress,
                       cancelled: Cancelled = never_cancelled) -> int:
        return self.update(self.pending(), progress, cancelled)

    def forget(self, doc_id: int) -> None:
        """Drop a document's links, postings, choices and done-mark (its text changed in
        place): the next update links it again, and rechecks the documents that had chosen it."""
        if self.store.read_only:
            return
        self.linker.forget_cached(doc_id)
        if self.planner is not None:
            self.planner.forget(doc_id)
        with self.store.transaction() as db:
            chose = [r[0] for r in db.execute("SELECT doc FROM link_top WHERE other=? AND doc<>?",
                                              (doc_id, doc_id))]
            db.execute("DELETE FROM links WHERE doc_a=? OR doc_b=?", (doc_id, doc_id))
            db.execute("DELETE FROM link_postings WHERE doc=?", (doc_id,))
            db.execute("DELETE FROM link_top WHERE doc=? OR other=?", (doc_id, doc_id))
            db.execute("DELETE FROM link_done WHERE doc=?", (doc_id,))
            # a row pointing at no document marks a chooser to recheck (see pending)
            db.executemany("INSERT OR IGNORE INTO link_top (doc, other, shared, tie) "
                           "VALUES (?, 0, 0, 0)",
                           ((d,) for d in chose))

    def rebuild(self, progress: Progress = no_progress,
                cancelled: Cancelled = never_cancelled) -> int:
        """Forget every link and link the whole library again."""
        with self.store.transaction() as db:
            for table in ("links", "link_postings", "link_top", "link_done", "link_frequent",
                          "link_state"):
                db.execute(f"DELETE FROM {table}")
        return self.update_pending(progress, cancelled)

    # -- queries ---------------------------------------------------------------------------
    def all_links(self) -> list[Link]:
        rows = self._db().execute(f"SELECT {_COLS} FROM links ORDER BY id")
        return [_row_to_link(r) for r in rows]

    def for_document(self, doc_id: int) -> list[Link]:
        """Links with one end in doc_id, oriented so that ``a`` is that end, in text order."""
        rows = self._db().execute(
            f"SELECT {_COLS} FROM links WHERE doc_a=? UNION ALL "
            f"SELECT {_COLS} FROM links WHERE doc_b=?", (doc_id, doc_id))
        out = [_row_to_link(r).seen_from(doc_id) for r in rows]
        return sorted(out, key=lambda k: (k.a.start, k.b.doc, k.b.start))

    def pair(self, a: int, b: int) -> list[Link]:
        """Links between a and b, oriented a → b, in a's text order."""
        return [k for k in self.for_document(a) if k.b.doc == b]

    def linked_docs(self, doc_id: int) -> list[int]:
        return sorted({k.b.doc for k in self.for_document(doc_id)})

    def spans(self, doc_id: int) -> list[Span]:
        """Link ends in one document as spans (kind LINK, label the link kind)."""
        return [Span(k.a.start, k.a.end, SpanKind.LINK, str(k.kind)) for k in self.for_document(doc_id)]

    def stats(self, a: int, b: int) -> PairStats:
        links = self.pair(a, b)
        len_a = len(self.store.clean_text(a)) or 1
        len_b = len(self.store.clean_text(b)) or 1
        counts = {str(k): sum(1 for x in links if x.kind == k) for k in LinkKind}
        longest = max((max(k.a.end - k.a.start, k.b.end - k.b.start) for k in links), default=0)
        return PairStats(covered([(k.a.start, k.a.end) for k in links]) / len_a,
                         covered([(k.b.start, k.b.end) for k in links]) / len_b,
                         counts, longest)

    def clusters(self) -> list[list[LinkEnd]]:
        """Groups of passages joined by links (overlapping ends in one document join too)."""
        return clusters_of(self.all_links())


class Planner(Protocol):
    """Plans a batch of steps somewhere else (link_process.ProcessPlanner)."""

    def plan(self, todo: list[tuple[int, bool]], cap: int, cancelled: Cancelled,
             first: bool = False) -> list[Step] | None: ...

    def forget(self, doc_id: int) -> None: ...


def _checking(cancelled: Cancelled, progress: Progress, first: int, total: int) -> Cancelled:
    """``cancelled`` that also reports progress before each article of the batch."""
    k = first

    def check() -> bool:
        nonlocal k
        if cancelled():
            return True
        progress(k, total, "linking")
        k += 1
        return False
    return check


def _row_to_link(row: tuple) -> Link:
    lid, da, a0, a1, db_, b0, b1, kind, score = row
    return Link(LinkEnd(da, a0, a1), LinkEnd(db_, b0, b1), LinkKind(kind), score, lid)


def clusters_of(links: list[Link]) -> list[list[LinkEnd]]:
    parent: dict[LinkEnd, LinkEnd] = {}

    def find(x: LinkEnd) -> LinkEnd:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in links:
        parent[find(k.a)] = find(k.b)
    by_doc: dict[int, list[LinkEnd]] = {}
    for end in list(parent):
        by_doc.setdefault(end.doc, []).append(end)
    for ends in by_doc.values():  # overlapping ends in one document are one passage
        ends.sort()
        for x, y in pairwise(ends):
            if y.start < x.end:
                parent[find(x)] = find(y)
    groups: dict[LinkEnd, list[LinkEnd]] = {}
    for end in parent:
        groups.setdefault(find(end), []).append(end)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
