"""Incremental, order-free linking over the store: the rule of candidates.py kept true.

The state, per linked article X: its sampled hashes in ``link_postings``, its chosen
candidates top(X) in ``link_top`` (other, shared, tie), its done-mark in ``link_done``; the
links of every compared pair {X, Y} (Y in top(X) or X in top(Y)) in ``links``.

* **Adding** Z: Z's shares with the linked articles come from the postings; top(Z) is
  chosen; every article Y that Z now outranks in Y's own list takes Z in and lets its last
  choice W go, and the pair {Y, W} is dropped (its links deleted) unless W still chose Y.
  Adding never changes the shares between two older articles, so nothing else moves.
* **Rechecking** X: when an article X had chosen was removed (``link_top.other`` then
  points at no document) or changed in place, X's list is recomputed from its postings; pairs
  it no longer makes are dropped, new ones aligned.

After each step the stored pairs are exactly those the rule gives for the linked set, so the
links depend only on which articles are in the library, never on the order they came in.
Each step is computed outside the write lock and written in one short transaction, which
first checks that every article it touched is still there and unchanged (else the step is
left for the next run).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.errors import NotFound
from desktop.core.overlap import candidates as rule
from desktop.core.overlap.cache import PreparedCache
from desktop.core.overlap.engine import Prepared, link_pair, prepare
from desktop.core.overlap.types import Link, LinkEnd, LinkKind
from desktop.core.store import Reads, Store

_CHUNK = 500
# MiB of SQLite pages a linking connection keeps (store.page_cache): the postings, choices and
# links are read and written at random by article, and outgrow SQLite's 2 MiB default at a
# few thousand articles (docs/benchmarks.md, #14 round 7)
PAGE_CACHE_MIB = 64
Row = tuple[int, int, int]  # (other, shared, tie)


@dataclass
class Step:
    """What one add or recheck writes."""

    doc: int
    new: bool  # an added article (postings and done-mark written) or a recheck
    hashes: list[int] = field(default_factory=list)
    top: list[Row] = field(default_factory=list)  # the article's own chosen candidates
    chosen_by: list[tuple[int, int, int]] = field(default_factory=list)  # (y, shared, tie): y takes doc
    evict: list[tuple[int, int]] = field(default_factory=list)  # link_top rows deleted (y, w)
    dropped: set[tuple[int, int]] = field(default_factory=set)  # pairs whose links go
    links: list[Link] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # linked articles the step relied on
    crossed: list[int] = field(default_factory=list)  # hashes the article made frequent


class Linker:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: PreparedCache[int, None] = PreparedCache()  # bounded by bytes (cache.py)
        self._keys: dict[int, tuple[str, int]] = {}
        self.prepared_count = 0  # articles prepared (for the benchmark: misses of the cache)
        self.cap = rule.max_df(0)  # frequent-hash cap of this run (LinkService sets it)
        # steps planned but not yet written (one batch): what they add, seen by later plans
        # a batch result being loaded: pairs aligned there, by (content hash A, content hash B),
        # with their links as (a_start, a_end, b_start, b_end, kind, score); new articles' hashes
        self.known: dict[tuple[str, str], list[tuple[int, int, int, int, LinkKind, float]]] = {}
        self.known_hashes: dict[int, list[int]] = {}
        self._fresh: dict[int, list[int]] = {}  # hash -> new articles of the batch
        self._tops: dict[int, list[Row]] = {}  # the current top list of articles touched

    def _db(self) -> Reads:
        return self.store.reads

    # -- reading the state ------------------------------------------------------------------
    def prepared(self, doc_id: int) -> Prepared | None:
        hit = self.cache.get(doc_id)
        if hit is not None:
            return hit
        try:
            doc = self.store.document(doc_id)
        except NotFound:
            return None
        p = prepare(doc_id, doc.clean.text, doc.clean.blocks, doc.content_hash)
        self.prepared_count += 1
        self._keys[doc_id] = (doc.content_hash, rule.key_number(doc.content_hash))
        self.cache.put(doc_id, p, None)
        return p

    def forget_cached(self, doc_id: int) -> None:
        self.cache.pop(doc_id)
        self._keys.pop(doc_id, None)

    def keys(self, ids: Iterable[int]) -> dict[int, int]:
        want = [i for i in ids if i not in self._keys]
        for part in chunks(want):
            rows = self._db().execute(
                f"SELECT id, content_hash FROM documents WHERE id IN ({marks(part)})", part)
            for doc, h in rows:
                self._keys[doc] = (h, rule.key_number(h))
        return {i: self._keys[i][1] for i in ids if i in self._keys}

    def shares(self, hashes: list[int], doc_id: int, *, new: bool) -> tuple[dict[int, int], list[int]]:
        """Linked articles sharing hashes with ``doc_id``, counting only hashes held by at most
        ``cap`` articles (``doc_id`` included); and, for a new article, the hashes it makes
        frequent (held by cap + 1 articles with it)."""
        holders: dict[int, list[int]] = {}
        hashes = self._not_frequent(hashes)
        for part in chunks(hashes):
            for h, doc in self._db().execute(
                    f"SELECT hash, doc FROM link_postings WHERE hash IN ({marks(part)})", part):
                holders.setdefault(h, []).append(doc)
        if self._fresh:  # (a frequent hash's new holders must not make it count again)
            for h in hashes:
                if h in self._fresh:
                    holders.setdefault(h, []).extend(self._fresh[h])
        out: dict[int, int] = {}
        crossed = []
        for h, docs in holders.items():
            df = len(docs) + new
            if df > self.cap:
                if new and df == self.cap + 1:
                    crossed.append(h)
                continue
            for d in docs:
                out[d] = out.get(d, 0) + 1
        out.pop(doc_id, None)
        return out, crossed

    def _not_frequent(self, hashes: list[int]) -> list[int]:
        """The hashes not already known to be frequent (``link_frequent``): their posting lists
        are not read at all, so looking an article up costs the same in a library of a million
        articles as in one of a thousand (a frequent hash's list grows with the library)."""
        frequent: set[int] = set()
        for part in chunks(hashes):
            frequent.update(h for (h,) in self._db().execute(
                f"SELECT hash FROM link_frequent WHERE hash IN ({marks(part)})", part))
        return [h for h in hashes if h not in frequent] if frequent else hashes

    def tops(self, ids: Iterable[int]) -> dict[int, list[Row]]:
        """The current top lists of these articles (planned steps included). A row with
        ``other`` 0 is not a choice but a mark (recheck this article: a hash it holds changed
        side); it stays in the table until the recheck and is never a candidate to let go
        (it was: an article marked mid-run evicted "article 0", every later batch touching
        it failed its write, and linking stopped with most of the library pending)."""
        out = {i: self._tops[i] for i in ids if i in self._tops}
        want = [i for i in ids if i not in self._tops]
        for part in chunks(want):
            for doc, other, n, t in self._db().execute(
                    f"SELECT doc, other, shared, tie FROM link_top WHERE doc IN ({marks(part)}) "
                    "AND other <> 0", part):
                out.setdefault(doc, []).append((other, n, t))
        return out

    def chooses(self, pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """Which of these (x, y) hold: x has chosen y."""
        want = list(pairs)
        tops = self.tops({x for x, _ in want})
        chosen = {(x, o) for x, rows in tops.items() for o, _, _ in rows}
        return {p for p in want if p in chosen}

    # -- steps -----------------------------------------------------------------------------
    def plan_add(self, doc_id: int) -> Step | None:
        hashes = self.known_hashes.pop(doc_id, None)
        if hashes is None:
            new = self.prepared(doc_id)
            if new is None:
                return None
            hashes = new.distinct_hashes()
        step = Step(doc_id, True, hashes)
        shared, step.crossed = self.shares(step.hashes, doc_id, new=True)
        cand = {y: n for y, n in shared.items() if n >= rule.MIN_SHARED}
        keys = self.keys([*cand, doc_id])
        cand = {y: n for y, n in cand.items() if y in keys}
        kz = keys[doc_id]
        step.top = rule.top(kz, cand, keys)
        align = {y for y, _, _ in step.top}
        tops = self.tops(cand)
        for y, n in cand.items():
            t = rule.tie(kz, keys[y])
            rows = tops.get(y, [])
            if len(rows) >= rule.MAX_CANDIDATES:
                worst = max(rows, key=lambda r: rule.rank_key(r[1], r[2]))
                if rule.rank_key(n, t) >= rule.rank_key(worst[1], worst[2]):
                    continue
                step.evict.append((y, worst[0]))
            step.chosen_by.append((y, n, t))
            align.add(y)
        evicted = set(step.evict)
        still = self.chooses((w, y) for y, w in step.evict)
        step.dropped = {_pair(y, w) for y, w in step.evict
                        if (w, y) not in still or (w, y) in evicted}
        step.touched = set(cand) | {w for _, w in step.evict}
        step.links = self._align(doc_id, align)
        return step

    def plan_recheck(self, doc_id: int) -> Step:
        step = Step(doc_id, False)
        hashes = [h for (h,) in self._db().execute(
            "SELECT hash FROM link_postings WHERE doc=?", (doc_id,))]
        shared, _ = self.shares(hashes, doc_id, new=False)
        cand = {y: n for y, n in shared.items() if n >= rule.MIN_SHARED}
        keys = self.keys([*cand, doc_id])
        cand = {y: n for y, n in cand.items() if y in keys}
        if doc_id not in keys:
            return step
        step.top = rule.top(keys[doc_id], cand, keys)
        old = {o for o, _, _ in self.tops([doc_id]).get(doc_id, [])}
        now = {y for y, _, _ in step.top}
        back = self.chooses((y, doc_id) for y in old | now)  # pairs others keep making
        step.dropped = {_pair(doc_id, w) for w in old - now if (w, doc_id) not in back}
        fresh = {v for v in now - old if (v, doc_id) not in back}
        step.touched = set(cand)
        if fresh:
            step.links = self._align(doc_id, fresh)
        return step

    def _align(self, doc_id: int, others: Iterable[int]) -> list[Link]:
        """The links of doc_id with each of others: from ``known`` when the pair was aligned
        elsewhere (a batch result), else aligned here."""
        links: list[Link] = []
        self.keys([doc_id, *others])
        for other_id in sorted(others):
            if doc_id not in self._keys or other_id not in self._keys:
                continue
            (hx, _), (hy, _) = self._keys[doc_id], self._keys[other_id]
            (ida, ha), (idb, hb) = ((doc_id, hx), (other_id, hy)) if rule.orient(hx, hy) \
                else ((other_id, hy), (doc_id, hx))
            known = self.known.get((ha, hb))
            if known is not None:
                links += [Link(LinkEnd(ida, a0, a1), LinkEnd(idb, b0, b1), kind, score)
                          for a0, a1, b0, b1, kind, score in known]
                continue
            a, b = self.prepared(ida), self.prepared(idb)
            if a is not None and b is not None:
                links += link_pair(a, b)
        return links

    def apply(self, step: Step) -> None:
        """Make a planned step visible to the next plans of the batch."""
        tops = self.tops([y for y, _, _ in step.chosen_by])
        evicted = set(step.evict)
        for y, n, t in step.chosen_by:
            rows = [r for r in tops.get(y, []) if (y, r[0]) not in evicted]
            self._tops[y] = [*rows, (step.doc, n, t)]
        self._tops[step.doc] = list(step.top)
        if step.new:
            for h in step.hashes:
                self._fresh.setdefault(h, []).append(step.doc)

    # -- writing ---------------------------------------------------------------------------
    def write(self, steps: list[Step]) -> bool:
        """Write planned steps in one transaction; False (nothing written, the articles stay
        pending) when an article they relied on was removed or changed meanwhile."""
        self._fresh, self._tops = {}, {}
        if not steps:
            return True
        mine = {s.doc for s in steps}
        need: set[int] = set()
        for step in steps:
            need |= step.touched | {k.a.doc for k in step.links} | {k.b.doc for k in step.links}
        with self.store.transaction() as db:
            if not _all_linked(db, need - mine) or not all(_exists(db, d) for d in mine):
                return False
            for step in steps:
                self._write(db, step)
        return True

    def _write(self, db: sqlite3.Connection, step: Step) -> None:
        if step.new:
            db.executemany("INSERT OR IGNORE INTO link_postings (hash, doc) VALUES (?, ?)",
                           ((h, step.doc) for h in step.hashes))
            db.execute("INSERT OR IGNORE INTO link_done (doc) VALUES (?)", (step.doc,))
        for h in step.crossed:  # shares among the articles holding h fell: recheck them
            db.execute("INSERT OR IGNORE INTO link_frequent (hash) VALUES (?)", (h,))
            db.execute("INSERT OR IGNORE INTO link_top (doc, other, shared, tie) "
                       "SELECT doc, 0, 0, 0 FROM link_postings WHERE hash=? AND doc<>?",
                       (h, step.doc))
        db.execute("DELETE FROM link_top WHERE doc=?", (step.doc,))
        db.executemany("INSERT INTO link_top (doc, other, shared, tie) VALUES (?, ?, ?, ?)",
                       ((step.doc, o, n, t) for o, n, t in step.top))
        db.executemany("DELETE FROM link_top WHERE doc=? AND other=?", step.evict)
        db.executemany("INSERT OR REPLACE INTO link_top (doc, other, shared, tie) "
                       "VALUES (?, ?, ?, ?)", ((y, step.doc, n, t) for y, n, t in step.chosen_by))
        for x, y in step.dropped:
            db.execute("DELETE FROM links WHERE (doc_a=? AND doc_b=?) OR (doc_a=? AND doc_b=?)",
                       (x, y, y, x))
        db.executemany(
            "INSERT INTO links (doc_a, a_start, a_end, doc_b, b_start, b_end, kind, score) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(k.a.doc, k.a.start, k.a.end, k.b.doc, k.b.start, k.b.end, str(k.kind), k.score)
             for k in step.links])


def frequent_changes(db: Reads, cap: int) -> tuple[list[int], list[int]]:
    """What makes ``link_frequent`` the hashes held by more than ``cap`` articles: the hashes
    to take out of it (removals, or a cap that rose with the library) and those to put in
    (a cap that fell below the one it was last settled for; a full scan of the postings, so
    only then)."""
    back = [h for (h,) in db.execute(
        "SELECT hash FROM link_frequent f WHERE "
        "(SELECT count(*) FROM link_postings p WHERE p.hash = f.hash) <= ?", (cap,))]
    row = db.execute("SELECT value FROM link_state WHERE key='max_df'").fetchone()
    up: list[int] = []
    if row is None or cap < row[0]:
        up = [h for (h,) in db.execute(
            "SELECT hash FROM link_postings GROUP BY hash HAVING count(*) > ? "
            "EXCEPT SELECT hash FROM link_frequent", (cap,))]
    return back, up


def settle_frequent(store: Store, cap: int) -> int:
    """Make ``link_frequent`` true for ``cap`` (candidates.max_df of the library's size):
    hashes no longer frequent raise the shares among the articles holding them, hashes newly
    frequent lower them; either way those articles are marked for a recheck. Returns the
    number of hashes settled."""
    back, up = frequent_changes(store.reads, cap)
    row = store.reads.execute("SELECT value FROM link_state WHERE key='max_df'").fetchone()
    if back or up or row is None or row[0] != cap:
        with store.transaction() as db:
            for h in back + up:
                db.execute("INSERT OR IGNORE INTO link_top (doc, other, shared, tie) "
                           "SELECT doc, 0, 0, 0 FROM link_postings WHERE hash=?", (h,))
            db.executemany("DELETE FROM link_frequent WHERE hash=?", ((h,) for h in back))
            db.executemany("INSERT OR IGNORE INTO link_frequent (hash) VALUES (?)",
                           ((h,) for h in up))
            db.execute("INSERT OR REPLACE INTO link_state (key, value) VALUES ('max_df', ?)",
                       (cap,))
    return len(back) + len(up)


def _pair(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


def chunks(items: list[int]) -> Iterable[list[int]]:
    """``items`` in parts small enough for one ``IN (…)`` of SQLite's bound parameters."""
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]


def marks(part: list[int]) -> str:
    """The ``?, ?, …`` placeholders of one part."""
    return ",".join("?" * len(part))


def _exists(db: sqlite3.Connection, doc: int) -> bool:
    return db.execute("SELECT 1 FROM documents WHERE id=?", (doc,)).fetchone() is not None


def _all_linked(db: sqlite3.Connection, ids: set[int]) -> bool:
    items = list(ids)
    found = 0
    for part in chunks(items):
        found += db.execute(f"SELECT count(*) FROM link_done WHERE doc IN ({marks(part)})",
                            part).fetchone()[0]
    return found == len(items)
