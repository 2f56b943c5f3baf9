"""The tables of the annotations feature (applied by the store as named steps).

Annotations reference documents(id) ON DELETE CASCADE: removing an article from the library
removes its highlights and notes with it (export them first to keep them; the JSON export
re-imports once the article is back). A corrected version re-imported from the same path keeps
the document id, so its annotations stay and are re-anchored instead.
"""

from __future__ import annotations

from desktop.core.store import FeatureSchema

SCHEMA: FeatureSchema = [
    ("annotations-1", """
    CREATE TABLE annotations (
        id TEXT PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        colour TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        orphan INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE INDEX annotations_doc ON annotations(doc_id, start);
    CREATE TABLE annotation_colours (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        rgb TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    INSERT INTO annotation_colours (key, name, rgb, position) VALUES
        ('claim', 'claim', '#ffe58a', 0),
        ('contradiction', 'contradiction', '#ffb3b3', 1),
        ('check', 'check', '#a8d8ff', 2),
        ('key_quote', 'key quote', '#b9f0b0', 3)
    """),
    # the words the user highlighted, kept when the text they stand on changed (model.py)
    ("annotations-2", "ALTER TABLE annotations ADD COLUMN original TEXT NOT NULL DEFAULT ''"),
]
