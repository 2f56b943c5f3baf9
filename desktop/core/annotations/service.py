"""AnnotationService: every read and write of highlights, notes, tags and colour meanings.

Each write is one store transaction, committed before the call returns, so whatever the
window showed as done survives a crash. Undo lives in the window as a stack of service calls:
``delete`` returns the annotation and ``restore`` puts it back with the same id. Every write
(create, edit, delete, restore, re-anchor, import, a colour's new name) reports
``Change.ANNOTATIONS`` for the articles it touched to the library's events once it committed
(inside an update's transaction, the update's ``events.operation()`` delivers it after).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace

from desktop.core.annotations.anchoring import find_in_clean, reattach, selectors_for_clean
from desktop.core.annotations.model import (
    Annotation,
    Colour,
    TextPosition,
    TextQuote,
    clean_tags,
    new_id,
    now_iso,
)
from desktop.core.errors import NotFound, ParallaxError
from desktop.core.events import Change, LibraryEvents
from desktop.core.model import Document
from desktop.core.store import Store

_COLS = ("id, doc_id, colour, note, tags, exact, prefix, suffix, start, end, orphan, "
         "created, modified, original")
_INSERT = f"INTO annotations ({_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"


@dataclass(frozen=True)
class Filter:
    doc_id: int | None = None
    colour: str | None = None
    tag: str | None = None
    orphans: bool | None = None  # None: both


@dataclass(frozen=True)
class ReanchorReport:
    doc_id: int
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    recovered: int = 0
    changed: int = 0  # placed on words that differ from those highlighted


class AnnotationService:
    def __init__(self, store: Store, events: LibraryEvents | None = None) -> None:
        self.store = store
        self.events = events if events is not None else LibraryEvents()

    def _report(self, doc_ids: Iterable[int], *, everywhere: bool = False) -> None:
        self.events.docs_changed(doc_ids, Change.ANNOTATIONS, everywhere=everywhere)

    # -- colours ---------------------------------------------------------------------------
    def colours(self) -> list[Colour]:
        rows = self.store.read(
            "SELECT key, name, rgb FROM annotation_colours ORDER BY position, key")
        return [Colour(*r) for r in rows]

    def colour(self, key: str) -> Colour:
        for c in self.colours():
            if c.key == key:
                return c
        raise NotFound(f"no highlight colour {key!r} (colours: "
                       f"{', '.join(c.key for c in self.colours())})")

    def colour_key(self, name_or_key: str) -> str:
        """The key of a colour given by key or by the meaning the user named (any case)."""
        wanted = name_or_key.strip().lower().replace("-", " ").replace("_", " ")
        for c in self.colours():
            if wanted in (c.key.replace("_", " "), c.name.lower()):
                return c.key
        return self.colour(name_or_key).key  # raises NotFound with the list

    def rename_colour(self, key: str, name: str) -> None:
        name = name.strip()
        if not name:
            raise ParallaxError("a colour needs a name")
        self.colour(key)
        with self.store.transaction() as db:
            db.execute("UPDATE annotation_colours SET name=? WHERE key=?", (name, key))
        self._report((), everywhere=True)  # every highlight in that colour now reads otherwise

    # -- reading -----------------------------------------------------------------------------
    def get(self, annotation_id: str) -> Annotation:
        row = self.store.read(
            f"SELECT {_COLS} FROM annotations WHERE id=?", (annotation_id,)).fetchone()
        if row is None:
            raise NotFound(f"no annotation {annotation_id}")
        return _row(row)

    def find(self, annotation_id: str) -> Annotation | None:
        try:
            return self.get(annotation_id)
        except NotFound:
            return None

    def select(self, flt: Filter = Filter()) -> list[Annotation]:
        where: list[str] = []
        args: list[object] = []
        if flt.doc_id is not None:
            where.append("doc_id=?")
            args.append(flt.doc_id)
        if flt.colour:
            where.append("colour=?")
            args.append(flt.colour)
        if flt.orphans is not None:
            where.append("orphan=?")
            args.append(int(flt.orphans))
        sql = f"SELECT {_COLS} FROM annotations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.store.read(sql + " ORDER BY doc_id, start, end, created, id", args)
        found = [_row(r) for r in rows]
        if flt.tag:
            found = [a for a in found if flt.tag in a.tags]
        return found

    def for_document(self, doc_id: int) -> list[Annotation]:
        return self.select(Filter(doc_id=doc_id))

    def tags(self) -> list[str]:
        seen: set[str] = set()
        for (raw,) in self.store.read("SELECT tags FROM annotations"):
            seen.update(json.loads(raw))
        return sorted(seen, key=str.lower)

    # -- writing -----------------------------------------------------------------------------
    def add(self, doc: Document, start: int, end: int, colour: str, note: str = "",
            tags: Iterable[str] | str = ()) -> Annotation:
        """Highlight the clean span [start, end) of ``doc``."""
        if not 0 <= start < end <= len(doc.clean.text):
            raise ParallaxError("select some text of the article to highlight")
        quote, position = selectors_for_clean(doc, start, end)
        ann = Annotation(new_id(), doc.id, self.colour_key(colour), quote, position, note,
                         clean_tags(tags))
        self._write(ann, insert=True)
        return ann

    def add_quote(self, doc: Document, text: str, colour: str, note: str = "",
                  tags: Iterable[str] | str = ()) -> Annotation:
        """Highlight the first place the article says ``text`` (whitespace loose)."""
        span = find_in_clean(doc, text)
        if span is None:
            raise ParallaxError(f"the quote is not in article #{doc.id}: {text[:80]!r}")
        return self.add(doc, span[0], span[1], colour, note, tags)

    def update(self, annotation_id: str, *, colour: str | None = None, note: str | None = None,
               tags: Iterable[str] | str | None = None) -> Annotation:
        old = self.get(annotation_id)
        changes: dict[str, object] = {}
        if colour is not None:
            changes["colour"] = self.colour_key(colour)
        if note is not None:
            changes["note"] = note
        if tags is not None:
            changes["tags"] = clean_tags(tags)
        if all(getattr(old, k) == v for k, v in changes.items()):
            return old
        new = old.edited(**changes)
        self._write(new)
        return new

    def delete(self, annotation_id: str) -> Annotation:
        old = self.get(annotation_id)
        with self.store.transaction() as db:
            db.execute("DELETE FROM annotations WHERE id=?", (annotation_id,))
        self._report([old.doc_id])
        return old

    def restore(self, ann: Annotation) -> None:
        """Put back an annotation as it was (undo of delete or edit), re-attached first if its
        article changed since (an undo never puts a highlight where its words no longer are)."""
        self._write(self._checked(ann))

    def _checked(self, ann: Annotation) -> Annotation:
        if ann.orphan:
            return ann
        try:
            source = self.store.document(ann.doc_id).source_text
        except NotFound:
            return ann  # the insert fails on its foreign key: the caller hears of it
        if source[ann.position.start:ann.position.end] == ann.quote.exact:
            return ann
        anchor = reattach(source, ann.quote, ann.position)
        return replace(ann, orphan=True) if anchor is None else ann.placed(anchor.quote,
                                                                            anchor.position)

    def _write(self, ann: Annotation, *, insert: bool = False) -> None:
        verb = "INSERT" if insert else "INSERT OR REPLACE"
        with self.store.transaction() as db:
            db.execute(f"{verb} {_INSERT}", _values(ann))
        self._report([ann.doc_id])

    def restore_all(self, anns: Iterable[Annotation]) -> None:
        """Put back many annotations in ONE transaction (an import: all of them or none)."""
        anns = list(anns)
        with self.store.transaction() as db:
            db.executemany(f"INSERT OR REPLACE {_INSERT}", [_values(a) for a in anns])
        self._report({a.doc_id for a in anns})

    def accept_wording(self, annotation_id: str) -> Annotation:
        """The user accepts the new wording of a changed annotation: it becomes anchored on the
        words that stand there now (undo with :meth:`restore`)."""
        old = self.get(annotation_id)
        if old.status != "changed":
            return old
        new = old.edited(original="")
        self._write(new)
        return new

    # -- anchoring -----------------------------------------------------------------------------
    def reanchor(self, doc_id: int) -> ReanchorReport:
        """Re-attach every annotation of ``doc_id`` to its current source text (after an update).
        Runs inside the update's transaction (the store joins nested transactions)."""
        doc = self.store.document(doc_id)
        moved = fuzzy = orphaned = recovered = changed = 0
        updated: list[Annotation] = []
        for ann in self.for_document(doc_id):
            anchor = reattach(doc.source_text, ann.quote, ann.position)
            if anchor is None:
                if not ann.orphan:
                    orphaned += 1
                    updated.append(replace(ann, orphan=True))
                continue
            new = ann.placed(anchor.quote, anchor.position)
            if new == ann:
                continue
            recovered += ann.orphan
            moved += anchor.how == "exact"
            fuzzy += anchor.how == "fuzzy"
            changed += new.status == "changed" and ann.status != "changed"
            updated.append(new)
        if updated:
            self.restore_all(updated)
        return ReanchorReport(doc_id, moved, fuzzy, orphaned, recovered, changed)


def _values(a: Annotation) -> tuple[object, ...]:
    return (a.id, a.doc_id, a.colour, a.note, json.dumps(list(a.tags), ensure_ascii=False),
            a.quote.exact, a.quote.prefix, a.quote.suffix, a.position.start, a.position.end,
            int(a.orphan), a.created, a.modified, a.original)


def _row(r: sqlite3.Row | tuple) -> Annotation:
    (aid, doc_id, colour, note, tags, exact, prefix, suffix, start, end, orphan, created,
     modified, original) = r
    return Annotation(aid, doc_id, colour, TextQuote(exact, prefix, suffix),
                      TextPosition(start, end), note, tuple(json.loads(tags)), created, modified,
                      bool(orphan), original)


__all__ = ["AnnotationService", "Filter", "ReanchorReport", "now_iso"]
