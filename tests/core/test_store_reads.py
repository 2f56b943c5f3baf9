"""The store's public read API: features read their tables through it, and it never writes."""

from __future__ import annotations

import pytest

from desktop.core.library import Library


def test_read_runs_selects_on_the_store(sample_library: Library) -> None:
    store = sample_library.store
    rows = store.read("SELECT id FROM documents ORDER BY id").fetchall()
    assert [r[0] for r in rows] == sample_library.document_ids()
    assert store.read_one("SELECT count(*) FROM documents") == (2,)
    assert store.read_one("SELECT id FROM documents WHERE id=?", (999,)) is None
    assert store.reads.execute("WITH x AS (SELECT 1) SELECT * FROM x").fetchall() == [(1,)]


@pytest.mark.parametrize("sql", ["DELETE FROM documents", "UPDATE meta SET value='9'",
                                 "INSERT INTO meta (key, value) VALUES ('x', 'y')", "PRAGMA user_version=9"])
def test_read_refuses_writes(sample_library: Library, sql: str) -> None:
    with pytest.raises(ValueError, match="SELECT statements only"):
        sample_library.store.read(sql)
    assert sample_library.store.count() == 2


def test_library_reads_summaries_and_ids_without_the_store(sample_library: Library) -> None:
    ids = sample_library.document_ids()
    assert ids == [1, 2]
    assert sample_library.document_summary(2).id == 2
