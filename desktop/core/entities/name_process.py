"""The names index written in a worker process: what the window uses.

Keeping the names index (name_index.py) in step is a whoosh write after every analysed chunk:
deleting the chunk's old entries, adding the new ones and committing, which merges segments.
That is Python from end to end, and in the window's process it held the GIL while searches
ran: sampled during the busy window bench, it was most of what the window's background thread
did while a search was under way (docs/benchmarks.md, "Fifth round, busy"). Here the window's
process still decides what to write (name_sync.sync: which articles' stamps differ, and their
names from the entity service's consolidation) and hands the entries to a
:class:`~desktop.core.worker_process.WorkerProcess`, which opens the same index folder and
writes them in one commit under whoosh's own writer lock (a file lock, which whoosh keeps
across processes). The window's searcher sees the new generation at its next search
(``NameIndex.searching``), as after a commit of its own.

Trust: the index stays a cache of the store. An entry carries its names stamp and a sync at
open writes whatever differs, so a worker that dies before, during or after its commit loses
nothing: the call raises ``WorkerGone`` and the same entries are written in the window's
process (a write deletes an article's entries before adding it, so writing it twice leaves
one entry), and every later write is made there too.
"""

from __future__ import annotations

from pathlib import Path

from whoosh import index as windex

from desktop.core.entities.name_index import Entry, write_entries
from desktop.core.worker_process import WorkerGone, WorkerProcess


def _write(folder: str, entries: list[Entry], drop: list[int]) -> int:
    ix = windex.open_dir(folder)  # (each time: the index may have been made again meanwhile)
    try:
        return write_entries(ix, entries, drop)
    finally:
        ix.close()


class ProcessNames:
    """A NameIndex's writes done in a worker process (``NameIndex.remote``)."""

    def __init__(self) -> None:
        self.worker = WorkerProcess("names index")

    def write(self, folder: Path, entries: list[Entry], drop: list[int]) -> int | None:
        """Entries written and dropped, or None when there is no worker (write them here)."""
        if self.worker.broken:
            return None
        try:
            return self.worker.call(_write, str(folder), entries, drop)
        except WorkerGone:
            return None

    def close(self) -> None:
        self.worker.close()
