"""Golden files for every format on the sample pair with a highlight and a note.

Regenerate after an intended change with ``PARALLAX_UPDATE_GOLDEN=1 pytest tests/core/export``
and read the diff before committing it. Export time and absolute paths are normalised.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.core.export import annotations_json, html, markdown
from desktop.core.library import Library
from tests.conftest import ROOT
from tests.core.export.conftest import bundle_of

GOLDEN = ROOT / "tests" / "data" / "golden"
CASES = {
    "pair.md": (markdown.render, [1, 2], "pair"),
    "pair.html": (html.render, [1, 2], "pair"),
    "pair.json": (annotations_json.render, [1, 2], "pair"),
    "doc.md": (markdown.render, [1], "doc"),
    "doc.html": (html.render, [1], "doc"),
    "doc.json": (annotations_json.render, [1], "doc"),
    "pair.qt.html": (lambda b: html.render(b, qt=True), [1, 2], "pair"),  # what the PDF prints
}


def normalise(text: str) -> str:
    return text.replace(str(ROOT), "<ROOT>")


def check_golden(name: str, produced: str) -> None:
    path = GOLDEN / name
    produced = normalise(produced)
    if os.environ.get("PARALLAX_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produced, "utf-8")
        if not os.environ.get("PARALLAX_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {name} was missing and has been written; check it in")
    assert produced == path.read_text("utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_matches_golden(stubbed: Library, name: str) -> None:
    render, ids, scope = CASES[name]
    check_golden(name, render(bundle_of(stubbed, ids, scope)))


def test_golden_files_are_all_used() -> None:
    assert {p.name for p in GOLDEN.glob("*") if p.is_file()} <= set(CASES) | {".gitkeep"}


def test_markdown_has_the_parts(stubbed: Library) -> None:
    text = markdown.render(bundle_of(stubbed, [1, 2], "pair"))
    assert text.startswith("---\ntitle: ")
    assert "==The meeting was part of Xi's first trip==[^1]" in text
    assert "[^1]: **key quote** #summit #xi — Confirm with the **AFP** wire" in text
    assert "| Passage | Kind | Twin in the other source | Score |" in text
    assert "**People** (" in text and "Vladimir Putin (" in text


def test_html_pair_links_both_ways(stubbed: Library) -> None:
    page = html.render(bundle_of(stubbed, [1, 2], "pair"))
    assert 'id="d1-l7"' in page and 'href="#d2-l7"' in page
    assert 'id="d2-l7"' in page and 'href="#d1-l7"' in page
    assert '<table class="pair"' in page and 'id="note-1"' in page and 'href="#hl-1"' in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")


def test_export_of_a_pair_needs_two_articles(stubbed: Library) -> None:
    from desktop.core.export.bundle import ExportError

    with pytest.raises(ExportError):
        bundle_of(stubbed, [1, 1], "pair")


def test_paths_normalised(tmp_path: Path) -> None:
    assert normalise(f"{ROOT}/x") == "<ROOT>/x"
