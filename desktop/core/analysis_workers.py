"""The window's background analysis computed in worker processes (what gui/background.py uses).

``AnalysisWorkers.attach(library)`` gives the library's services their worker-process
counterparts: spaCy's model (entities/recognizer_process.py), the planning of linking steps
(overlap/link_process.py), quote extraction (storymap/quote_process.py) and the names index's
whoosh writes (entities/name_process.py). Each worker is a
:class:`~desktop.core.worker_process.WorkerProcess`: spawned on first use at nice 10, ended
with its parent, given up (and its work done in this process) if it dies. Every store write, change
event and article-index update stays in the library's process. ``close`` stops the workers and gives
the services back their in-process computing.

The CLI does not attach them: it draws nothing, so the GIL it holds stops nobody, and a
worker would cost a second interpreter's start-up and memory for nothing.
"""

from __future__ import annotations

from desktop.core.entities.name_process import ProcessNames
from desktop.core.entities.recognizer import SpacyRecognizer
from desktop.core.entities.recognizer_process import ProcessRecognizer
from desktop.core.library import Library
from desktop.core.overlap.link_process import ProcessPlanner
from desktop.core.storymap.quote_process import ProcessQuotes


class AnalysisWorkers:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.recognizer: ProcessRecognizer | None = None
        self.planner: ProcessPlanner | None = None
        self.quotes: ProcessQuotes | None = None
        self.names: ProcessNames | None = None

    @classmethod
    def attach(cls, library: Library) -> AnalysisWorkers:
        """Workers for a writable library's analysis (none for a read-only one: it analyses
        nothing)."""
        workers = cls(library)
        if library.read_only:
            return workers
        recognizer = library.entities.recognizer
        if isinstance(recognizer, SpacyRecognizer):
            workers.recognizer = ProcessRecognizer(recognizer)
            library.entities.recognizer = workers.recognizer
        workers.planner = ProcessPlanner(library.store.path)
        library.links.planner = workers.planner
        workers.quotes = ProcessQuotes()
        library.storymap.quotes.extractor = workers.quotes
        workers.names = ProcessNames()
        library.names.index.remote = workers.names
        return workers

    def close(self) -> None:
        """Stop the workers (work under way is dropped) and compute in this process again."""
        lib = self.library
        if self.recognizer is not None:
            self.recognizer.close()
            if lib.entities.recognizer is self.recognizer:
                lib.entities.recognizer = self.recognizer.inner
            self.recognizer = None
        if self.planner is not None:
            self.planner.close()
            if lib.links.planner is self.planner:
                lib.links.planner = None
            self.planner = None
        if self.quotes is not None:
            self.quotes.close()
            if lib.storymap.quotes.extractor is self.quotes:
                lib.storymap.quotes.extractor = None
            self.quotes = None
        if self.names is not None:
            self.names.close()
            if lib.names.index.remote is self.names:
                lib.names.index.remote = None
            self.names = None
