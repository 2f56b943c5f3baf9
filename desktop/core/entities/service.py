"""EntityService: what the Library facade offers about entities (recognise, read, correct).

Recognition is a plain ``recognize(doc_ids, progress, cancelled)`` that the GUI runs off its
thread; results are stored per article (candidates, with the model name), so opening an
article later only reads the store. Mentions are resolved on read against a lexicon of the
whole library, rebuilt only when the store's revision moves.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.entities import curation
from desktop.core.entities.candidates import Candidate, candidates_in_block
from desktop.core.entities.consolidate import Mention, resolve
from desktop.core.entities.curation import Action, Correction
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.recognizer import (
    Recognizer,
    SpacyRecognizer,
    split_long,
)
from desktop.core.errors import NotFound
from desktop.core.model import (
    BlockKind,
    Cancelled,
    Document,
    Progress,
    never_cancelled,
    no_progress,
)
from desktop.core.store import Reads, Store

log = logging.getLogger(__name__)
CLEANUP_VERSION = 1  # bump when candidates.py changes what it keeps: articles are redone
DOCS_PER_BATCH = 16
_TITLE_BLOCKS = {BlockKind.HEADLINE, BlockKind.SUBHEADING, BlockKind.RELATED}

SCHEMA = [("entities-1", """
CREATE TABLE entity_runs (
    doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    done_at TEXT NOT NULL
);
CREATE TABLE entity_candidates (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    lo INTEGER NOT NULL, hi INTEGER NOT NULL,
    label TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL,
    titlecase INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entity_candidates_doc ON entity_candidates(doc_id);
CREATE INDEX entity_candidates_key ON entity_candidates(key);
""" + ";" + curation.SCHEMA_STEP)]


@dataclass(frozen=True)
class EntityCount:
    entity: str
    label: Label
    count: int


def find_candidates(doc: Document, recognizer: Recognizer, n_process: int = 1) -> list[Candidate]:
    """Run the recogniser over one article's blocks and clean what it finds."""
    found = _batch_candidates([doc], recognizer, n_process)
    assert found is not None
    return found[0]


def _batch_candidates(docs: Sequence[Document], recognizer: Recognizer, n_process: int = 1,
                      cancelled: Cancelled = never_cancelled) -> list[list[Candidate]] | None:
    """Candidates per document; None when cancelled (checked every few blocks)."""
    pieces: list[tuple[int, str]] = []
    owners: list[tuple[int, int, bool]] = []  # (doc index, block start, titlecase)
    for i, doc in enumerate(docs):
        for block in doc.clean.blocks:
            text = doc.clean.text[block.start:block.end]
            for off, piece in split_long(text):
                pieces.append((0, piece))
                owners.append((i, block.start + off, _titlecase(block.label, piece)))
    raw = recognizer.recognize([p for _, p in pieces], n_process) if pieces else iter(())
    out: list[list[Candidate]] = [[] for _ in docs]
    for n, ((i, start, title), (_, piece), ents) in enumerate(zip(owners, pieces, raw, strict=True)):
        if n % 32 == 31 and cancelled():
            return None
        out[i] += candidates_in_block(piece, start, ents, title)
    return out


def _titlecase(kind: str, text: str) -> bool:
    """Headline style: capitals there say little about names ("Xi Set to Meet")."""
    if kind in _TITLE_BLOCKS:
        return True
    text = text.strip()
    if len(text) > 150 or text[-1:] in ".!?\"”’:":
        return False
    words = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


class EntityService:
    def __init__(self, store: Store, recognizer: Recognizer | None = None,
                 on_changed: Callable[[list[int]], None] | None = None) -> None:
        self.store = store
        self.recognizer: Recognizer = recognizer or SpacyRecognizer()
        self.on_changed = on_changed or (lambda ids: None)
        self._lex: tuple[int, Lexicon] | None = None
        self._lex_lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return f"{self.recognizer.name}/clean-{CLEANUP_VERSION}"

    def _db(self) -> Reads:
        """Reads on this thread's connection (writes go through store.transaction())."""
        return self.store.reads

    # -- recognition ---------------------------------------------------------------------
    def pending(self) -> list[int]:
        rows = self._db().execute(
            "SELECT id FROM documents WHERE id NOT IN "
            "(SELECT doc_id FROM entity_runs WHERE model=?) ORDER BY id", (self.model_name,))
        return [r[0] for r in rows]

    def recognize(self, doc_ids: Sequence[int] | None = None, progress: Progress = no_progress,
                  cancelled: Cancelled = never_cancelled, n_process: int = 1) -> int:
        """Recognise entities in ``doc_ids`` (default: the pending ones). Returns the count done."""
        ids = list(self.pending() if doc_ids is None else doc_ids)
        if not ids:
            return 0
        progress(0, len(ids), "loading the language model")
        done = 0
        for b in range(0, len(ids), DOCS_PER_BATCH):
            if cancelled():
                break
            docs = []
            for doc_id in ids[b:b + DOCS_PER_BATCH]:
                try:
                    docs.append(self.store.document(doc_id))
                except NotFound:
                    continue
            found = _batch_candidates(docs, self.recognizer, n_process, cancelled)
            if found is None:
                break
            self._save(docs, found)
            done += len(docs)
            self.on_changed([d.id for d in docs])
            progress(done, len(ids), "recognising entities")
        return done

    def _save(self, docs: Sequence[Document], found: Sequence[list[Candidate]]) -> None:
        with self.store.transaction() as db:
            for doc, cands in zip(docs, found, strict=True):
                if db.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone() is None:
                    continue  # removed while we worked
                db.execute("DELETE FROM entity_candidates WHERE doc_id=?", (doc.id,))
                db.executemany(
                    "INSERT INTO entity_candidates (doc_id, lo, hi, label, key, text, titlecase) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(doc.id, c.start, c.end, str(c.label), c.key, doc.clean.text[c.start:c.end],
                      int(c.titlecase)) for c in cands])
                db.execute("INSERT OR REPLACE INTO entity_runs (doc_id, model, done_at) "
                           "VALUES (?, ?, datetime('now'))", (doc.id, self.model_name))

    def forget(self, doc_id: int) -> None:
        """A corrected version replaced the document's texts: recognise it again, and move
        its own corrections to the nearest place their text still stands (or drop them)."""
        text = self.store.clean_text(doc_id)
        with self.store.transaction() as db:
            db.execute("DELETE FROM entity_runs WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM entity_candidates WHERE doc_id=?", (doc_id,))
            rows = db.execute("SELECT id, lo, surface FROM entity_corrections "
                              "WHERE doc_id=? AND lo IS NOT NULL", (doc_id,)).fetchall()
            for cid, lo, surface in rows:
                spot = _nearest(text, surface, lo)
                if spot is None:
                    db.execute("DELETE FROM entity_corrections WHERE id=?", (cid,))
                elif spot != lo:
                    db.execute("UPDATE entity_corrections SET lo=?, hi=? WHERE id=?",
                               (spot, spot + len(surface), cid))

    # -- reading -------------------------------------------------------------------------
    def lexicon(self) -> Lexicon:
        rev = self.store.revision()
        with self._lex_lock:
            if self._lex is None or self._lex[0] != rev:
                db = self._db()
                # multi-word names from headline-style blocks do not vote ("Xi Set to Meet")
                rows = db.execute("SELECT key, text, label, count(*) FROM entity_candidates "
                                  "WHERE titlecase=0 OR instr(key, ' ')=0 "
                                  "GROUP BY key, text, label").fetchall()
                self._lex = (rev, Lexicon(rows, curation.global_corrections(db)))
            return self._lex[1]

    def is_recognized(self, doc_id: int) -> bool:
        return self._db().execute("SELECT 1 FROM entity_runs WHERE doc_id=?",
                                  (doc_id,)).fetchone() is not None

    def candidates(self, doc_id: int) -> list[Candidate]:
        rows = self._db().execute("SELECT lo, hi, label, key, titlecase FROM entity_candidates "
                                  "WHERE doc_id=? ORDER BY lo", (doc_id,))
        return [Candidate(lo, hi, Label(lab), key, bool(t)) for lo, hi, lab, key, t in rows]

    def mentions(self, doc_id: int, text: str | None = None) -> list[Mention]:
        """The entity mentions of one article (clean-text offsets), in text order."""
        if text is None:
            text = self.store.clean_text(doc_id)
        here = curation.doc_corrections(self._db(), doc_id)
        return resolve(text, self.candidates(doc_id), self.lexicon(), here)

    def entities(self, doc_id: int) -> list[EntityCount]:
        """The entities of one article with their mention counts, most mentioned first."""
        return summarize(self.mentions(doc_id))

    def docs_mentioning(self, entity: str) -> list[int]:
        """Articles with a mention of ``entity`` (a canonical name as in :meth:`entities`)."""
        lex = self.lexicon()
        want = entity_key(entity)
        keys = {want} | {k for k, t in lex.corrections.aliases.items() if t == want}
        keys |= {k for k in lex.votes if want in lex.expansions(k, lex.display(k))}
        marks = ",".join("?" * len(keys))
        rows = self._db().execute(
            f"SELECT DISTINCT doc_id FROM entity_candidates WHERE key IN ({marks}) "
            f"UNION SELECT doc_id FROM entity_corrections WHERE action='add' AND key IN ({marks})",
            [*keys, *keys])
        ids = sorted(r[0] for r in rows if r[0] is not None)
        return [i for i in ids if any(m.entity == entity for m in self.mentions(i))]

    def index_fields(self, doc: Document) -> dict[str, str]:
        """person / org / place search fields: canonical names and the forms written."""
        if not self.is_recognized(doc.id):
            return {}
        fields: dict[str, list[str]] = {"person": [], "org": [], "place": []}
        for m in self.mentions(doc.id, doc.clean.text):
            name = {Label.PERSON: "person", Label.ORG: "org", Label.PLACE: "place"}.get(m.label)
            if name:
                fields[name] += [m.entity, m.text] if m.entity != m.text else [m.text]
        return {k: " | ".join(dict.fromkeys(v)) for k, v in fields.items()}

    # -- corrections ---------------------------------------------------------------------
    def add_mention(self, doc_id: int, start: int, end: int, label: Label) -> int:
        """Mark clean text [start, end) of an article as a name (and the name as known)."""
        surface = self._surface(doc_id, start, end)
        return self._correct(Action.ADD, [doc_id], doc_id=doc_id, start=start, end=end,
                             key=entity_key(surface), label=str(label), surface=surface)

    def reject(self, doc_id: int, start: int, end: int, everywhere: bool = False) -> int:
        surface = self._surface(doc_id, start, end)
        if everywhere:
            key = entity_key(surface)
            return self._correct(Action.REJECT, self._docs_with(key), key=key, surface=surface)
        return self._correct(Action.REJECT_HERE, [doc_id], doc_id=doc_id, start=start, end=end,
                             key=entity_key(surface), surface=surface)

    def relabel(self, text: str, label: Label) -> int:
        """Give a surface form (and everything it stands for) one label everywhere."""
        key = entity_key(text)
        return self._correct(Action.RELABEL, self._docs_with(key), key=key, label=str(label),
                             surface=text)

    def merge(self, alias: str, target: str) -> int:
        """Say that ``alias`` names the same entity as ``target`` (both surface forms)."""
        key, tkey = entity_key(alias), entity_key(self.lexicon().alias(entity_key(target)))
        if key == tkey:
            raise ValueError("a name cannot be merged with itself")
        return self._correct(Action.MERGE, self._docs_with(key), key=key, target=tkey,
                             surface=alias)

    def corrections(self) -> list[Correction]:
        return curation.all_corrections(self._db())

    def undo(self, correction_id: int) -> None:
        with self.store.transaction() as db:
            row = db.execute("SELECT doc_id, key FROM entity_corrections WHERE id=?",
                             (correction_id,)).fetchone()
            if row is None:
                raise NotFound(f"no correction {correction_id}")
            db.execute("DELETE FROM entity_corrections WHERE id=?", (correction_id,))
        self.on_changed([row[0]] if row[0] else self._docs_with(row[1]))

    def _correct(self, action: Action, affected: list[int], **fields: object) -> int:
        with self.store.transaction() as db:
            cid = curation.insert(db, action, **fields)  # type: ignore[arg-type]
        self.on_changed(affected)
        return cid

    def _surface(self, doc_id: int, start: int, end: int) -> str:
        text = self.store.clean_text(doc_id)
        if not 0 <= start < end <= len(text):
            raise ValueError(f"bad span {start}..{end} for #{doc_id}")
        surface = text[start:end]
        if not surface.strip() or "\n" in surface:
            raise ValueError("a name must be some text on one line")
        return surface

    def _docs_with(self, key: str) -> list[int]:
        rows = self._db().execute("SELECT DISTINCT doc_id FROM entity_candidates WHERE key=?",
                                  (key,))
        return [r[0] for r in rows]


def _nearest(text: str, surface: str, near: int) -> int | None:
    """Start of the occurrence of ``surface`` in ``text`` closest to ``near``."""
    if not surface:
        return None
    best, pos = None, text.find(surface)
    while pos >= 0:
        if best is None or abs(pos - near) < abs(best - near):
            best = pos
        pos = text.find(surface, pos + 1)
    return best


def summarize(mentions: Sequence[Mention]) -> list[EntityCount]:
    counts = Counter((m.entity, m.label) for m in mentions)
    return [EntityCount(e, lab, n) for (e, lab), n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))]
