"""The tables of the links feature (applied by the store as named steps).

``link_postings`` is the inverted index: one row per distinct n-gram hash of a linked
document, so adding one article looks up only its own hashes. ``link_done`` records which
documents have been linked, so a library imported before linking existed (or an import whose
linking was cancelled) catches up with ``LinkService.pending``.

``links-2`` makes linking order-free (candidates.py): ``link_top`` holds each linked
document's chosen candidates. ``other`` is deliberately not a foreign key: when a chosen
document is removed its row stays, pointing at nothing, and that marks the chooser to be
rechecked. Links made before (with the smaller id as side A, candidates by arrival) are
dropped so the library is linked again under the new rule.

``links-3``: ``link_frequent`` lists the hashes held by more than candidates.MAX_DF
documents (they do not count towards sharing); when removals bring one back under the
limit, the documents holding it are rechecked.

``links-4``: ``link_state`` keeps the cap ``link_frequent`` was last made true for
(candidates.max_df of the library's size, key ``max_df``): the cap moves with the number of
documents, and a lower cap than the stored one means a scan for hashes newly frequent.
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
    ("links-2", """
    DELETE FROM links;
    DELETE FROM link_postings;
    DELETE FROM link_done;
    CREATE TABLE link_top (
        doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        other INTEGER NOT NULL,
        shared INTEGER NOT NULL,
        tie INTEGER NOT NULL,
        PRIMARY KEY (doc, other)
    ) WITHOUT ROWID;
    CREATE INDEX link_top_other ON link_top(other)
    """),
    ("links-3", """
    CREATE TABLE link_frequent (hash INTEGER PRIMARY KEY)
    """),
    ("links-4", """
    CREATE TABLE link_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)
    """),
]
