"""A corrected version re-imported from the same path replaces the text in place and keeps
its annotations, re-anchored; those that cannot be placed become orphans."""

from __future__ import annotations

from pathlib import Path

from desktop.core.library import Library
from desktop.core.model import ImportStatus
from tests.conftest import WIRE


def _copy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(text, "utf-8")
    return path


def test_changed_file_at_same_path_updates_in_place(library: Library, tmp_path: Path) -> None:
    original = WIRE.read_text("utf-8")
    path = _copy(tmp_path, original)
    [first] = library.import_paths([path])
    assert first.doc_id is not None
    doc = library.get_document(first.doc_id)
    words = doc.text.split()
    quote = " ".join(words[40:48])
    ann = library.annotations.add_quote(doc, quote, "claim", note="why")
    gone = library.annotations.add_quote(doc, " ".join(words[80:86]), "check")
    changed = "CORRECTION: an earlier version misstated a date.\n\n" + original.replace(
        " ".join(words[80:86]), "")
    # the same words may recur across a hard wrap; remove by lines if needed
    path.write_text(changed, "utf-8")
    seen: list[int] = []
    library.add_changed_hook(seen.append)
    [second] = library.import_paths([path])
    assert second.status == ImportStatus.UPDATED and second.doc_id == first.doc_id
    assert seen == [first.doc_id]
    assert len(library.list_documents()) == 1
    assert first.doc_id is not None
    new = library.get_document(first.doc_id)
    assert new.source_text.startswith("CORRECTION")
    moved = library.annotations.get(ann.id)
    assert not moved.orphan
    assert new.source_text[moved.position.start:moved.position.end] == ann.quote.exact
    assert moved.position.start > ann.position.start
    if " ".join(words[80:86]) not in new.text:
        assert library.annotations.get(gone.id).orphan
    assert library.search("CORRECTION").hits  # re-indexed


def test_same_file_again_is_still_a_duplicate(library: Library, tmp_path: Path) -> None:
    path = _copy(tmp_path, WIRE.read_text("utf-8"))
    library.import_paths([path])
    [again] = library.import_paths([path])
    assert again.status == ImportStatus.DUPLICATE


def test_removing_a_document_removes_its_annotations(sample_library: Library) -> None:
    doc_id = sample_library.list_documents()[0].id
    doc = sample_library.get_document(doc_id)
    sample_library.annotations.add(doc, 0, 10, "claim")
    sample_library.remove_document(doc_id)
    assert sample_library.annotations.select() == []
