"""#9 item 2: every write lands whole or is finished at the next open. An in-place update,
its re-anchoring and each feature's follow-up are one transaction; the index carries a stamp
per document, so a sync after a crash re-indexes changed content (not only missing ids), and
recognised names reach the index even when the process died before indexing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.model import ImportStatus
from tests.core.test_entities import NAMES, FakeRecognizer

OLD = "Ministers met in Vienna on Monday. The zebracorn treaty was signed by all.\n"
NEW = "Ministers met in Vienna on Monday. The quokkaroo treaty was signed by all.\n"


def _story(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(text, "utf-8")
    return path


def test_a_failing_follow_up_undoes_the_whole_update(library: Library, tmp_path: Path) -> None:
    [first] = library.import_paths([_story(tmp_path, OLD)])
    assert first.doc_id is not None
    ann = library.annotations.add_quote(library.get_document(first.doc_id), "zebracorn treaty", "claim")

    def explode(doc_id: int) -> None:
        raise RuntimeError("feature bug")

    library.add_changed_hook(explode)  # runs after annotations re-anchored, inside the unit
    [second] = library.import_paths([_story(tmp_path, NEW)])
    assert second.status == ImportStatus.FAILED and "nothing was changed" in second.message
    assert first.doc_id is not None
    doc = library.get_document(first.doc_id)
    assert "zebracorn" in doc.source_text  # the old version, whole
    kept = library.annotations.get(ann.id)
    assert kept == ann  # re-anchoring was rolled back with it
    assert library.search("zebracorn").total == 1


def test_an_update_whose_index_commit_never_happened_is_reindexed_at_open(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library.import_paths([_story(tmp_path, OLD)])
    folder = library.folder

    # the process dies before the index writer commits: the index never sees the new text
    monkeypatch.setattr(library.index, "bulk", lambda: (_ for _ in ()).throw(OSError("killed")))
    [r] = library.import_paths([_story(tmp_path, NEW)])
    assert r.status == ImportStatus.UPDATED
    assert library.search("zebracorn").total == 1  # the index still has the old text...
    library.close()
    with Library.open(folder) as lib:  # ...until the next open
        assert lib.search("quokkaroo").total == 1
        assert lib.search("zebracorn").total == 0
        assert any("brought up to date" in n for n in lib.notices)


def test_the_index_stamp_tells_changed_content_from_unchanged(library: Library,
                                                              tmp_path: Path) -> None:
    library.import_paths([_story(tmp_path, OLD)])
    assert not library.index_out_of_date()
    doc_id = library.list_documents()[0].id
    with library.store.transaction() as db:
        library.store.mark_index_stale(db, [doc_id])
    assert library.index_out_of_date()
    assert library.sync_index() == 1
    assert not library.index_out_of_date()


def test_recognised_names_reach_the_index_after_a_crash(library: Library, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    library.entities.recognizer = FakeRecognizer(NAMES)
    path = tmp_path / "a.txt"
    path.write_text("Vladimir Putin flew to Samarkand. There Putin met Xi Jinping.\n", "utf-8")
    library.import_paths([path])
    monkeypatch.setattr(library.entities, "on_changed", lambda ids: None)  # died before indexing
    assert len(library.entities.recognize()) == 1
    assert library.search("person:Putin").total == 0
    folder = library.folder
    library.close()
    with Library.open(folder) as lib:
        assert lib.search("person:Putin").total == 1
        assert lib.search("place:Samarkand").total == 1


def test_a_nested_failure_rolls_back_only_its_own_writes(library: Library) -> None:
    store = library.store
    with store.transaction() as db:
        store.set_meta(db, "outer", "1")
        with pytest.raises(RuntimeError), store.transaction() as inner:
            store.set_meta(inner, "inner", "1")
            raise RuntimeError
    assert store.get_meta("outer") == "1" and store.get_meta("inner") == ""


def test_one_transaction_bumps_the_revision_once(library: Library) -> None:
    before = library.store.revision()
    with library.store.transaction() as db, library.store.transaction():
        library.store.set_meta(db, "x", "1")
    assert library.store.revision() == before + 1


def test_ctrl_c_during_an_update_leaves_the_old_version_whole(library: Library,
                                                              tmp_path: Path) -> None:
    [first] = library.import_paths([_story(tmp_path, OLD)])
    assert first.doc_id is not None
    ann = library.annotations.add_quote(library.get_document(first.doc_id), "zebracorn treaty",
                                        "claim")

    def interrupted(doc_id: int) -> None:
        raise KeyboardInterrupt  # Ctrl+C while the annotations were being re-anchored

    library.add_changed_hook(interrupted)
    with pytest.raises(KeyboardInterrupt):
        library.import_paths([_story(tmp_path, NEW)])
    assert "zebracorn" in library.get_document(first.doc_id).source_text
    assert library.annotations.get(ann.id) == ann
    library._changed_hooks.remove(interrupted)
    [again] = library.import_paths([_story(tmp_path, NEW)])  # not "already in the library"
    assert again.status == ImportStatus.UPDATED
    moved = library.annotations.get(ann.id)
    assert moved.status == "orphan" and moved.quote.exact == "zebracorn treaty"  # too different
