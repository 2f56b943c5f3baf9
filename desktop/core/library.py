"""The facade the GUI and the CLI use: one object per open library folder.

A library is a folder holding ``library.sqlite`` (the truth: see store.py) and ``index/``
(a whoosh index that is only a cache of the store: see search.py). Opening a library takes a
process lock so that two Parallax processes never write to it at once; a second process can
open it read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.core.model import (
    Cancelled,
    Document,
    DocSummary,
    ImportResult,
    Progress,
    SearchResult,
    never_cancelled,
    no_progress,
)


class Library:
    """Open with :meth:`open`; close with :meth:`close` (or use as a context manager)."""

    folder: Path
    read_only: bool
    notices: list[str]  # things the user should know about opening (index rebuilt, read-only)

    @classmethod
    def open(cls, folder: Path, *, read_only: bool = False, wait: bool = False) -> Library:
        """Open (creating if needed) the library in ``folder``.

        Raises LibraryBusy when another process holds it for writing and ``read_only`` is
        False; LibraryError when the folder cannot be used.
        """
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------
    def list_documents(self) -> list[DocSummary]:
        """All documents, in import order."""
        raise NotImplementedError

    def get_document(self, doc_id: int) -> Document:
        """Raises NotFound."""
        raise NotImplementedError

    def search(self, query: str, limit: int = 20) -> SearchResult:
        """Ranked hits with snippets and every match. Raises QueryError for a bad query."""
        raise NotImplementedError

    # -- writing (thread-safe; may run in a worker thread) ---------------------------------
    def import_paths(
        self,
        paths: Sequence[Path],
        progress: Progress = no_progress,
        cancelled: Cancelled = never_cancelled,
    ) -> list[ImportResult]:
        """Import files and folders (recursively: .txt .md .html .htm); one result a file."""
        raise NotImplementedError

    def remove_document(self, doc_id: int) -> None:
        raise NotImplementedError

    def import_samples_if_new(self) -> list[ImportResult]:
        """On a library that has never held anything, import the bundled sample articles."""
        raise NotImplementedError
