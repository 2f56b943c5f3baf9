"""QuoteService: every article's quotes, extracted once and kept in the library.

Extraction (quotes.py) is pure and fast, but a library of 1,000 articles should not redo it
each time the story map opens, so quotes are stored per article with a done-mark carrying
the grammar version: a newer grammar re-extracts every article on its next update. Like
linking, ``update(doc_ids, progress, cancelled)`` is a plain long-running function (for the
window's background runner); a read-only library extracts on the fly without storing.

Where an article's names were recognised, extraction uses them as evidence for speakers
(names.py), and the done-mark says so: an article recognised after its quotes were found
(recognition may run later than linking) is pending again, once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Protocol

from desktop.core.errors import NotFound
from desktop.core.model import Cancelled, Document, Progress, never_cancelled, no_progress
from desktop.core.store import FeatureSchema, Store
from desktop.core.storymap.names import Name, NameSource
from desktop.core.storymap.quote_process import Input, extract_batch
from desktop.core.storymap.quotes import Quote, extract
from desktop.core.storymap.speakers import Speaker

GRAMMAR_VERSION = 3  # bump when quotes.py/speakers.py change what they find


def marks() -> tuple[int, int]:
    """The done-marks of this grammar: quotes found without, and with recognised names."""
    return GRAMMAR_VERSION * 10, GRAMMAR_VERSION * 10 + 1

BATCH = 50

SCHEMA: FeatureSchema = [("storymap-1", """
CREATE TABLE quotes (
    doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    q_start INTEGER NOT NULL,
    q_end INTEGER NOT NULL,
    parts TEXT NOT NULL,
    speaker TEXT NOT NULL,
    sp_start INTEGER NOT NULL,
    sp_end INTEGER NOT NULL,
    how TEXT NOT NULL,
    kind TEXT NOT NULL,
    pronoun TEXT NOT NULL,
    block INTEGER NOT NULL,
    words TEXT NOT NULL,
    PRIMARY KEY (doc, n)
) WITHOUT ROWID;
CREATE TABLE quotes_done (
    doc INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version INTEGER NOT NULL
)
""")]
_COLS = "doc, n, q_start, q_end, parts, speaker, sp_start, sp_end, how, kind, pronoun, block"
_ALL = _COLS + ", words"


class Extractor(Protocol):
    """Extracts a batch's quotes somewhere else (quote_process.ProcessQuotes); None: do it here."""

    def extract(self, inputs: Sequence[Input],
                cancelled: Cancelled) -> list[tuple[int, list[tuple[Quote, str]], bool]] | None: ...


