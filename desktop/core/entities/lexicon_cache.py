"""The library lexicon, current with the store: built once, then updated batch by batch.

A full build (one GROUP BY over all candidates, then the whole Lexicon) happens when nothing is
cached or something other than recognition changed what it is built from (a correction, a
removal, a corrected version of an article: the stamp ``storage.lexicon_rev``, which triggers
move with every write to the candidates and the corrections). Writes of links, quotes or
highlights leave it: keyed on the store revision, it was rebuilt after each of them, and in
a window analysing 10,000 articles those rebuilds were half of the analysis's own work.
Recognition saves batches through :meth:`saving`: when the cached lexicon was current just
before the save's transaction, it is updated with the rows the batch added and took back
(Lexicon.updated), and is current again after it. The update
makes a new Lexicon: a reader on another thread keeps the one it holds, unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.core.entities import curation
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.storage import EntityStore, Saved, lexicon_rev


class LexiconCache:
    def __init__(self, entities: EntityStore) -> None:
        self.entities = entities
        self._lex: tuple[tuple[str, int], Lexicon] | None = None
        self._lock = threading.Lock()
        self.builds = 0  # how many times it was built (tests, benchmarks)
        self.updates = 0  # how many batches updated it instead

    def _stamp(self) -> tuple[str, int]:
        rev = lexicon_rev(self.entities.db())
        return ("store", self.entities.store.revision()) if rev is None else ("lexicon", rev)

    def get(self) -> Lexicon:
        with self._lock:
            rev = self._stamp()
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
            if saved.lexicon_before is None:
                before, after = ("store", saved.revision - 1), ("store", saved.revision)
            else:
                before, after = ("lexicon", saved.lexicon_before), ("lexicon", saved.lexicon_after or 0)
            if self._lex is not None and self._lex[0] == before:
                self._lex = (after, self._lex[1].updated(saved.rows))
                self.updates += 1
            return saved

    def invalidate(self) -> None:
        with self._lock:
            self._lex = None
