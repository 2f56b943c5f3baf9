"""annotate, annotations, export, import-annotations as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import WEB, WIRE


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-ann") / "lib"
    assert run(folder, "import", str(WIRE), str(WEB)).returncode == 0
    proc = run(folder, "annotate", "1", "--quote", "The meeting was part of Xi's  first trip",
               "--note", "Check **this**", "--color", "key quote", "--tag", "summit", "--tag", "xi",
               "--json")
    assert proc.returncode == 0, proc.stderr
    return folder


def test_annotate_prints_source_offsets(lib: Path) -> None:
    data = json.loads(run(lib, "annotations", "--doc", "1", "--json").stdout)
    [ann] = data["annotations"]
    source = WIRE.read_text("utf-8")
    assert source[ann["start"]:ann["end"]] == ann["quote"] == "The meeting was part of Xi's first trip"
    assert ann["colour"] == "key_quote" and ann["tags"] == ["summit", "xi"]
    assert ann["id"].startswith("urn:uuid:")


def test_a_quote_not_in_the_article_is_a_clear_error(lib: Path) -> None:
    proc = run(lib, "annotate", "1", "--quote", "words the article never says")
    assert proc.returncode == 1
    assert proc.stderr.startswith("parallax: the quote is not in article #1")
    assert "Traceback" not in proc.stderr


def test_unknown_doc_and_colour_are_clear_errors(lib: Path) -> None:
    assert run(lib, "annotate", "99", "--quote", "x").returncode == 1
    proc = run(lib, "annotate", "1", "--quote", "Putin", "--color", "purple")
    assert proc.returncode == 1 and "colour" in proc.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "json", "pdf"])
def test_export_each_format_and_refuse_overwrite(lib: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"pair.{fmt}"
    proc = run(lib, "export", "--format", fmt, "--pair", "1", "2", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") if fmt == "pdf" else b"The meeting was part of" in data
    again = run(lib, "export", "--format", fmt, "--pair", "1", "2", "-o", str(out))
    assert again.returncode == 1 and "--force" in again.stderr
    assert out.read_bytes() == data
    forced = run(lib, "export", "--format", fmt, "--pair", "1", "2", "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_export_doc_and_all(lib: Path, tmp_path: Path) -> None:
    assert run(lib, "export", "--format", "md", "--doc", "2", "-o", str(tmp_path / "d.md")).returncode == 0
    assert run(lib, "export", "--format", "html", "--all", "-o", str(tmp_path / "a.html")).returncode == 0
    assert "<article id=\"doc-2\"" in (tmp_path / "a.html").read_text("utf-8")


def test_json_export_import_round_trip(lib: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert run(lib, "export", "--format", "json", "--all", "-o", str(out)).returncode == 0
    proc = run(lib, "import-annotations", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["unchanged"] == 1
    assert len(json.loads(run(lib, "annotations", "--json").stdout)["annotations"]) == 1