class QuoteService:
    def __init__(self, store: Store, names: NameSource | None = None) -> None:
        self.store = store
        self.names = names
        self.extractor: Extractor | None = None  # extracts elsewhere (a worker process)

    def pending(self) -> list[int]:
        """Documents whose quotes are not extracted (or were, by an older grammar, or
        without the names recognised since)."""
        done = dict(self.store.read(
            "SELECT doc, version FROM quotes_done WHERE version IN (?, ?)", marks()).fetchall())
        todo = self.store.ids() - done.keys()
        plain = {d for d, v in done.items() if v == marks()[0]}
        if plain and self.names is not None:
            todo |= plain & self.names.recognised()
        return sorted(todo)

    def _names(self, doc_id: int, text: str, recognised: set[int]) -> list[Name] | None:
        if self.names is None or doc_id not in recognised:
            return None
        return self.names.names(doc_id, text)

    def update(self, doc_ids: Iterable[int], progress: Progress = no_progress,
               cancelled: Cancelled = never_cancelled) -> int:
        """Extract and store the quotes of these documents; returns how many were found."""
        if self.store.read_only:
            return 0
        todo = sorted(set(doc_ids))
        recognised = self.names.recognised() if self.names is not None else set()
        found = 0
        for first in range(0, len(todo), BATCH):
            inputs: list[Input] = []
            for k, doc_id in enumerate(todo[first:first + BATCH], first):
                if cancelled():
                    break
                progress(k, len(todo), "finding quotes")
                try:
                    doc = self.store.document(doc_id)
                except NotFound:
                    continue
                names = self._names(doc_id, doc.clean.text, recognised)
                inputs.append((doc_id, doc.clean.text, doc.clean.blocks, names))
            # extracted elsewhere (the window's worker process: quote_process.py), else here
            out = self.extractor.extract(inputs, cancelled) if self.extractor and inputs else None
            batch = [(doc_id, quotes, marks()[with_names]) for doc_id, quotes, with_names in
                     (extract_batch(inputs, cancelled) if out is None else out)]
            self._save(batch)
            found += sum(len(qs) for _, qs, _ in batch)
            if cancelled():
                break
        progress(len(todo), len(todo), "quotes done")
        return found

    def update_pending(self, progress: Progress = no_progress,
                       cancelled: Cancelled = never_cancelled) -> int:
        return self.update(self.pending(), progress, cancelled)

    def forget(self, doc_id: int) -> None:
        """A document's text changed: its quotes are found again on the next update."""
        if self.store.read_only:
            return
        with self.store.transaction() as db:
            db.execute("DELETE FROM quotes WHERE doc=?", (doc_id,))
            db.execute("DELETE FROM quotes_done WHERE doc=?", (doc_id,))

    def _save(self, batch: list[tuple[int, list[tuple[Quote, str]], int]]) -> None:
        if not batch:
            return
        with self.store.transaction() as db:
            ids = [doc_id for doc_id, _, _ in batch]
            live = {r[0] for r in db.execute(  # the batch's own rows: not every id of the library
                f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)}
            for doc_id, quotes, version in batch:
                if doc_id not in live:
                    continue
                db.execute("DELETE FROM quotes WHERE doc=?", (doc_id,))
                db.executemany(f"INSERT INTO quotes ({_ALL}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                               [(*_row(doc_id, n, q), words) for n, (q, words) in enumerate(quotes)])
                db.execute("INSERT OR REPLACE INTO quotes_done (doc, version) VALUES (?, ?)",
                           (doc_id, version))

    # -- reading -------------------------------------------------------------------------
    def quotes(self, doc: Document) -> list[Quote]:
        """The quotes of one document, in text order (extracted now if not stored yet)."""
        done = self.store.read("SELECT version FROM quotes_done WHERE doc=?", (doc.id,)).fetchone()
        if done is None or done[0] not in marks():
            return extract(doc.clean.text, doc.clean.blocks)
        rows = self.store.read(f"SELECT {_COLS} FROM quotes WHERE doc=? ORDER BY n", (doc.id,))
        return [_quote(r) for r in rows]

    def stored(self) -> dict[int, list[tuple[Quote, str]]]:
        """Every stored quote with its words, by document (pending documents are missing)."""
        out: dict[int, list[tuple[Quote, str]]] = {}
        rows = self.store.read(
            f"SELECT {_ALL} FROM quotes WHERE doc IN (SELECT doc FROM quotes_done "
            f"WHERE version IN (?, ?)) ORDER BY doc, n", marks())
        for r in rows:
            out.setdefault(r[0], []).append((_quote(r[:-1]), r[-1]))
        return out


def _row(doc_id: int, n: int, q: Quote) -> tuple[object, ...]:
    s = q.speaker
    return (doc_id, n, q.start, q.end, json.dumps([list(p) for p in q.parts]), s.name, s.start,
            s.end, s.how, s.kind, s.pronoun, q.block)


def _quote(r: tuple) -> Quote:
    _, _, start, end, parts, name, sp0, sp1, how, kind, pronoun, block = r
    return Quote(start, end, tuple((int(a), int(b)) for a, b in json.loads(parts)),
                 Speaker(name, sp0, sp1, how, kind, pronoun), block)
