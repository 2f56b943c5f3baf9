"""The tables of the links feature (applied by the store as named steps).

``link_postings`` is the inverted index: one row per distinct n-gram hash of a linked
document, so adding one article looks up only its own hashes. ``link_done`` records which
documents have been linked, so a library imported before linking existed (or an import whose
linking was cancelled) catches up with ``LinkService.pending``.
"""

from __future__ import annotations

from desktop.core.store import FeatureSchema

SCHEMA: FeatureSchema = [
    ("links-1", """
    CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        doc_a INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        a_start INTEGER NOT NULL,
        a_end INTEGER NOT NULL,
        doc_b INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        b_start INTEGER NOT NULL,
        b_end INTEGER NOT NULL,
        kind TEXT NOT NULL,
        score REAL NOT NULL
    );
    CREATE INDEX links_doc_a ON links(doc_a);
    CREATE INDEX links_doc_b ON links(doc_b);
    CREATE TABLE link_postings (
        hash INTEGER NOT NULL,
        doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (hash, doc)
    ) WITHOUT ROWID;
    CREATE INDEX link_postings_doc ON link_postings(doc);
    CREATE TABLE link_done (
        doc INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE
    )
    """),
]
