"""The whoosh index: a rebuildable cache of the store, and keyword search over it.

Only the document id and its index stamp (the store revision that last changed what the index
holds for it: see store.py) are stored in the index; texts live in SQLite. One writer at a time (whoosh
takes a file lock, released by the OS if the process dies, so a crash never leaves the index
locked); one searcher serves every query, in turn, until the index changes. Match offsets are
found by re-analysing a hit's clean text with the same analyzer, so phrases, wildcards, fuzzy
terms and spelling variants are highlighted exactly where the index matched them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as windex
from whoosh import qparser
from whoosh import query as wq
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.searching import Searcher

from desktop.core.errors import IndexDamaged, LibraryBusy, QueryError
from desktop.core.exclusion import with_lean_nots
from desktop.core.field_lengths import PreloadedLengthsBM25F
from desktop.core.model import Document
from desktop.core.multiterm import with_array_unions
from desktop.core.phrases import with_set_phrases
from desktop.core.titles import opens_with_title
from desktop.core.words import search_form

INDEX_FORMAT = 4  # bump when the schema or analyzer changes: the index is then rebuilt
SEARCH_FIELDS = ("title", "body", "source", "date", "person", "org", "place")
TEXT_FIELDS = ("title", "body")  # fields whose matches are drawn on the article text
NAME_FIELDS = ("person", "org", "place")  # entity fields: their matches are drawn on mentions
DEFAULT_FIELD = "body"  # where plain words are looked for (it holds the title too)
# A query longer than this is refused at once (a 100,000-character word took 41 s to parse,
# stem and look up); a long phrase pasted from an article fits easily.
MAX_QUERY_CHARS = 1_000


word_form = search_form  # the indexed form of one token (core/words.py)


class WordFormFilter(Filter):
    """Applies :func:`word_form` to every token (one filter instead of three: faster)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = word_form(t.text)
            yield t


TOKEN_PATTERN = r"\w+(?:\.\w+)*"


def analyzer():
    # keep every word (no stop list, one-letter words too) so exact phrases work
    return RegexTokenizer(TOKEN_PATTERN) | WordFormFilter()


def make_schema() -> Schema:
    ana = analyzer()
    return Schema(
        doc=ID(stored=True, unique=True),
        rev=STORED,  # the document's index stamp when it was indexed
        title=TEXT(analyzer=ana, field_boost=2.0),
        body=TEXT(analyzer=ana, phrase=True),
        source=TEXT(analyzer=ana),
        date=ID,
        person=TEXT(analyzer=ana, phrase=True),  # entity names: canonical and as written
        org=TEXT(analyzer=ana, phrase=True),
        place=TEXT(analyzer=ana, phrase=True),
    )


FieldSource = Callable[[Document], Mapping[str, str]]


class NameSession(Protocol):
    """One query's view of the names kept outside this index (core/entities/name_join.py)."""

    def reader(self) -> Any:
        """The whoosh reader of the name fields (what ``person:Put*`` expands against)."""

    def joined(self, q: wq.Query) -> wq.Query:
        """``q`` with each part that asks a name field answered from the names."""


class JoinedNames(Protocol):
    """The entity name fields (NAME_FIELDS), kept in an index of their own and joined at
    query time, so new names never make this index re-write a whole article (#12)."""

    def session(self) -> AbstractContextManager[NameSession]: ...


def fields_of(doc: Document, extra: Mapping[str, str] | None = None,
              rev: int = 0) -> dict[str, object]:
    return {**(extra or {}),
        "doc": str(doc.id),
        "rev": rev,
        "title": doc.meta.title,
        "body": _body(doc),
        "source": doc.meta.source,
        "date": doc.meta.date,
    }


def _body(doc: Document) -> str:
    """The clean text, after the title when the text does not already begin with it (a meta
    title of a web page): plain words search one field, which is much faster than two."""
    if not doc.meta.title.strip() or opens_with_title(doc.meta.title, doc.clean.text):
        return doc.clean.text
    return f"{doc.meta.title}\n\n{doc.clean.text}"


