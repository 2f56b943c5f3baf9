"""Every annotation write reports Change.ANNOTATIONS for the articles it touched, once it
committed: create, edit, delete, restore (undo), accept wording, a colour's new name,
re-anchoring after an update, and an import of a JSON file (one event for all of it)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.events import Change, DocsChanged
from desktop.core.export.annotations_json import import_annotations
from desktop.core.export.bundle import build_bundle, render_text
from desktop.core.library import Library
from tests.conftest import WIRE


def _heard(library: Library) -> list[DocsChanged]:
    heard: list[DocsChanged] = []
    library.events.subscribe(lambda e: heard.append(e) if e.what & Change.ANNOTATIONS else None)
    return heard


def test_each_annotation_write_reports_its_article(sample_library: Library) -> None:
    lib = sample_library
    heard = _heard(lib)
    doc = lib.get_document(1)
    ann = lib.annotations.add_quote(doc, "The meeting was part of Xi's first trip", "claim")
    edited = lib.annotations.update(ann.id, note="check the wire")
    lib.annotations.delete(ann.id)
    lib.annotations.restore(edited)
    assert [sorted(e.ids) for e in heard] == [[1]] * 4
    # the store had committed when each event was heard: a listener reading it sees the write
    seen: list[int] = []
    lib.events.subscribe(lambda e: seen.append(len(lib.annotations.for_document(1))))
    lib.annotations.delete(ann.id)
    assert seen == [0]


def test_a_new_colour_name_reports_every_article(sample_library: Library) -> None:
    heard = _heard(sample_library)
    sample_library.annotations.rename_colour("claim", "disputed claim")
    assert len(heard) == 1 and heard[0].everywhere and heard[0].touches(2)


def test_reanchoring_after_an_update_reports_once_with_the_update(library: Library,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(WIRE.read_text("utf-8"), "utf-8")
    [first] = library.import_paths([path])
    assert first.doc_id is not None
    doc = library.get_document(first.doc_id)
    library.annotations.add_quote(doc, " ".join(doc.text.split()[40:48]), "claim")
    heard = _heard(library)
    kinds: list[Change] = []
    library.events.subscribe(lambda e: kinds.append(e.what))
    path.write_text("CORRECTION: a date was wrong.\n\n" + WIRE.read_text("utf-8"), "utf-8")
    library.import_paths([path])
    assert [sorted(e.ids) for e in heard] == [[first.doc_id]]
    assert Change.TEXT in kinds  # delivered with the update, after its index commit


def test_an_import_reports_once_for_all_its_articles(sample_library: Library,
                                                     tmp_path: Path) -> None:
    lib = sample_library
    lib.annotations.add_quote(lib.get_document(1), "The meeting was part of Xi's first trip", "claim")
    lib.annotations.add_quote(lib.get_document(2), "Russian President Vladimir Putin", "check")
    data = render_text(build_bundle(lib, [1, 2], "pair"), "json")
    for a in lib.annotations.select():
        lib.annotations.delete(a.id)
    heard = _heard(lib)
    import_annotations(lib, data)
    assert [sorted(e.ids) for e in heard] == [[1, 2]]
