"""The user's corrections as operations: mark, reject, relabel, merge, undo.

Each is one transaction in the corrections table (curation.py) followed by one report of the
documents whose marks may have changed, so their search fields are brought up to date.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.core.entities import curation
from desktop.core.entities.curation import Action, Correction
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.name_sync import mark_names_stale
from desktop.core.entities.storage import EntityStore
from desktop.core.errors import NotFound


class Corrections:
    def __init__(self, entities: EntityStore, lexicon: Callable[[], Lexicon],
                 changed: Callable[[list[int]], None]) -> None:
        self.entities = entities
        self.lexicon = lexicon
        self.changed = changed

    def add_mention(self, doc_id: int, start: int, end: int, label: Label) -> int:
        """Mark clean text [start, end) of an article as a name (and the name as known)."""
        surface = self._surface(doc_id, start, end)
        return self._correct(Action.ADD, [doc_id], doc_id=doc_id, start=start, end=end,
                             key=entity_key(surface), label=str(label), surface=surface)

    def reject(self, doc_id: int, start: int, end: int, everywhere: bool = False) -> int:
        surface = self._surface(doc_id, start, end)
        key = entity_key(surface)
        if everywhere:
            return self._correct(Action.REJECT, self.entities.docs_with([key]), key=key,
                                 surface=surface)
        return self._correct(Action.REJECT_HERE, [doc_id], doc_id=doc_id, start=start, end=end,
                             key=key, surface=surface)

    def relabel(self, text: str, label: Label) -> int:
        """Give a surface form (and everything it stands for) one label everywhere."""
        key = entity_key(text)
        return self._correct(Action.RELABEL, self.entities.docs_with([key]), key=key,
                             label=str(label), surface=text)

    def merge(self, alias: str, target: str) -> int:
        """Say that ``alias`` names the same entity as ``target`` (both surface forms)."""
        key, tkey = entity_key(alias), entity_key(self.lexicon().alias(entity_key(target)))
        if key == tkey:
            raise ValueError("a name cannot be merged with itself")
        return self._correct(Action.MERGE, self.entities.docs_with([key, tkey]), key=key,
                             target=tkey, surface=alias)

    def split(self, alias: str, target: str) -> int:
        """Say that ``alias`` does not name ``target`` (undoes an automatic or user alias)."""
        key, tkey = entity_key(alias), entity_key(target)
        if key == tkey:
            raise ValueError("a name cannot be split from itself")
        return self._correct(Action.SPLIT, self.entities.docs_with([key, tkey]), key=key,
                             target=tkey, surface=alias)

    def all(self) -> list[Correction]:
        return curation.all_corrections(self.entities.db())

    def undo(self, correction_id: int) -> None:
        with self.entities.store.transaction() as db:
            row = db.execute("SELECT doc_id, key, target FROM entity_corrections WHERE id=?",
                             (correction_id,)).fetchone()
            if row is None:
                raise NotFound(f"no correction {correction_id}")
            db.execute("DELETE FROM entity_corrections WHERE id=?", (correction_id,))
            doc_id, key, target = row
            affected = ([doc_id] if doc_id else
                        self.entities.docs_with([k for k in (key, target) if k]))
            mark_names_stale(self.entities.store, db, affected)  # reaches the index after a crash
        self.changed(affected)

    def _correct(self, action: Action, affected: list[int], **fields: object) -> int:
        with self.entities.store.transaction() as db:
            cid = curation.insert(db, action, **fields)  # type: ignore[arg-type]
            mark_names_stale(self.entities.store, db, affected)  # reaches the index after a crash
        self.changed(affected)
        return cid

    def _surface(self, doc_id: int, start: int, end: int) -> str:
        text = self.entities.store.clean_text(doc_id)
        if not 0 <= start < end <= len(text):
            raise ValueError(f"bad span {start}..{end} for #{doc_id}")
        surface = text[start:end]
        if not surface.strip() or "\n" in surface:
            raise ValueError("a name must be some text on one line")
        return surface
