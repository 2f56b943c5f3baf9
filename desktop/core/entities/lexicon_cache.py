"""The library lexicon, current with the store: built once, then updated batch by batch.

A full build (one GROUP BY over all candidates, then the whole Lexicon) happens when nothing is
cached or something other than recognition changed the store (a correction, an import, a
removal: the store revision moved). Recognition saves batches through :meth:`saving`: when the
cached lexicon was current just before the save's transaction, it is updated with the rows
the batch added and took back (Lexicon.updated), and is current again after it. The update
makes a new Lexicon: a reader on another thread keeps the one it holds, unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.core.entities import curation
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.storage import EntityStore, Saved


class LexiconCache:
    def __init__(self, entities: EntityStore) -> None:
        self.entities = entities
        self._lex: tuple[int, Lexicon] | None = None
        self._lock = threading.Lock()
        self.builds = 0  # how many times it was built (tests, benchmarks)
        self.updates = 0  # how many batches updated it instead

    def get(self) -> Lexicon:
        with self._lock:
            rev = self.entities.store.revision()
            if self._lex is None or self._lex[0] != rev:
                db = self.entities.db()
                self._lex = (rev, Lexicon(self.entities.lexicon_rows(),
                                          curation.global_corrections(db)))
                self.builds += 1
            return self._lex[1]

    def saving(self, save: Callable[[], Saved]) -> Saved:
        """Run ``save`` (one transaction) and bring the lexicon along with what it wrote.

        Builds and saves take the same lock, so no build reads rows half of a save wrote."""
        with self._lock:
            saved = save()
            if self._lex is not None and self._lex[0] == saved.revision - 1:
                self._lex = (saved.revision, self._lex[1].updated(saved.rows))
                self.updates += 1
            return saved

    def invalidate(self) -> None:
        with self._lock:
            self._lex = None
