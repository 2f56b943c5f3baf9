"""The library lexicon, built once per store revision (one GROUP BY over all candidates).

Recognition saves in batches and each save moves the revision, so nothing reads the lexicon
between batches of one run (the service reports changed documents once, at the end): it is
rebuilt once per run, when the first article or index field is resolved afterwards.
"""

from __future__ import annotations

import threading

from desktop.core.entities import curation
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.storage import EntityStore


class LexiconCache:
    def __init__(self, entities: EntityStore) -> None:
        self.entities = entities
        self._lex: tuple[int, Lexicon] | None = None
        self._lock = threading.Lock()
        self.builds = 0  # how many times it was built (tests, benchmarks)

    def get(self) -> Lexicon:
        rev = self.entities.store.revision()
        with self._lock:
            if self._lex is None or self._lex[0] != rev:
                db = self.entities.db()
                self._lex = (rev, Lexicon(self.entities.lexicon_rows(),
                                          curation.global_corrections(db)))
                self.builds += 1
            return self._lex[1]

    def invalidate(self) -> None:
        with self._lock:
            self._lex = None
