"""LinkService: links stored in the library, computed incrementally, and the queries on them.

``update(doc_ids, progress, cancelled)`` links each new document against the documents
already linked: its distinct n-gram hashes are looked up in ``link_postings`` (the inverted
index), the best ``MAX_CANDIDATES`` documents sharing at least ``MIN_SHARED`` hashes are
aligned with it, and its links, postings and done-mark are written in one transaction. A
pair is always compared with the smaller id as side A, so linking documents one by one gives
the same links as linking them all at once. It is a plain long-running function for
gui/tasks.py (progress, cancel between documents; a cancelled run leaves consistent state).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable
from itertools import pairwise

from desktop.core.errors import NotFound
from desktop.core.model import Cancelled, Progress, Span, SpanKind, never_cancelled, no_progress
from desktop.core.overlap.engine import Prepared, link_pair, prepare
from desktop.core.overlap.types import Link, LinkEnd, LinkKind, PairStats
from desktop.core.store import Reads, Store

MIN_SHARED = 2  # distinct n-gram hashes two documents must share to be compared
MAX_CANDIDATES = 50  # most documents one new document is aligned with (no quadratic blow-up)
CACHE_SIZE = 1024  # prepared articles kept during one update (about 100 KB each)
BATCH = 50  # documents linked per transaction
_CHUNK = 500
_COLS = "id, doc_a, a_start, a_end, doc_b, b_start, b_end, kind, score"


class LinkService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._norm_cache: dict[str, str] = {}

    def _db(self) -> Reads:
        """Reads on this thread's connection (writes go through store.transaction())."""
        return self.store.reads

    # -- computing -------------------------------------------------------------------------
    def pending(self) -> list[int]:
        """Documents not linked yet, in id order."""
        db = self._db()
        done = {r[0] for r in db.execute("SELECT doc FROM link_done")}
        return sorted(self.store.ids() - done)

    def update(self, doc_ids: Iterable[int], progress: Progress = no_progress,
               cancelled: Cancelled = never_cancelled) -> int:
        """Link the given documents (those not yet linked) against the library; returns the
        number of links added. Results are written BATCH documents per transaction."""
        if self.store.read_only:
            return 0
        todo = sorted(set(doc_ids) & set(self.pending()))
        cache: OrderedDict[int, Prepared] = OrderedDict()
        added = 0
        for first in range(0, len(todo), BATCH):
            fresh: dict[int, list[int]] = {}  # postings of this batch, not yet written
            done: list[tuple[int, list[int], list[Link]]] = []
            for k, doc_id in enumerate(todo[first:first + BATCH], first):
                if cancelled():
                    break
                progress(k, len(todo), "linking")
                done.append(self._link_one(doc_id, cache, fresh))
            self._save(done)
            added += sum(len(links) for _, _, links in done)
            if cancelled():
                break
        progress(len(todo), len(todo), "linking done")
        return added

    def update_pending(self, progress: Progress = no_progress,
                       cancelled: Cancelled = never_cancelled) -> int:
        return self.update(self.pending(), progress, cancelled)

    def forget(self, doc_id: int) -> None:
        """Drop a document's links, postings and done-mark (its text changed in place); the
        next update links it again."""
        if self.store.read_only:
            return
        with self.store.transaction() as db:
            db.execute("DELETE FROM links WHERE doc_a=? OR doc_b=?", (doc_id, doc_id))
            db.execute("DELETE FROM link_postings WHERE doc=?", (doc_id,))
            db.execute("DELETE FROM link_done WHERE doc=?", (doc_id,))

    def rebuild(self, progress: Progress = no_progress,
                cancelled: Cancelled = never_cancelled) -> int:
        """Forget every link and link the whole library again."""
        with self.store.transaction() as db:
            for table in ("links", "link_postings", "link_done"):
                db.execute(f"DELETE FROM {table}")
        return self.update_pending(progress, cancelled)

    def _prepared(self, doc_id: int, cache: OrderedDict[int, Prepared]) -> Prepared | None:
        hit = cache.get(doc_id)
        if hit is not None:
            cache.move_to_end(doc_id)
            return hit
        try:
            doc = self.store.document(doc_id)
        except NotFound:
            return None
        p = prepare(doc_id, doc.clean.text, doc.clean.blocks, self._norm_cache)
        cache[doc_id] = p
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
        return p

    def candidates(self, hashes: list[int], exclude: int,
                   fresh: dict[int, list[int]] | None = None) -> list[int]:
        """Linked documents sharing the most of these hashes (at least MIN_SHARED)."""
        db = self._db()
        shared: Counter[int] = Counter()
        for i in range(0, len(hashes), _CHUNK):
            part = hashes[i:i + _CHUNK]
            marks = ",".join("?" * len(part))
            for doc, n in db.execute(f"SELECT doc, count(*) FROM link_postings WHERE hash IN "
                                     f"({marks}) GROUP BY doc", part):
                shared[doc] += n
        if fresh:
            for h in hashes:
                for doc in fresh.get(h, ()):
                    shared[doc] += 1
        shared.pop(exclude, None)
        best = [d for d, n in shared.most_common() if n >= MIN_SHARED]
        return sorted(best[:MAX_CANDIDATES])

    def _link_one(self, doc_id: int, cache: OrderedDict[int, Prepared],
                  fresh: dict[int, list[int]]) -> tuple[int, list[int], list[Link]]:
        new = self._prepared(doc_id, cache)
        if new is None:
            return doc_id, [], []
        hashes = new.distinct_hashes()
        links: list[Link] = []
        for other_id in self.candidates(hashes, doc_id, fresh):
            other = self._prepared(other_id, cache)
            if other is not None:
                a, b = (other, new) if other_id < doc_id else (new, other)
                links += link_pair(a, b)
        for h in hashes:
            fresh.setdefault(h, []).append(doc_id)
        return doc_id, hashes, links

    def _save(self, done: list[tuple[int, list[int], list[Link]]]) -> None:
        if not done:
            return
        live = self.store.ids()
        with self.store.transaction() as db:
            for doc_id, hashes, links in done:
                if doc_id not in live or any(k.a.doc not in live or k.b.doc not in live
                                             for k in links):
                    continue  # removed meanwhile: it stays pending or is gone
                db.executemany("INSERT OR IGNORE INTO link_postings (hash, doc) VALUES (?, ?)",
                               ((h, doc_id) for h in hashes))
                db.executemany(
                    "INSERT INTO links (doc_a, a_start, a_end, doc_b, b_start, b_end, kind, "
                    "score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(k.a.doc, k.a.start, k.a.end, k.b.doc, k.b.start, k.b.end, str(k.kind),
                      k.score) for k in links])
                db.execute("INSERT OR IGNORE INTO link_done (doc) VALUES (?)", (doc_id,))

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
        return PairStats(_covered([(k.a.start, k.a.end) for k in links]) / len_a,
                         _covered([(k.b.start, k.b.end) for k in links]) / len_b,
                         counts, longest)

    def clusters(self) -> list[list[LinkEnd]]:
        """Groups of passages joined by links (overlapping ends in one document join too)."""
        return clusters_of(self.all_links())


def _row_to_link(row: tuple) -> Link:
    lid, da, a0, a1, db_, b0, b1, kind, score = row
    return Link(LinkEnd(da, a0, a1), LinkEnd(db_, b0, b1), LinkKind(kind), score, lid)


def _covered(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, 0
    for s, e in sorted(spans):
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return total


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