@dataclass(frozen=True)
class MatchPlan:
    """What to draw for a query: single terms and phrases, as analysed tokens, and the names
    asked for in the entity fields as (field, words) (``person:Putin`` draws the mentions of
    people whose name or written form holds "putin")."""

    terms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()


_FIELD_PREFIX = re.compile(r'(?:^|(?<=[\s(]))([A-Za-z_]\w*):(?=\S)')


REMADE_DAMAGED = "was damaged"  # why SearchIndex.open made an empty index
REMADE_OUTDATED = "was missing or outdated"


class SearchIndex:
    """The index folder of one library."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._state_file = folder / "parallax-index.json"
        self._ix: windex.Index | None = None
        self._write_lock = threading.Lock()
        # ONE searcher, shared by every thread in turn (a whoosh searcher is not thread-safe),
        # opened on first use and replaced (the old one closed) once the index has changed
        self._searcher: Searcher | None = None
        self._search_lock = threading.Lock()
        # where the fields beyond the text come from (entity names of a batch run's index)
        self._field_sources: list[FieldSource] = []
        self._names: JoinedNames | None = None  # the library's names, joined at query time

    # -- opening and health ----------------------------------------------------------------
    def open(self) -> str | None:
        """Open the index, creating it (empty) when missing, outdated or damaged. Returns why
        it was made again ("was damaged", "was missing or outdated"), or None."""
        try:
            present = windex.exists_in(self.folder)
        except Exception:
            present = True
        if not present or self._read_state().get("format") != INDEX_FORMAT:
            self._create()
            return REMADE_OUTDATED
        try:
            self._ix = windex.open_dir(self.folder)
            with self._ix.searcher() as s:
                s.doc_count()
                list(s.all_stored_fields())
        except Exception:
            self._create()
            return REMADE_DAMAGED
        return None

    def open_read_only(self) -> bool:
        try:
            self._ix = windex.open_dir(self.folder)
            return True
        except Exception:
            self._ix = None
            return False

    def recreate(self) -> None:
        """An empty index in place of this one (a damaged index is rebuilt from the store)."""
        self._create()

    def sibling(self, folder: Path) -> SearchIndex:
        """A new, empty index in ``folder`` with the same field sources (a rebuild is made
        beside the index in use, then swapped in: see core/index_rebuild.py)."""
        other = SearchIndex(folder)
        other._field_sources = list(self._field_sources)
        other._create()
        return other

    def swap_in(self, other: SearchIndex, catch_up: Callable[[SearchIndex], object]) -> None:
        """Put the finished index ``other`` in this one's place. Under this index's write lock
        (no write can land in between) ``catch_up(other)`` first brings ``other`` up to what
        was written meanwhile; then the folders are renamed and this object reads the new one.
        A crash between the two renames leaves no index, which the next open rebuilds."""
        with self._write_lock:
            catch_up(other)
            other.close()
            self._drop_searcher()
            if self._ix is not None:
                self._ix.close()
                self._ix = None
            old = self.folder.with_name(self.folder.name + ".old")
            remove_tree(old)
            moved = self.folder.exists() or self.folder.is_symlink()
            if moved:
                os.replace(self.folder, old)
            try:
                os.replace(other.folder, self.folder)
            except OSError:
                if moved:  # put the old one back: searches go on as before
                    os.replace(old, self.folder)
                self._ix = windex.open_dir(self.folder)
                raise
            self._ix = windex.open_dir(self.folder)
            remove_tree(old)

    def _create(self) -> None:
        self._drop_searcher()
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        remove_tree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._ix = windex.create_in(self.folder, make_schema())
        self._write_state()

    def _read_state(self) -> dict[str, int]:
        try:
            data = json.loads(self._state_file.read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_state(self) -> None:
        self._state_file.write_text(json.dumps({"format": INDEX_FORMAT}), "utf-8")

    @property
    def ix(self) -> windex.Index:
        if self._ix is None:
            raise QueryError("the search index is not available")
        return self._ix

    def indexed_ids(self) -> set[int]:
        return set(self.indexed_revs())

    def indexed_revs(self) -> dict[int, int]:
        """Every indexed document with the stamp it was indexed at."""
        with self.ix.searcher() as s:
            return {int(f["doc"]): int(f.get("rev", -1)) for f in s.all_stored_fields()}

    @contextmanager
    def searching(self) -> Iterator[Searcher]:
        """The index's searcher, for one query at a time. It stays open between queries
        (opening one costs more than many searches) and is replaced only when the index has
        changed since it was opened; the replaced one is closed, so memory and open files stay
        flat over any number of searches. (whoosh's ``Searcher.refresh`` is not used: in
        Whoosh-Reloaded the refreshed reader keeps every segment of the old one.)"""
        with self._search_lock:
            current = self._searcher
            if current is not None and self.ix.latest_generation() != current.reader().generation():
                current.close()
                current = self._searcher = None
            if current is None:  # (field lengths read once for it: core/field_lengths.py)
                current = self._searcher = self.ix.searcher(weighting=PreloadedLengthsBM25F())
            yield current

    def open_searchers(self) -> int:
        """How many searchers are open (0 or 1): what the leak test watches."""
        return 0 if self._searcher is None else 1

    def _drop_searcher(self) -> None:
        with self._search_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def close(self) -> None:
        self._drop_searcher()
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing -------------------------------------------------------------------------
    def _writer(self):
        # whoosh's file lock does not order threads of one process: this lock does
        self._write_lock.acquire()
        try:
            return self.ix.writer(timeout=15.0, limitmb=128)
        except LockError:
            self._write_lock.release()
            raise LibraryBusy("the search index is locked by another Parallax process") from None
        except BaseException:
            self._write_lock.release()
            raise

    def add_field_source(self, source: FieldSource) -> None:
        """Declare where more of a document's fields come from (``person``/``org``/``place``
        from the entities): the index asks every source whenever it indexes a document."""
        self._field_sources.append(source)

    def join_names(self, names: JoinedNames) -> None:
        """Answer the name fields of every query from ``names`` (a library's entity names)."""
        self._names = names

    @contextmanager
    def name_session(self) -> Iterator[NameSession | None]:
        if self._names is None:
            yield None
            return
        with self._names.session() as names:
            yield names

    def fields(self, doc: Document, rev: int = 0) -> dict[str, object]:
        """Everything indexed for ``doc``: its text and metadata, each source's fields, and
        its index stamp ``rev``."""
        extra: dict[str, str] = {}
        for source in self._field_sources:
            extra.update(source(doc))
        return fields_of(doc, extra, rev)

    def add(self, docs: Iterable[tuple[Document, int]]) -> int:
        """Index (or re-index) documents, each with its index stamp, in one commit."""
        docs = list(docs)
        if not docs:
            return 0
        with self.bulk() as add:
            for doc, rev in docs:
                add(doc, rev)
        return len(docs)

    @contextmanager
    def bulk(self) -> Iterator[Callable[[Document, int], None]]:
        """One writer for many documents, committed once when the block ends."""
        with self._writing() as w:
            def add(doc: Document, rev: int) -> None:
                w.update_document(**self.fields(doc, rev))

            yield add

    def delete(self, doc_ids: Iterable[int]) -> None:
        with self._writing() as w:
            for doc_id in doc_ids:
                w.delete_by_term("doc", str(doc_id))

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """One whoosh writer: committed when the block ends, cancelled if it raises."""
        w = self._writer()
        try:
            yield w
            w.commit()
        except BaseException:
            w.cancel()
            raise
        finally:
            self._write_lock.release()

    # -- searching -----------------------------------------------------------------------
    def parse(self, text: str) -> wq.Query:
        if not text.strip():
            raise QueryError("empty query")
        if len(text) > MAX_QUERY_CHARS:
            raise QueryError(f"the query is too long ({len(text):,} characters; at most "
                             f"{MAX_QUERY_CHARS:,}): search for a few words or a phrase")
        for m in _FIELD_PREFIX.finditer(_outside_quotes(text)):
            if m.group(1) not in SEARCH_FIELDS:
                raise QueryError(
                    f"unknown field '{m.group(1)}:' (fields: {', '.join(SEARCH_FIELDS)})"
                )
        parser = qparser.QueryParser(DEFAULT_FIELD, self.ix.schema)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        try:
            q = parser.parse(text)
        except Exception as exc:
            raise QueryError(f"cannot understand the query: {exc}") from None
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            raise QueryError("the query has no searchable words")
        # (names: joined from their own index)
        return with_lean_nots(with_set_phrases(with_array_unions(q, TEXT_FIELDS), TEXT_FIELDS))

    def plan(self, q: wq.Query, searcher, joined: NameSession | None = None) -> MatchPlan:
        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        names: list[tuple[str, tuple[str, ...]]] = []
        reader = searcher.reader()
        _collect(q, reader, terms, phrases, names, joined.reader() if joined else reader)
        return MatchPlan(frozenset(terms), tuple(phrases), tuple(dict.fromkeys(names)))


def remove_tree(folder: Path) -> None:
    """Remove an index folder; a file or link by that name is ours too (debris, not the
    user's data)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"?', lambda m: " " * len(m.group(0)), text)


def _collect(q: wq.Query, reader, terms: set[str], phrases: list[tuple[str, ...]],
             names: list[tuple[str, tuple[str, ...]]], name_reader) -> None:
    """Walk a query, skipping negated parts, gathering what to highlight in the text (name
    fields' terms expand against ``name_reader``)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        _collect(q.a, reader, terms, phrases, names, name_reader)
        return
    if isinstance(q, wq.Phrase):
        if q.fieldname in TEXT_FIELDS:
            phrases.append(tuple(q.words))
        elif q.fieldname in NAME_FIELDS:
            names.append((q.fieldname, tuple(q.words)))
        return
    if q.is_leaf():
        field_asked = getattr(q, "fieldname", None)
        if field_asked in TEXT_FIELDS or field_asked in NAME_FIELDS:
            where = name_reader if field_asked in NAME_FIELDS else reader
            for field, text in q.existing_terms(where, expand=True):
                word = text.decode("utf-8") if isinstance(text, bytes) else text
                if field in TEXT_FIELDS:
                    terms.add(word)
                elif field in NAME_FIELDS:
                    names.append((field, (word,)))
        return
    for child in q.children():
        _collect(child, reader, terms, phrases, names, name_reader)


@dataclass(frozen=True)
class RawHits:
    plan: MatchPlan
    hits: tuple[tuple[int, float], ...]  # (doc id, score), best first
    total: int
    total_exact: bool  # False: total is whoosh's estimate (counting every match costs time)


def run_query(index: SearchIndex, text: str, limit: int) -> RawHits:
    """Run a query; IndexDamaged when whoosh cannot read the index (QueryError for the query)."""
    q = index.parse(text)
    try:
        return _run(index, q, limit)
    except QueryError:
        raise
    except Exception as exc:  # whoosh's "Block tag error", struct errors, missing segments...
        raise IndexDamaged(f"the search index cannot be read ({type(exc).__name__}: "
                           f"{str(exc)[:120]})") from exc


def _run(index: SearchIndex, q: wq.Query, limit: int) -> RawHits:
    with index.searching() as s, index.name_session() as joined:
        plan = index.plan(q, s, joined)
        if joined is not None:
            q = joined.joined(q)
        results = s.search(q, limit=max(1, limit))
        hits = tuple((int(r["doc"]), float(r.score or 0.0)) for r in results)
        if len(hits) < max(1, limit):
            return RawHits(plan, hits, len(hits), True)
        if results.has_exact_length():
            return RawHits(plan, hits, len(results), True)
        estimate = max(len(hits), results.estimated_length())
        return RawHits(plan, hits, estimate, False)
