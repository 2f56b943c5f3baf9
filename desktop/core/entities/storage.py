"""Reading and writing the entity tables (recognition results; corrections are curation.py).

Candidates are stored per document with the recogniser's name, so a new model or cleanup
version makes documents pending again, and opening an article later only reads the store.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from desktop.core.entities.candidates import Candidate
from desktop.core.entities.labels import Label
from desktop.core.entities.name_sync import forget_names, mark_names_stale
from desktop.core.model import Document
from desktop.core.store import Reads, Store

LexiconRow = tuple[str, str, str, int]  # key, surface, label, count
CONFIDENT_VOTES = 3
# the lexicon's rows: multi-word names from headline-style blocks do not vote ("Xi Set to
# Meet"); a label the sentence gave (confident) counts as much as CONFIDENT_VOTES model guesses
_ROWS = ("SELECT key, text, label, sum(CASE WHEN confident THEN ? ELSE 1 END) "
         "FROM entity_candidates WHERE {where} (titlecase=0 OR instr(key, ' ')=0) "
         "GROUP BY key, text, label")


class Saved(NamedTuple):
    ids: list[int]  # the documents saved (not removed meanwhile)
    rows: list[LexiconRow]  # the lexicon's rows added (count < 0: taken back)
    revision: int  # the store revision the save committed as
    lexicon_before: int | None = None  # the lexicon's stamp just before the save, and after
    lexicon_after: int | None = None  # (lexicon_rev; None in a library without it)


def vote_rows(text: str, cands: Iterable[Candidate]) -> Counter[tuple[str, str, str]]:
    """The lexicon rows of one article's candidates, as :meth:`EntityStore.lexicon_rows`
    counts them: (key, surface, label) -> votes."""
    rows: Counter[tuple[str, str, str]] = Counter()
    for c in cands:
        if not c.titlecase or " " not in c.key:
            rows[(c.key, text[c.start:c.end], str(c.label))] += CONFIDENT_VOTES if c.confident else 1
    return rows


class EntityStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    def db(self) -> Reads:
        """Reads on this thread's connection (writes go through store.transaction())."""
        return self.store.reads

    def pending(self, model: str) -> list[int]:
        rows = self.db().execute(
            "SELECT id FROM documents WHERE id NOT IN "
            "(SELECT doc_id FROM entity_runs WHERE model=?) ORDER BY id", (model,))
        return [r[0] for r in rows]

    def recognised(self, model: str) -> set[int]:
        """The documents recognised by ``model`` (the others are :meth:`pending`); one read
        of the runs, not of every document (asked once per quote batch while analysing)."""
        return {r[0] for r in self.db().execute(
            "SELECT doc_id FROM entity_runs WHERE model=?", (model,))}

    def save(self, model: str, docs: Sequence[Document], found: Sequence[Sequence[Candidate]],
             breaks: Sequence[Sequence[int]]) -> Saved:
        """Replace the candidates of ``docs`` in one transaction: the ids actually saved, how
        the lexicon's rows changed and the revision the transaction committed as."""
        saved = []
        delta: Counter[tuple[str, str, str]] = Counter()
        with self.store.transaction() as db:
            before = lexicon_rev(db)
            for doc, cands, cuts in zip(docs, found, breaks, strict=True):
                if db.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone() is None:
                    continue  # removed while we worked
                delta.subtract({(k, t, lab): n for k, t, lab, n in db.execute(
                    _ROWS.format(where="doc_id=? AND"), (CONFIDENT_VOTES, doc.id))})
                delta.update(vote_rows(doc.clean.text, cands))
                db.execute("DELETE FROM entity_candidates WHERE doc_id=?", (doc.id,))
                db.executemany(
                    "INSERT INTO entity_candidates (doc_id, lo, hi, label, key, text, titlecase, "
                    "confident) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(doc.id, c.start, c.end, str(c.label), c.key, doc.clean.text[c.start:c.end],
                      int(c.titlecase), int(c.confident)) for c in cands])
                db.execute("INSERT OR REPLACE INTO entity_runs (doc_id, model, done_at, breaks) "
                           "VALUES (?, ?, datetime('now'), ?)",
                           (doc.id, model, " ".join(map(str, cuts))))
                saved.append(doc.id)
            # the names reach the index even if the process dies before it is updated
            rev = mark_names_stale(self.store, db, saved)
            after = lexicon_rev(db)
        return Saved(saved, [(k, t, lab, n) for (k, t, lab), n in delta.items() if n], rev,
                     before, after)

    def forget(self, doc_id: int) -> None:
        """A corrected version replaced the document's texts: recognise it again, and move
        its own corrections to the nearest place their text still stands (or drop them)."""
        text = self.store.clean_text(doc_id)
        with self.store.transaction() as db:
            db.execute("DELETE FROM entity_runs WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM entity_candidates WHERE doc_id=?", (doc_id,))
            forget_names(db, doc_id)
            rows = db.execute("SELECT id, lo, surface FROM entity_corrections "
                              "WHERE doc_id=? AND lo IS NOT NULL", (doc_id,)).fetchall()
            for cid, lo, surface in rows:
                spot = nearest(text, surface, lo)
                if spot is None:
                    db.execute("DELETE FROM entity_corrections WHERE id=?", (cid,))
                elif spot != lo:
                    db.execute("UPDATE entity_corrections SET lo=?, hi=? WHERE id=?",
                               (spot, spot + len(surface), cid))

    def is_recognized(self, doc_id: int) -> bool:
        return self.db().execute("SELECT 1 FROM entity_runs WHERE doc_id=?",
                                 (doc_id,)).fetchone() is not None

    def candidates(self, doc_id: int) -> list[Candidate]:
        rows = self.db().execute("SELECT lo, hi, label, key, titlecase, confident "
                                 "FROM entity_candidates WHERE doc_id=? ORDER BY lo", (doc_id,))
        return [Candidate(lo, hi, Label(lab), key, bool(t), bool(c))
                for lo, hi, lab, key, t, c in rows]

    def breaks(self, doc_id: int) -> list[int]:
        """The line breaks no name of this document may cross (clean offsets)."""
        row = self.db().execute("SELECT breaks FROM entity_runs WHERE doc_id=?",
                                (doc_id,)).fetchone()
        return [int(b) for b in row[0].split()] if row else []

    def lexicon_rows(self) -> list[LexiconRow]:
        return self.db().execute(_ROWS.format(where=""), (CONFIDENT_VOTES,)).fetchall()

    def docs_with(self, keys: Sequence[str], added_too: bool = False) -> list[int]:
        """Documents with a candidate whose key is one of ``keys`` (and, with ``added_too``,
        documents where the user marked such a name)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        sql = f"SELECT DISTINCT doc_id FROM entity_candidates WHERE key IN ({marks})"
        args = list(keys)
        if added_too:
            sql += (f" UNION SELECT doc_id FROM entity_corrections "
                    f"WHERE action='add' AND key IN ({marks})")
            args += list(keys)
        return sorted(r[0] for r in self.db().execute(sql, args) if r[0] is not None)


def lexicon_rev(db: Reads) -> int | None:
    """The stamp of what the library lexicon is built from: it moves with every write to the
    candidates or the corrections (triggers of schema step entities-5), and only then (a
    link, a quote, a highlight leave it). None in a library without the step (read-only)."""
    try:
        row = db.execute("SELECT n FROM entity_lexicon_rev WHERE id = 0").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


def nearest(text: str, surface: str, near: int) -> int | None:
    """Start of the occurrence of ``surface`` in ``text`` closest to ``near``."""
    if not surface:
        return None
    best, pos = None, text.find(surface)
    while pos >= 0:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(surface, pos + 1)
    return best
