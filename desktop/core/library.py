"""The facade the GUI and the CLI use: one object per open library folder.

A library is a folder holding ``library.sqlite`` (the truth: see store.py) and ``index/``
(a whoosh index that is only a cache of the store: see search.py). Opening a library for
writing takes an OS file lock (``library.lock``), released by the OS even if the process dies,
so two Parallax processes never write at once; a second process opens read-only.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from desktop.core import ingest, readonly
from desktop.core.analysis import AnalysisReport, analyse_pending, pending_work
from desktop.core.annotations.schema import SCHEMA as ANNOTATIONS_SCHEMA
from desktop.core.annotations.service import AnnotationService
from desktop.core.docmeta import SCHEMA as DOCMETA_SCHEMA
from desktop.core.docmeta import DocMeta
from desktop.core.entities import name_sync
from desktop.core.entities.schema import SCHEMA as ENTITIES_SCHEMA
from desktop.core.entities.service import EntityService
from desktop.core.errors import (
    DiskFull,
    IndexDamaged,
    IngestError,
    LibraryBusy,
    LibraryError,
    NotFound,
    ParallaxError,
)
from desktop.core.events import Change, LibraryEvents
from desktop.core.index_feed import IndexFeed
from desktop.core.index_rebuild import clear_leftovers, rebuild_beside
from desktop.core.matches import find_matches, make_snippet, merge, name_matches
from desktop.core.model import (
    Cancelled,
    DocSummary,
    Document,
    Hit,
    ImportResult,
    ImportStatus,
    Progress,
    SearchResult,
    never_cancelled,
    no_progress,
)
from desktop.core.notices import IMPORT_NOTICE, INDEX_NOTICE, Notice, Notices
from desktop.core.overlap.schema import SCHEMA as LINKS_SCHEMA
from desktop.core.overlap.service import LinkService
from desktop.core.search import REMADE_DAMAGED, SearchIndex, run_query
from desktop.core.store import FeatureSchema, Store
from desktop.core.storymap.names import EntityNames
from desktop.core.storymap.quote_store import SCHEMA as STORYMAP_SCHEMA
from desktop.core.storymap.service import StoryMapService
from desktop.resources import sample_files

log = logging.getLogger(__name__)

# Each feature (entities, links, annotations) owns its tables: its schema steps are listed
# here, and its service object is made in Library.__init__. Feature tables reference
# documents(id) ON DELETE CASCADE, so removing a document removes what hangs on it.
FEATURE_SCHEMAS: tuple[FeatureSchema, ...] = (LINKS_SCHEMA, ENTITIES_SCHEMA, ANNOTATIONS_SCHEMA,
                                               STORYMAP_SCHEMA, DOCMETA_SCHEMA)


class Library:
    """Open with :meth:`open`; close with :meth:`close` (or use as a context manager)."""

    def __init__(self, folder: Path, store: Store, index: SearchIndex, lock_fd: int | None,
                 notices: Sequence[str | Notice]) -> None:
        self.folder = folder
        self.store = store
        self.index = index
        self.read_only = lock_fd is None
        # what the person should know (index rebuilt, read-only, disk full...): the CLI prints
        # them, the window hears those added later through notices.subscribe (core/notices.py)
        self.notices = Notices(notices)
        self._lock_fd = lock_fd
        self._remade: str | None = None  # why the index was made empty at open, until refilled
        self._cleanups: list[Callable[[], None]] = []  # temporary folders of a read-only open
        self.events = LibraryEvents()  # every write reports here; views and the index listen
        self.links = LinkService(store)
        self.docmeta = DocMeta(store, self.events)  # the user's metadata edits, authors
        self.annotations = AnnotationService(store, self.events)
        # called with a document's id after a corrected version replaced its texts in place
        self._changed_hooks: list[Callable[[int], object]] = [self.annotations.reanchor,
                                                             self.links.forget]
        self.entities = EntityService(
            store, on_changed=lambda ids: self.events.docs_changed(ids, Change.ENTITIES))
        self._changed_hooks.append(self.entities.forget)
        self.storymap = StoryMapService(store, self.links, self.events,  # quotes, families, provenance
                                        EntityNames(self.entities))
        self._changed_hooks.append(self.storymap.forget)
        self.names = name_sync.attach(folder / "names", store, index, self.events,  # (#12)
                                      self.entities.index_fields, self.notices, writable=not self.read_only)
        self.events.subscribe(IndexFeed(store, index, self.notices))

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False, sync: bool = True) -> Library:
        """Open (creating if needed) the library in ``folder``.

        Raises LibraryBusy when another process holds it for writing (unless ``read_only``),
        LibraryError when the folder cannot be used. With ``sync`` the search index is
        brought in line with the store before returning (see :meth:`sync_index`).
        """
        folder = folder.expanduser().absolute()
        if read_only:
            return cls._open_read_only(folder, busy=True)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create library folder {folder}: {exc.strerror}") from None
        if (folder / "library.sqlite").exists() and not readonly.folder_writable(folder):
            return cls._open_read_only(folder, busy=False)
        lock_fd = _take_lock(folder)
        try:
            store = Store(folder / "library.sqlite", features=FEATURE_SCHEMAS)
            clear_leftovers(folder / "index")  # of a rebuild a crash interrupted
            index = SearchIndex(folder / "index")
            remade = index.open()
        except BaseException:
            os.close(lock_fd)
            raise
        lib = cls(folder, store, index, lock_fd, [])
        if remade and store.count():  # (an empty library's first index is worth no word)
            lib._remade = remade  # sync_index says when the new index is whole
            if not sync:  # the window fills it in the background: say so meanwhile
                lib.notices.append(f"the search index {remade}: it is being rebuilt from the "
                                   "library; until then searches may miss articles",
                                   warning=remade == REMADE_DAMAGED, key=INDEX_NOTICE)
        if sync:
            lib.sync_index()
        return lib

    @classmethod
    def _open_read_only(cls, folder: Path, *, busy: bool) -> Library:
        """Read-only: another process writes it (``busy``), or it cannot be written (see
        readonly.py: in place, or a temporary copy; a temporary index when needed)."""
        store, notices, cleanups = readonly.open_store(folder, FEATURE_SCHEMAS, busy=busy)
        try:
            index, more, also = readonly.open_index(folder, store, busy=busy)
        except BaseException:
            store.close()
            for cleanup in cleanups:
                cleanup()
            raise
        lib = cls(folder, store, index, None, notices + more)
        lib._cleanups = cleanups + also
        return lib

    def close(self) -> None:
        self.index.close()
        self.names.close()
        self.store.close()
        for cleanup in self._cleanups:
            cleanup()
        self._cleanups = []
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- index health --------------------------------------------------------------------
    def index_out_of_date(self) -> bool:
        if self.read_only:
            return False
        try:
            return self.store.index_revs() != self.index.indexed_revs() or self.names.out_of_date()
        except Exception:  # unreadable: damaged
            return True

    def rebuild_index(self, progress: Progress = no_progress,
                      cancelled: Cancelled = never_cancelled, reason: str = "") -> int | None:
        """Index every document again (the index is only a cache), beside the index in use,
        which searches keep using until the new one replaces it whole (core/index_rebuild.py).
        Returns the number of articles, or None when cancelled (the old index is kept)."""
        if self.read_only:
            raise LibraryError("this library is open read-only: the index cannot be rebuilt")
        count = rebuild_beside(self.store, self.index, progress, cancelled)
        if count is not None:
            self._remade = None
            self.names.catch_up(remake=True)
            self.notices.append(f"the search index {reason + ' and ' if reason else ''}has "
                                f"been rebuilt ({_articles(count)})", warning=bool(reason),
                                key=INDEX_NOTICE)
        return count

    def sync_index(self, progress: Progress = no_progress,
                   cancelled: Cancelled = never_cancelled, *, quiet: bool = False) -> int:
        """Re-index every document whose index stamp differs from the store's (new, changed,
        or left half-done by a crash) and drop what the store no longer has. Returns the count.
        An index that cannot be read is rebuilt."""
        if self.read_only:
            return 0
        self.names.catch_up()
        in_store = self.store.index_revs()
        try:
            in_index = self.index.indexed_revs()
        except Exception:
            if quiet:
                raise
            return self.rebuild_index(progress, cancelled, reason="was damaged") or 0
        extra = in_index.keys() - in_store.keys()
        stale = sorted(i for i, rev in in_store.items() if in_index.get(i) != rev)
        if extra:
            self.index.delete(extra)
        done, failed = 0, list[BaseException]()  # (a failure is said by _indexing)
        if stale:  # (no writer when nothing is stale: an empty commit at every open cost time)
            with self._indexing(failed) as index_doc:
                for i, doc_id in enumerate(stale):
                    if cancelled():
                        break
                    progress(i, len(stale), "indexing")
                    try:
                        doc, rev = self.store.document_for_index(doc_id)
                    except NotFound:  # removed meanwhile
                        continue
                    index_doc(doc, rev)
                    done += 1
        if failed:
            return 0
        if self._remade and done == len(stale):
            self.notices.append(f"the search index {self._remade} and has been rebuilt "
                                f"({_articles(done)})", warning=self._remade == REMADE_DAMAGED,
                                key=INDEX_NOTICE)
            self._remade = None
        elif (stale or extra) and not quiet:
            self.notices.append(f"search index brought up to date ({done} indexed, "
                                f"{len(extra)} removed)")
        return done + len(extra)

    # -- reading -------------------------------------------------------------------------
    def list_documents(self) -> list[DocSummary]:
        return self.store.summaries()

    def get_document(self, doc_id: int) -> Document:
        return self.store.document(doc_id)

    def document_summary(self, doc_id: int) -> DocSummary:
        """One article's list entry (title, path, source, date...); NotFound if it is gone."""
        return self.store.summary(doc_id)

    def document_ids(self) -> list[int]:
        """Every article's id, in import order."""
        return sorted(self.store.ids())

    def search(self, query: str, limit: int = 20) -> SearchResult:
        try:
            raw = run_query(self.index, query, limit)
        except IndexDamaged as exc:
            if self.read_only:
                raise IndexDamaged(f"{exc}; open the library in Parallax (not read-only) to "
                                   "rebuild it") from None
            self.rebuild_index(reason="was damaged")
            raw = run_query(self.index, query, limit)
        hits = []
        for doc_id, score in raw.hits:
            try:
                summary, text, offsets = self.store.hit_parts(doc_id)
            except NotFound:  # removed since the index saw it; the next sync drops it
                continue
            matches = find_matches(text, raw.plan)
            if raw.plan.names:  # person:/org:/place: draw on the mentions they matched
                matches = merge(matches, name_matches(self.entities.named(doc_id, text), raw.plan))
            source = tuple(offsets.span_to_source(m.start, m.end) for m in matches)
            hits.append(Hit(summary, score, make_snippet(text, matches), tuple(matches), source))
        return SearchResult(query, tuple(hits), raw.total, raw.total_exact)

    # -- writing -------------------------------------------------------------------------
    def import_paths(self, paths: Sequence[Path], progress: Progress = no_progress,
                     cancelled: Cancelled = never_cancelled) -> list[ImportResult]:
        """Import files and folders; one result a file. Files are committed one by one."""
        if self.read_only:
            raise LibraryError("this library is open read-only; close the other Parallax first")
        items = list(ingest.iter_article_files(paths))
        results: list[ImportResult] = []
        # the change reports go out once the index has committed, one per kind of change
        with self.events.operation(), self._indexing([]) as index_doc:
            for i, (path, problem) in enumerate(items):
                if cancelled():
                    break
                progress(i, len(items), path.name)
                try:
                    result, doc = self._import_one(path, problem)
                except DiskFull as exc:
                    kept = sum(r.status in (ImportStatus.IMPORTED, ImportStatus.UPDATED)
                               for r in results)
                    results.append(ImportResult(str(path), ImportStatus.FAILED, str(exc),
                                                stopped=True, not_tried=len(items) - i - 1))
                    self.notices.append(
                        f"the disk is full: the import stopped at file {i + 1} of {len(items)}; "
                        f"the {kept} file{'s' if kept != 1 else ''} imported before it "
                        f"{'are' if kept != 1 else 'is'} kept", warning=True, key=IMPORT_NOTICE)
                    break
                results.append(result)
                if doc is not None:
                    index_doc(*doc)
                    self.events.docs_changed([doc[0].id], Change.ADDED if result.status ==
                                             ImportStatus.IMPORTED else Change.TEXT)
        progress(len(items), len(items), "done")
        return results

    def analyse_pending(self, progress: Progress = no_progress,
                        cancelled: Cancelled = never_cancelled, *, link: bool = True,
                        recognise: bool = True,
                        only: Collection[int] | None = None) -> AnalysisReport:
        """Catch up on what imports leave for later: shared passages, then names (see
        core/analysis.py). The one entry point for the window and every command."""
        return analyse_pending(self.store, self.events, self.links, self.entities, progress,
                               cancelled, link=link, recognise=recognise, only=only,
                               quotes=self.storymap.quotes)

    def has_pending_analysis(self) -> bool:
        if self.read_only:
            return False
        to_link, to_recognise = pending_work(self.links, self.entities)
        return bool(to_link or to_recognise or self.storymap.pending())

    def link_pending(self, progress: Progress = no_progress,
                     cancelled: Cancelled = never_cancelled) -> int:
        """Cross-link the documents not linked yet; the number of documents linked."""
        return self.analyse_pending(progress, cancelled, recognise=False).linked

    def _import_one(self, path: Path, problem: str | None
                    ) -> tuple[ImportResult, tuple[Document, int] | None]:
        """One file: read, clean, store in one transaction. The document (and its index stamp)
        is returned for indexing. A full disk stops the whole import (DiskFull is raised)."""
        shown = ingest.display_path(path)
        if problem is not None:
            status = ImportStatus.SKIPPED if problem.startswith("skipped") else ImportStatus.FAILED
            return ImportResult(shown, status, problem), None
        try:
            art = ingest.read_article(path)
        except IngestError as exc:
            return ImportResult(shown, ImportStatus.FAILED, str(exc)), None
        except Exception as exc:
            log.debug("import of %s failed", path, exc_info=True)
            return ImportResult(shown, ImportStatus.FAILED, f"unexpected error ({exc!r})"), None
        existing = self.store.find_by_hash(art.content_hash)
        if existing is not None:
            return ImportResult(art.path, ImportStatus.DUPLICATE,
                                f"already in the library as #{existing}", existing), None
        earlier = self.store.find_by_path(art.path)
        if earlier is not None:
            return self._replace_one(earlier, art)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self.store.transaction() as db:
                doc_id = self.store.insert_document(
                    db, path=art.path, fmt=art.fmt, meta=art.meta, source_text=art.source_text,
                    clean=art.clean, content_hash=art.content_hash, imported_at=now)
                self.docmeta.record_import(db, doc_id, art.meta, new=True)
                rev = self.store.index_stamp(db)  # insert_document stamped it
        except DiskFull:
            raise
        except (LibraryError, sqlite3.Error) as exc:
            return ImportResult(shown, ImportStatus.FAILED,
                                f"could not save to the library ({exc}); nothing was changed"), None
        doc = Document(doc_id, art.path, art.fmt, art.meta, art.source_text, art.clean,
                       art.content_hash, now)
        return ImportResult(art.path, ImportStatus.IMPORTED, art.meta.title, doc_id), (doc, rev)

    def _replace_one(self, doc_id: int, art: ingest.Ingested
                     ) -> tuple[ImportResult, tuple[Document, int] | None]:
        """A changed file at a known path: the texts are replaced in place (same id) and every
        feature that hangs on the text (annotations, links, entities) catches up, ALL IN ONE
        TRANSACTION: a crash leaves either the old version whole or the new one whole."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        twins = self.links.linked_docs(doc_id)  # their shared passages with it are redone
        file_meta, art = art.meta, replace(art, meta=self.docmeta.apply(doc_id, art.meta))
        try:
            with self.store.transaction() as db:
                self.docmeta.record_import(db, doc_id, file_meta)  # the user's edits stay
                self.store.replace_document(
                    db, doc_id, fmt=art.fmt, meta=art.meta, source_text=art.source_text,
                    clean=art.clean, content_hash=art.content_hash, imported_at=now)
                self.document_changed(doc_id)
                rev = self.store.mark_index_stale(db, [doc_id])
        except DiskFull:
            raise
        except ParallaxError as exc:
            return ImportResult(art.path, ImportStatus.FAILED,
                                f"could not update #{doc_id} ({exc}); nothing was changed"), None
        except Exception as exc:
            log.debug("updating %s failed", art.path, exc_info=True)
            return ImportResult(art.path, ImportStatus.FAILED,
                                f"could not update #{doc_id} (unexpected error {exc!r}); "
                                "nothing was changed"), None
        self.events.docs_changed([doc_id, *twins], Change.LINKS)
        doc = self.store.document(doc_id)
        return ImportResult(art.path, ImportStatus.UPDATED, art.meta.title, doc_id), (doc, rev)

    def add_changed_hook(self, hook: Callable[[int], object]) -> None:
        """Call ``hook(doc_id)`` whenever a document's texts are replaced by a corrected version.

        Hooks run INSIDE the update's transaction (their ``store.transaction()`` joins it), so
        the update and every feature's follow-up land together or not at all: a hook writes
        through the store only, does no slow work and touches no widget. A hook that raises
        undoes the whole update (the import reports the file as failed)."""
        self._changed_hooks.append(hook)

    def document_changed(self, doc_id: int) -> None:
        """Run the changed hooks (inside the caller's transaction: see add_changed_hook)."""
        for hook in self._changed_hooks:
            hook(doc_id)

    @contextmanager
    def _indexing(self, failed: list[BaseException]) -> Iterator[Callable[[Document, int], None]]:
        """Index an import's documents with ONE whoosh writer, committed at the end (as bare
        whoosh would: committing batch by batch made whoosh re-merge a growing index). The
        store is the truth: if indexing fails (into ``failed``), one notice says so and the
        next open catches up. If the import itself raises, the writer is cancelled."""
        stack = ExitStack()
        add: Callable[[Document, int], None] | None = None
        try:
            add = stack.enter_context(self.index.bulk())
        except Exception as exc:  # locked by another process, disk full...
            failed.append(exc)

        def index_doc(doc: Document, rev: int) -> None:
            if add is not None and not failed:
                try:
                    add(doc, rev)
                except Exception as exc:
                    failed.append(exc)

        try:
            yield index_doc
        except BaseException:
            stack.__exit__(*sys.exc_info())
            raise
        try:
            stack.close()  # commits
        except Exception as exc:
            failed.append(exc)
        if failed:  # the notice is the one line; the log file gets the traceback
            log.info("indexing failed", exc_info=failed[0])
            self.notices.append(f"search index not updated ({failed[0]}); it will catch up "
                                "on reopen", warning=True)

    def remove_document(self, doc_id: int) -> None:
        twins = self.links.linked_docs(doc_id)
        with self.store.transaction() as db:
            self.store.delete_document(db, doc_id)
        self._unindex(doc_id)
        self.events.docs_changed([doc_id], Change.REMOVED)
        self.events.docs_changed(twins, Change.LINKS)

    def _unindex(self, doc_id: int) -> None:
        try:
            self.index.delete([doc_id])
        except Exception:
            log.exception("could not remove %s from the index", doc_id)

    def import_samples_if_new(self) -> list[ImportResult]:
        """On a library that has never held anything, import the bundled sample articles."""
        if self.read_only or self.store.get_meta("samples_offered") or self.store.count():
            return []
        results = self.import_paths(sample_files())
        with self.store.transaction() as db:
            self.store.set_meta(db, "samples_offered", "1")
        return results


def _take_lock(folder: Path) -> int:
    path = folder / "library.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LibraryError(f"cannot use library folder {folder}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise LibraryBusy(
            f"the library {folder} is in use by another Parallax process (pid {holder})"
        ) from None
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode("ascii"))
    return fd


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"
