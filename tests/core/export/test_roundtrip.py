"""JSON-LD export → import → export neither duplicates nor loses anything; undo by restore."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.export import annotations_json
from desktop.core.library import Library
from tests.conftest import WEB, WIRE
from tests.core.export.conftest import annotate_fixed, bundle_of


def _export(lib: Library) -> str:
    return annotations_json.render(bundle_of(lib, [d.id for d in lib.list_documents()], "all"))


def test_round_trip_into_the_same_library(annotated: Library) -> None:
    annotate_fixed(annotated, 2, "Mr Putin said", "second", ["b"], "contradiction", number=2)
    first = _export(annotated)
    report = annotations_json.import_annotations(annotated, first)
    assert (report.added, report.updated, report.unchanged, report.skipped) == (0, 0, 2, [])
    assert len(annotated.annotations.select()) == 2
    assert _export(annotated) == first


def test_round_trip_into_another_library(annotated: Library, tmp_path: Path) -> None:
    first = _export(annotated)
    other = Library.open(tmp_path / "other")
    try:
        other.import_paths([WEB, WIRE])  # other order: other ids, same content
        report = annotations_json.import_annotations(other, first)
        assert report.added == 1 and not report.skipped
        again = annotations_json.import_annotations(other, first)
        assert again.unchanged == 1 and len(other.annotations.select()) == 1
        [ann] = other.annotations.select()
        mine = annotated.annotations.select()[0]
        assert (ann.id, ann.quote, ann.position, ann.note, ann.tags, ann.created) == (
            mine.id, mine.quote, mine.position, mine.note, mine.tags, mine.created)
        assert ann.doc_id == other.store.find_by_path(str(WIRE))
        data, back = json.loads(first), json.loads(_export(other))
        assert data["first"] == {**back["first"], "items": [
            {**i, "target": {**i["target"], "parallax:doc": 1}} for i in back["first"]["items"]]}
    finally:
        other.close()


def test_an_edit_in_the_file_updates_not_duplicates(annotated: Library) -> None:
    data = json.loads(_export(annotated))
    item = data["first"]["items"][0]
    item["body"][0]["value"] = "changed note"
    item["modified"] = "2026-02-01T00:00:00+00:00"
    report = annotations_json.import_annotations(annotated, json.dumps(data))
    assert report.updated == 1
    [ann] = annotated.annotations.select()
    assert ann.note == "changed note"


def test_unknown_article_is_skipped_and_said(annotated: Library) -> None:
    data = json.loads(_export(annotated))
    data["first"]["items"][0]["target"]["source"] = "urn:parallax:doc:nope"
    data["parallax:documents"] = []
    report = annotations_json.import_annotations(annotated, json.dumps(data))
    assert report.added == 0 and len(report.skipped) == 1 and "not in this library" in report.skipped[0]


def test_a_single_annotation_or_a_list_imports_too(annotated: Library, tmp_path: Path) -> None:
    item = json.loads(_export(annotated))["first"]["items"][0]
    annotated.annotations.delete(item["id"])
    assert annotations_json.import_annotations(annotated, json.dumps(item)).added == 1
    assert annotations_json.import_annotations(annotated, json.dumps([item])).unchanged == 1
