"""EntityService: what the Library facade offers about entities (recognise, read, correct).

It composes the package's parts: pipeline.py (model + cleaning, pure), storage.py (tables),
lexicon_cache.py (the library lexicon per store revision), index_fields.py (search fields),
corrections.py (the user's word). Recognition is ``recognize(doc_ids, progress, cancelled)``,
which the GUI runs off its thread; it returns the documents it recognised and reports them
once, at the end, through ``on_changed`` (one index commit per run). The lexicon is built at
most once per run and updated with each batch's names (lexicon_cache.py), so an article
opened while recognition runs is resolved against the names found so far, at no rebuild.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from desktop.core.entities import curation
from desktop.core.entities.candidates import Candidate
from desktop.core.entities.consolidate import Mention, resolve
from desktop.core.entities.corrections import Corrections
from desktop.core.entities.curation import Correction
from desktop.core.entities.index_fields import FIELDS, fields_of
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.lexicon_cache import LexiconCache
from desktop.core.entities.pipeline import document_candidates
from desktop.core.entities.recognizer import Recognizer, SpacyRecognizer
from desktop.core.entities.schema import SCHEMA
from desktop.core.entities.storage import EntityStore
from desktop.core.entities.structure import structural_breaks
from desktop.core.errors import NotFound
from desktop.core.model import Cancelled, Document, Progress, never_cancelled, no_progress
from desktop.core.store import Store

__all__ = ["SCHEMA", "EntityCount", "EntityService", "summarize"]
log = logging.getLogger(__name__)
CLEANUP_VERSION = 5  # bump when candidates.py changes what it keeps: articles are redone
DOCS_PER_BATCH = 16  # documents per model batch and per store transaction


@dataclass(frozen=True)
class EntityCount:
    entity: str
    label: Label
    count: int


class EntityService:
    def __init__(self, store: Store, recognizer: Recognizer | None = None,
                 on_changed: Callable[[list[int]], None] | None = None) -> None:
        self.store = store
        self.recognizer: Recognizer = recognizer or SpacyRecognizer()
        self.on_changed = on_changed or (lambda ids: None)
        self.tables = EntityStore(store)
        self._lexicon = LexiconCache(self.tables)
        self.fix = Corrections(self.tables, self.lexicon, lambda ids: self.on_changed(ids))

    @property
    def model_name(self) -> str:
        return f"{self.recognizer.name}/clean-{CLEANUP_VERSION}"

    # -- recognition ---------------------------------------------------------------------
    def pending(self) -> list[int]:
        return self.tables.pending(self.model_name)

    def recognize(self, doc_ids: Sequence[int] | None = None, progress: Progress = no_progress,
                  cancelled: Cancelled = never_cancelled, n_process: int = 1) -> list[int]:
        """Recognise entities in ``doc_ids`` (default: the pending ones); the ids done.

        Results are saved every few documents (a cancelled run keeps what it finished);
        ``on_changed`` hears of all of them once, when the run ends or is cancelled."""
        ids = list(self.pending() if doc_ids is None else doc_ids)
        if not ids:
            return []
        progress(0, len(ids), "loading the language model")
        done: list[int] = []
        try:
            for b in range(0, len(ids), DOCS_PER_BATCH):
                if cancelled():
                    break
                docs = []
                for doc_id in ids[b:b + DOCS_PER_BATCH]:
                    try:
                        docs.append(self.store.document(doc_id))
                    except NotFound:
                        continue
                found = document_candidates(docs, self.recognizer, n_process, cancelled)
                if found is None:
                    break
                if b == 0:
                    self._lexicon.get()  # current now, then updated with every batch
                breaks = [structural_breaks(d) for d in docs]
                done += self._lexicon.saving(
                    partial(self.tables.save, self.model_name, docs, found, breaks)).ids
                progress(min(b + DOCS_PER_BATCH, len(ids)), len(ids), "recognising entities")
        finally:
            if done:
                self.on_changed(done)
        return done

    def forget(self, doc_id: int) -> None:
        self.tables.forget(doc_id)

    # -- reading -------------------------------------------------------------------------
    def lexicon(self) -> Lexicon:
        return self._lexicon.get()

    def is_recognized(self, doc_id: int) -> bool:
        return self.tables.is_recognized(doc_id)

    def candidates(self, doc_id: int) -> list[Candidate]:
        return self.tables.candidates(doc_id)

    def mentions(self, doc_id: int, text: str | None = None) -> list[Mention]:
        """The entity mentions of one article (clean-text offsets), in text order."""
        if text is None:
            text = self.store.clean_text(doc_id)
        here = curation.doc_corrections(self.tables.db(), doc_id)
        return resolve(text, self.candidates(doc_id), self.lexicon(), here,
                       self.tables.breaks(doc_id))

    def entities(self, doc_id: int) -> list[EntityCount]:
        """The entities of one article with their mention counts, most mentioned first."""
        return summarize(self.mentions(doc_id))

    def docs_mentioning(self, entity: str) -> list[int]:
        """Articles with a mention of ``entity`` (a canonical name as in :meth:`entities`)."""
        lex = self.lexicon()
        want = entity_key(entity)
        keys = {want} | {k for k, t in lex.corrections.aliases.items() if t == want}
        keys |= {k for k, head in lex.family.items() if head == want}
        keys |= {k for k in lex.votes if want in lex.expansions(k, lex.display(k))}
        ids = self.tables.docs_with(sorted(keys), added_too=True)
        return [i for i in ids if any(m.entity == entity for m in self.mentions(i))]

    def index_fields(self, doc: Document) -> dict[str, str]:
        """person / org / place search fields: canonical names and the forms written."""
        if not self.is_recognized(doc.id):
            return {}
        return fields_of(self.mentions(doc.id, doc.clean.text))

    def named(self, doc_id: int, text: str) -> list[tuple[str, Mention]]:
        """(search field, mention) for the mentions whose label has a search field."""
        return [(FIELDS[m.label], m) for m in self.mentions(doc_id, text) if m.label in FIELDS]

    # -- corrections (corrections.py) ----------------------------------------------------
    def add_mention(self, doc_id: int, start: int, end: int, label: Label) -> int:
        return self.fix.add_mention(doc_id, start, end, label)

    def reject(self, doc_id: int, start: int, end: int, everywhere: bool = False) -> int:
        return self.fix.reject(doc_id, start, end, everywhere)

    def relabel(self, text: str, label: Label) -> int:
        return self.fix.relabel(text, label)

    def merge(self, alias: str, target: str) -> int:
        return self.fix.merge(alias, target)

    def split(self, alias: str, target: str) -> int:
        return self.fix.split(alias, target)

    def corrections(self) -> list[Correction]:
        return self.fix.all()

    def undo(self, correction_id: int) -> None:
        self.fix.undo(correction_id)


def summarize(mentions: Sequence[Mention]) -> list[EntityCount]:
    counts = Counter((m.entity, m.label) for m in mentions)
    return [EntityCount(e, lab, n) for (e, lab), n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]
