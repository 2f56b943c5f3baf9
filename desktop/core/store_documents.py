"""The documents table: one row per article (its texts, metadata and offset map).

:class:`DocumentRows` is the part of :class:`~desktop.core.store.Store` that reads and writes
that table: inserting and replacing an article's texts (inside a write transaction), finding it
by path or content hash, and reading summaries, search-hit parts and whole Documents (through
the operation's ``read_once`` map, so an operation reads each article once).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from desktop.core.errors import NotFound
from desktop.core.model import BlockKind, CleanText, DocSummary, Document, Metadata, Span, SpanKind
from desktop.core.offsets import OffsetMap
from desktop.core.read_once import ReadOnce

_SUMMARY_COLS = "id, path, title, source, date, length(source_text), imported_at"
DOC_COLS = ("id, path, fmt, title, source, date, url, source_text, clean_text, offsets, blocks, "
             "headline, content_hash, imported_at")
# what an import writes besides the path (insert) and what a corrected version replaces
_TEXT_COLS = ("fmt", "title", "source", "date", "url", "source_text", "clean_text", "offsets",
              "blocks", "headline", "content_hash", "imported_at")


def _text_values(fmt: str, meta: Metadata, source_text: str, clean: CleanText,
                 content_hash: str, imported_at: str) -> tuple[object, ...]:
    """The values of _TEXT_COLS, in that order."""
    blocks = json.dumps([[b.start, b.end, str(b.label)] for b in clean.blocks])
    return (fmt, meta.title, meta.source, meta.date, meta.url, source_text, clean.text,
            clean.offsets.to_bytes(), blocks, clean.headline, content_hash, imported_at)


class DocumentRows:
    """The documents table's reads and writes, mixed into Store (which gives the connection,
    the index stamps and the read-once map)."""

    read_once: ReadOnce

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def index_stamp(self, db: sqlite3.Connection) -> int:
        raise NotImplementedError

    def mark_index_stale(self, db: sqlite3.Connection, doc_ids: Iterable[int]) -> int:
        raise NotImplementedError

    def insert_document(
        self, db: sqlite3.Connection, *, path: str, fmt: str, meta: Metadata,
        source_text: str, clean: CleanText, content_hash: str, imported_at: str,
    ) -> int:
        cur = db.execute(  # stamped for the index as it is inserted (see mark_index_stale)
            f"INSERT INTO documents (path, index_rev, {', '.join(_TEXT_COLS)}) "
            f"VALUES (?, ?, {', '.join('?' * len(_TEXT_COLS))})",
            (path, self.index_stamp(db),
             *_text_values(fmt, meta, source_text, clean, content_hash, imported_at)),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def replace_document(
        self, db: sqlite3.Connection, doc_id: int, *, fmt: str, meta: Metadata,
        source_text: str, clean: CleanText, content_hash: str, imported_at: str,
    ) -> None:
        """A corrected version of a document: new texts and metadata, the same id."""
        self.read_once.forget(doc_id)
        cur = db.execute(
            f"UPDATE documents SET {', '.join(c + '=?' for c in _TEXT_COLS)} WHERE id=?",
            (*_text_values(fmt, meta, source_text, clean, content_hash, imported_at), doc_id),
        )
        if cur.rowcount == 0:
            raise NotFound(f"no document {doc_id} in this library")
        self.mark_index_stale(db, [doc_id])

    def find_by_path(self, path: str) -> int | None:
        """The newest document imported from ``path`` (absolute), if any."""
        row = self._conn().execute(
            "SELECT max(id) FROM documents WHERE path=?", (path,)
        ).fetchone()
        return row[0] if row and row[0] is not None else None

    def delete_document(self, db: sqlite3.Connection, doc_id: int) -> None:
        self.read_once.forget(doc_id)
        if db.execute("DELETE FROM documents WHERE id=?", (doc_id,)).rowcount == 0:
            raise NotFound(f"no document {doc_id} in this library")

    def find_by_hash(self, content_hash: str) -> int | None:
        row = self._conn().execute(
            "SELECT id FROM documents WHERE content_hash=?", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM documents").fetchone()[0])

    def ids(self) -> set[int]:
        return {r[0] for r in self._conn().execute("SELECT id FROM documents")}

    def summaries(self) -> list[DocSummary]:
        rows = self._conn().execute(f"SELECT {_SUMMARY_COLS} FROM documents ORDER BY id")
        return [DocSummary(*row) for row in rows]

    def summary(self, doc_id: int) -> DocSummary:
        row = self._conn().execute(
            f"SELECT {_SUMMARY_COLS} FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return DocSummary(*row)

    def hit_parts(self, doc_id: int) -> tuple[DocSummary, str, OffsetMap]:
        """What a search hit needs, in one query: the summary, the clean text, the map."""
        row = self._conn().execute(
            f"SELECT {_SUMMARY_COLS}, clean_text, offsets FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return DocSummary(*row[:-2]), str(row[-2]), OffsetMap.from_bytes(row[-1])

    def clean_text(self, doc_id: int) -> str:
        kept = self.read_once.get(doc_id)
        if kept is not None:
            return kept.clean.text
        row = self._conn().execute(
            "SELECT clean_text FROM documents WHERE id=?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        return str(row[0])

    def document(self, doc_id: int) -> Document:
        kept = self.read_once.get(doc_id)
        if kept is not None:
            return kept
        row = self._conn().execute(
            f"SELECT {DOC_COLS} FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {doc_id} in this library")
        doc = row_to_document(row)
        self.read_once.put(doc)
        return doc

    def iter_documents(self, batch: int = 200) -> Iterator[Document]:
        """Every document, in id order, a batch of rows at a time (for index rebuilds)."""
        last = 0
        while True:
            rows = self._conn().execute(
                f"SELECT {DOC_COLS} FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield row_to_document(row)
            last = rows[-1][0]



def row_to_document(row: tuple) -> Document:
    (doc_id, path, fmt, title, source, date, url, source_text, clean_text, offsets, blocks,
     headline, content_hash, imported_at) = row
    spans = tuple(Span(s, e, SpanKind.BLOCK, BlockKind(k)) for s, e, k in json.loads(blocks))
    clean = CleanText(clean_text, OffsetMap.from_bytes(offsets), spans, headline)
    return Document(doc_id, path, fmt, Metadata(title, source, date, url), source_text, clean,
                    content_hash, imported_at)
