"""#12 item 2: how sure a mark's link to its entity is, where the reader needs it — the
entity panel's entries and every export — drawn from the one source of marks (core/marks.py)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.export import annotations_json, html, markdown
from desktop.core.export.bundle import build_bundle
from desktop.core.library import Library
from desktop.core.marks import UNSURE_BELOW, entity_entries, entity_marks, gather
from tests.core.test_entities import FakeRecognizer

NAMES = {"John Bolton": "PERSON", "Bolton": "PERSON", "Paris": "GPE"}


def _library(tmp_path: Path) -> tuple[Library, int, int]:
    lib = Library.open(tmp_path / "lib")
    lib.entities.recognizer = FakeRecognizer(NAMES)
    (tmp_path / "a.txt").write_text("John Bolton spoke in Paris. John Bolton left.\n", "utf-8")
    (tmp_path / "b.txt").write_text("Bolton said no in Paris. Bolton left.\n", "utf-8")
    a, b = (r.doc_id for r in lib.import_paths([tmp_path / "a.txt", tmp_path / "b.txt"]))
    lib.entities.recognize()
    assert a is not None and b is not None
    return lib, a, b


def test_a_short_form_taken_from_other_articles_is_an_uncertain_mark(tmp_path: Path) -> None:
    lib, a, b = _library(tmp_path)
    with lib:
        marks = entity_marks(lib.entities.mentions(b))
        bolton = [m for m in marks if m.text == "Bolton"]
        assert bolton and all(m.entity == "John Bolton" and m.unsure for m in bolton)
        assert bolton[0].confidence < UNSURE_BELOW
        assert bolton[0].note == (f"written “Bolton”; taken as this name, "
                                  f"{round(100 * bolton[0].confidence)} % sure")
        entries = {e.entity: e for e in entity_entries(marks)}
        assert (entries["John Bolton"].count, entries["John Bolton"].unsure) == (2, 2)
        assert entries["John Bolton"].lowest == bolton[0].confidence
        assert entries["Paris"].unsure == 0 and entries["Paris"].lowest == 1.0
        # written in full in its own article: sure, no note
        full = entity_entries(entity_marks(lib.entities.mentions(a)))
        assert all(e.unsure == 0 for e in full)
        assert gather(lib, lib.get_document(b)).unsure_entities() == {"John Bolton": 2}


def test_exports_say_which_marks_are_uncertain(tmp_path: Path) -> None:
    lib, a, b = _library(tmp_path)
    with lib:
        bundle = build_bundle(lib, [a, b], "selection", exported_at="2026-01-01T00:00:00+00:00")
        sure = round(100 * next(m.confidence for m in lib.entities.mentions(b)
                                if m.text == "Bolton"))
        page = html.render(bundle)
        assert "ent ent-PERSON ent-unsure" in page
        assert f'title="John Bolton (written “Bolton”; taken as this name, {sure} % sure)"' in page
        assert 'title="John Bolton"' in page  # the name written in full: no note
        assert ".ent-unsure" in page and "John Bolton (2, 2 uncertain)" in page
        assert "John Bolton (2, 2 uncertain)" in markdown.render(bundle)
        assert "John Bolton (2)" in markdown.render(bundle)  # article a: none uncertain
        data = json.loads(annotations_json.render(bundle))
        rows = [e for e in data["parallax:entities"] if e["text"] == "Bolton"]
        assert rows and all(e["confidence"] == round(sure / 100, 2) or
                            abs(e["confidence"] - sure / 100) < 0.01 for e in rows)
