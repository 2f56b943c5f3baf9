"""Story-map and quote-table exports: inert HTML, JSON shapes, CSV that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import WEB, WIRE


def _lib(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Title: <script>alert(1)</script> =HYPERLINK(\"x\")\nSource: =cmd|' /C calc'!A0\n\n"
                       + WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(folder, "import", str(WIRE), str(WEB), str(hostile)).returncode == 0
    return folder


def test_html_story_map_is_self_contained_and_inert(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    out = tmp_path / "map.html"
    proc = run(lib, "export-map", "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    assert "Families" in page and "Most-reused pairs" in page and "Passage 1" in page
    assert "understands" in page and "<del>" in page  # the altered quote, with its word diff
    assert "http" not in page.split("<body")[0]  # no external resource
    again = run(lib, "export-map", "--format", "html", "-o", str(out))
    assert again.returncode == 1 and "--force" in again.stderr


def test_json_map_and_csv_tables(tmp_path: Path) -> None:
    lib = _lib(tmp_path)
    out = tmp_path / "map.json"
    assert run(lib, "export-map", "--format", "json", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"families", "pairs", "passages", "quotes", "groups"} <= set(data)
    pairs = tmp_path / "pairs.csv"
    assert run(lib, "export-map", "--format", "csv", "-o", str(pairs)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(pairs.read_text(encoding="utf-8"))))
    assert rows and {"a", "b", "a_in_b", "b_in_a", "first", "evidence", "family"} <= set(rows[0])
    assert all(not r["a_outlet"].startswith("=") and not r["b_outlet"].startswith("=") for r in rows)
    quotes = tmp_path / "quotes.csv"
    assert run(lib, "export-map", "--quotes", "--format", "csv", "-o", str(quotes)).returncode == 0
    qrows = list(csv.DictReader(io.StringIO(quotes.read_text(encoding="utf-8"))))
    assert any(r["text"] == "understands your questions and concerns" and r["altered"] == "True"
               for r in qrows)
    qjson = tmp_path / "quotes.json"
    assert run(lib, "export-map", "--quotes", "--format", "json", "-o", str(qjson)).returncode == 0
    assert "quotes" in json.loads(qjson.read_text(encoding="utf-8"))
    bad = run(lib, "export-map", "--quotes", "--format", "html", "-o", str(tmp_path / "q.html"))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
