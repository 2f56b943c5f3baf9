"""Typed change events: every write reports what changed, once per operation, and a failing
listener never breaks the write."""

from __future__ import annotations

from pathlib import Path

from desktop.core.events import Change, DocsChanged, LibraryEvents
from desktop.core.library import Library
from tests.conftest import WEB, WIRE


def test_reports_outside_an_operation_are_delivered_at_once() -> None:
    events, seen = LibraryEvents(), list[DocsChanged]()
    stop = events.subscribe(seen.append)
    events.docs_changed([3, 1], Change.ENTITIES)
    assert seen == [DocsChanged(frozenset({1, 3}), Change.ENTITIES)]
    events.docs_changed([], Change.LINKS)  # nothing changed: nothing said
    stop()
    events.docs_changed([2], Change.LINKS)
    assert len(seen) == 1


def test_an_operation_gathers_its_reports_by_kind_until_the_outermost_block_ends() -> None:
    events, seen = LibraryEvents(), list[DocsChanged]()
    events.subscribe(seen.append)
    with events.operation():
        events.docs_changed([1], Change.ADDED)
        with events.operation():
            events.docs_changed([2], Change.ADDED | Change.LINKS)
        events.docs_changed([3], Change.LINKS)
        assert seen == []
    assert seen == [DocsChanged(frozenset({1, 2}), Change.ADDED),
                    DocsChanged(frozenset({2, 3}), Change.LINKS)]


def test_a_failing_listener_is_skipped_and_the_others_still_hear() -> None:
    events, seen = LibraryEvents(), list[DocsChanged]()

    def broken(event: DocsChanged) -> None:
        raise RuntimeError("view went away")

    events.subscribe(broken)
    events.subscribe(seen.append)
    events.docs_changed([1], Change.ANNOTATIONS)
    assert len(seen) == 1


def test_everywhere_touches_every_document() -> None:
    event = DocsChanged(frozenset(), Change.ANNOTATIONS, everywhere=True)
    assert event.touches(7) and event.touches(7, Change.ANNOTATIONS)
    assert not event.touches(7, Change.LINKS) and not event.touches(None)


def test_an_import_reports_added_once_after_the_index_committed(library: Library) -> None:
    seen: list[tuple[DocsChanged, int]] = []
    library.events.subscribe(lambda e: seen.append((e, library.search("Uzbekistan").total)))
    library.import_paths([WIRE, WEB])
    assert [(e.what, sorted(e.ids)) for e, _ in seen] == [(Change.ADDED, [1, 2])]
    assert seen[0][1] == 2  # the listener could already find both


def test_a_corrected_version_reports_text_and_the_twins_links(sample_library: Library,
                                                            tmp_path: Path) -> None:
    lib = sample_library
    copy = tmp_path / WIRE.name
    copy.write_text(WIRE.read_text("utf-8").replace("Samarkand", "Samarqand", 1), "utf-8")
    [first] = lib.import_paths([copy])
    lib.analyse_pending(recognise=False)
    assert first.doc_id is not None
    twins = lib.links.linked_docs(first.doc_id)
    assert twins
    seen: list[DocsChanged] = []
    lib.events.subscribe(seen.append)
    copy.write_text(copy.read_text("utf-8").replace("Samarqand", "Samarkand city", 1), "utf-8")
    [result] = lib.import_paths([copy])
    assert result.status == "updated" and result.doc_id == first.doc_id
    kinds = {e.what: e.ids for e in seen}
    assert kinds[Change.TEXT] == {first.doc_id}
    assert kinds[Change.LINKS] == {first.doc_id, *twins}


def test_removing_reports_removed_and_the_twins_links(sample_library: Library) -> None:
    lib = sample_library
    lib.analyse_pending(recognise=False)
    seen: list[DocsChanged] = []
    lib.events.subscribe(seen.append)
    lib.remove_document(1)
    assert DocsChanged(frozenset({1}), Change.REMOVED) in seen
    assert DocsChanged(frozenset({2}), Change.LINKS) in seen
