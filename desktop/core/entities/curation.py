"""The user's corrections: stored apart from recognition results, applied on every read.

Because recognition output and corrections live in different tables, re-running recognition
never loses a correction, and corrections that hold everywhere (reject a name, change its
label, merge two names, a name the user marked) apply to articles imported later too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from desktop.core.entities.consolidate import DocCorrections
from desktop.core.entities.labels import Label
from desktop.core.entities.lexicon import GlobalCorrections
from desktop.core.store import Reads


class Action(StrEnum):
    ADD = "add"  # mark doc[lo:hi] as a name with a label (the name is then known everywhere)
    REJECT_HERE = "reject-here"  # not a name at doc[lo:hi]
    REJECT = "reject"  # this text is never a name
    RELABEL = "relabel"  # this text always has this label
    MERGE = "merge"  # this text names the same entity as target
    SPLIT = "split"  # this text never names the same entity as target (undoes an alias)


@dataclass(frozen=True)
class Correction:
    id: int
    action: Action
    doc_id: int | None
    start: int | None
    end: int | None
    key: str
    label: str
    target: str
    surface: str
    created_at: str

    def describe(self) -> str:
        where = f" in #{self.doc_id} at {self.start}-{self.end}" if self.doc_id else " everywhere"
        if self.action == Action.ADD:
            return f"“{self.surface}” is {self.label}{where}"
        if self.action == Action.REJECT_HERE:
            return f"“{self.surface}” is not a name{where}"
        if self.action == Action.REJECT:
            return f"“{self.surface}” is never a name"
        if self.action == Action.RELABEL:
            return f"“{self.surface}” is always {self.label}"
        if self.action == Action.SPLIT:
            return f"“{self.surface}” is not “{self.target}”"
        return f"“{self.surface}” means “{self.target}”"


SCHEMA_STEP = """
CREATE TABLE entity_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL,
    doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    lo INTEGER, hi INTEGER,
    key TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    surface TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX entity_corrections_doc ON entity_corrections(doc_id)
"""

_COLS = "id, action, doc_id, lo, hi, key, label, target, surface, created_at"


def insert(db: sqlite3.Connection, action: Action, *, doc_id: int | None = None,
           start: int | None = None, end: int | None = None, key: str = "", label: str = "",
           target: str = "", surface: str = "") -> int:
    cur = db.execute(
        "INSERT INTO entity_corrections (action, doc_id, lo, hi, key, label, target, surface, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
        (str(action), doc_id, start, end, key, label, target, surface))
    assert cur.lastrowid is not None
    return cur.lastrowid


def all_corrections(db: Reads) -> list[Correction]:
    rows = db.execute(f"SELECT {_COLS} FROM entity_corrections ORDER BY id")
    return [Correction(r[0], Action(r[1]), *r[2:]) for r in rows]


def global_corrections(db: Reads) -> GlobalCorrections:
    """Later corrections win over earlier ones."""
    out = GlobalCorrections()
    for c in all_corrections(db):
        if c.action == Action.REJECT:
            out.rejected.add(c.key)
            out.added.pop(c.key, None)
        elif c.action == Action.RELABEL:
            out.relabels[c.key] = Label(c.label)
            out.rejected.discard(c.key)
        elif c.action == Action.MERGE and c.key != c.target:
            out.aliases[c.key] = c.target
            out.splits -= {(c.key, c.target), (c.target, c.key)}
        elif c.action == Action.SPLIT and c.key != c.target:
            if out.aliases.get(c.key) == c.target:
                del out.aliases[c.key]
            if out.aliases.get(c.target) == c.key:
                del out.aliases[c.target]
            out.splits.add((c.key, c.target))
        elif c.action == Action.ADD:
            out.added[c.key] = (c.surface, Label(c.label))
            out.rejected.discard(c.key)
    return out


def doc_corrections(db: Reads, doc_id: int) -> DocCorrections:
    out = DocCorrections()
    rows = db.execute("SELECT action, lo, hi, label FROM entity_corrections WHERE doc_id=? "
                      "ORDER BY id", (doc_id,))
    for action, lo, hi, label in rows:
        if action == Action.ADD:
            out.added = [a for a in out.added if a[1] <= lo or a[0] >= hi]
            out.added.append((lo, hi, Label(label)))
            out.rejected.discard((lo, hi))
        elif action == Action.REJECT_HERE:
            out.rejected.add((lo, hi))
            out.added = [a for a in out.added if (a[0], a[1]) != (lo, hi)]
    return out
