"""#9 item 1: annotations keep the exact words the user highlighted. A re-anchored annotation
whose wording changed is marked ``changed``, keeps its original words, and every view and
export shows both; never rewritten silently."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.export import annotations_json
from desktop.core.export.bundle import build_bundle, render_text
from desktop.core.library import Library
from desktop.core.model import ImportStatus

BEFORE = ("Washington, May 2.\n\nThe ambassador spoke to reporters on Friday. "
          "\"I informed John Bolton last night,\" he said, adding that the talks would go on. "
          "Officials in both capitals declined to comment on the record.\n")
AFTER = BEFORE.replace("I informed John Bolton", "I told John Bolton")
QUOTE = "I informed John Bolton last night"


def _import(lib: Library, path: Path, text: str) -> int:
    path.write_text(text, "utf-8")
    [r] = lib.import_paths([path])
    assert r.status in (ImportStatus.IMPORTED, ImportStatus.UPDATED), r
    assert r.doc_id is not None
    return r.doc_id


def _highlight_then_correct(lib: Library, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "story.txt"
    doc_id = _import(lib, path, BEFORE)
    ann = lib.annotations.add_quote(lib.get_document(doc_id), QUOTE, "claim", note="key claim")
    assert _import(lib, path, AFTER) == doc_id
    return doc_id, ann.id


def test_a_corrected_article_does_not_rewrite_the_highlighted_words(library: Library,
                                                                     tmp_path: Path) -> None:
    doc_id, ann_id = _highlight_then_correct(library, tmp_path)
    ann = library.annotations.get(ann_id)
    assert ann.status == "changed" and not ann.orphan
    assert ann.original == QUOTE  # the words the user highlighted, kept
    assert ann.highlighted == QUOTE
    doc = library.get_document(doc_id)
    assert doc.source_text[ann.position.start:ann.position.end] == ann.quote.exact
    assert "told John Bolton" in ann.quote.exact


def test_the_original_wording_restored_makes_it_anchored_again(library: Library,
                                                               tmp_path: Path) -> None:
    _doc_id, ann_id = _highlight_then_correct(library, tmp_path)
    _import(library, tmp_path / "story.txt", BEFORE + "\nUpdated.\n")
    ann = library.annotations.get(ann_id)
    assert ann.status == "anchored" and ann.original == "" and ann.quote.exact == QUOTE


def test_a_second_change_keeps_the_first_words(library: Library, tmp_path: Path) -> None:
    _doc_id, ann_id = _highlight_then_correct(library, tmp_path)
    _import(library, tmp_path / "story.txt", AFTER.replace("last night", "yesterday night"))
    ann = library.annotations.get(ann_id)
    assert ann.status == "changed" and ann.original == QUOTE


def test_accepting_the_new_wording_is_the_users_choice(library: Library, tmp_path: Path) -> None:
    _, ann_id = _highlight_then_correct(library, tmp_path)
    accepted = library.annotations.accept_wording(ann_id)
    assert accepted.status == "anchored" and "told" in accepted.quote.exact
    assert library.annotations.get(ann_id).original == ""


def test_every_export_shows_the_old_and_the_new_wording(library: Library, tmp_path: Path) -> None:
    doc_id, _ann_id = _highlight_then_correct(library, tmp_path)
    bundle = build_bundle(library, [doc_id], "doc")
    for fmt in ("md", "html", "json"):
        text = render_text(bundle, fmt)
        assert "I informed John Bolton" in text, fmt
        assert "I told John Bolton" in text, fmt
    item = json.loads(render_text(bundle, "json"))["first"]["items"][0]
    assert item["target"]["parallax:status"] == "changed"
    assert item["target"]["parallax:original"] == QUOTE


def test_the_json_round_trip_keeps_both_wordings(library: Library, tmp_path: Path) -> None:
    doc_id, _ann_id = _highlight_then_correct(library, tmp_path)
    first = render_text(build_bundle(library, [doc_id], "doc", "2026-01-01T00:00:00+00:00"), "json")
    report = annotations_json.import_annotations(library, first)
    assert report.unchanged == 1 and report.added == report.updated == 0
    other = Library.open(tmp_path / "other")
    try:
        other.import_paths([tmp_path / "story.txt"])
        assert annotations_json.import_annotations(other, first).added == 1
        [ann] = other.annotations.select()
        assert ann.status == "changed" and ann.original == QUOTE
        again = render_text(build_bundle(other, [ann.doc_id], "doc", "2026-01-01T00:00:00+00:00"),
                            "json")
        assert json.loads(again)["first"] == json.loads(first)["first"]
    finally:
        other.close()


def test_importing_an_old_export_onto_the_corrected_text_marks_it_changed(
        library: Library, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    doc_id = _import(library, path, BEFORE)
    ann = library.annotations.add_quote(library.get_document(doc_id), QUOTE, "claim")
    exported = render_text(build_bundle(library, [doc_id], "doc"), "json")
    library.annotations.delete(ann.id)
    _import(library, path, AFTER)
    report = annotations_json.import_annotations(library, exported)
    assert report.added == 1 and report.changed == 1
    assert library.annotations.get(ann.id).original == QUOTE


def test_the_cli_lists_both_wordings(library: Library, tmp_path: Path) -> None:
    from desktop.cli_annotations import _line, annotation_dict

    _, ann_id = _highlight_then_correct(library, tmp_path)
    ann = library.annotations.get(ann_id)
    assert "[changed]" in _line(ann, {}) and "highlighted as: “I informed" in _line(ann, {})
    assert annotation_dict(ann)["status"] == "changed"
    assert annotation_dict(ann)["original"] == QUOTE


def test_orphans_stay_orphans_with_their_words(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    doc_id = _import(library, path, BEFORE)
    ann = library.annotations.add_quote(library.get_document(doc_id), QUOTE, "claim")
    _import(library, path, "Something else entirely, with no quote from the ambassador.\n")
    gone = library.annotations.get(ann.id)
    assert gone.status == "orphan" and gone.quote.exact == QUOTE


def test_the_reader_marks_a_changed_highlight_and_its_tooltip_shows_both(
        qtbot, library: Library, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QTextCharFormat

    from desktop.gui.main_window import MainWindow
    from desktop.gui.tasks import SyncTaskRunner

    doc_id, ann_id = _highlight_then_correct(library, tmp_path)
    window = MainWindow(library, SyncTaskRunner(),  # type: ignore[arg-type]
                        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.reader.show_document(library.get_document(doc_id))
    marks = window.reader._layers["highlights"][1]
    [(_span, fmt)] = marks
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert "I informed John Bolton" in fmt.toolTip() and "I told John Bolton" in fmt.toolTip()
    ann = library.annotations.get(ann_id)
    from desktop.gui.highlights import tooltip

    assert "<script" not in tooltip(ann.edited(note="<script>x</script>"), None)


def test_undoing_a_delete_after_a_correction_puts_the_highlight_on_its_words(
        library: Library, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    doc_id = _import(library, path, BEFORE)
    ann = library.annotations.add_quote(library.get_document(doc_id), QUOTE, "claim")
    deleted = library.annotations.delete(ann.id)  # the window keeps it for undo
    _import(library, path, "UPDATE: a new first paragraph.\n\n" + AFTER)
    library.annotations.restore(deleted)  # Ctrl+Z
    back = library.annotations.get(ann.id)
    source = library.get_document(doc_id).source_text
    assert source[back.position.start:back.position.end] == back.quote.exact
    assert back.status == "changed" and back.original == QUOTE
