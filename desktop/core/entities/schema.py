"""The entity tables: one named feature schema step (see FeatureSchema in core/store.py).

``entity_runs`` says which recogniser (model and cleanup version) processed each document,
``entity_candidates`` holds the cleaned names it found, ``entity_corrections`` (curation.py)
what the user said. All hang on documents(id) ON DELETE CASCADE.
"""

from __future__ import annotations

from desktop.core.entities import curation
from desktop.core.entities.name_sync import SCHEMA_STEP as NAMES_STEP

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
""" + ";" + curation.SCHEMA_STEP),
          # a label the sentence itself gave (a title, a cue: evidence.py) outweighs votes
          ("entities-2", "ALTER TABLE entity_candidates ADD COLUMN confident INTEGER NOT NULL "
                         "DEFAULT 0"),
          # the line breaks no name may cross (structure.py), for names found again on read
          ("entities-3", "ALTER TABLE entity_runs ADD COLUMN breaks TEXT NOT NULL DEFAULT ''"),
          # each article's names stamp: what the names index must hold (name_sync.py)
          NAMES_STEP,
          # what the library lexicon is built from changed (lexicon_cache.py): every write
          # to the candidates or the corrections counts, cascades of a removal too
          ("entities-5", """
CREATE TABLE entity_lexicon_rev (id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER NOT NULL);
INSERT INTO entity_lexicon_rev (id, n) VALUES (0, 0);
""" + "".join(
              f"CREATE TRIGGER {table}_{verb.lower()} AFTER {verb} ON {table} BEGIN "
              f"UPDATE entity_lexicon_rev SET n = n + 1; END;\n"
              for table in ("entity_candidates", "entity_corrections")
              for verb in ("INSERT", "DELETE", "UPDATE")))]
