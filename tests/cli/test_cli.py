"""The command line as a user runs it: JSON shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, WEB, WIRE


def run(lib: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--library", str(lib), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "lib"
    proc = run(folder, "import", str(WIRE), str(WEB))
    assert proc.returncode == 0, proc.stderr
    return folder


def test_import_prints_one_line_per_file_and_is_idempotent(lib: Path) -> None:
    proc = run(lib, "import", str(WIRE), str(WEB))
    assert proc.returncode == 0
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("present")]
    assert len(lines) == 2


def test_list_json_shape(lib: Path) -> None:
    proc = run(lib, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    docs = data["documents"]
    assert [d["path"] for d in docs] == [str(WIRE), str(WEB)]
    for d in docs:
        assert isinstance(d["doc"], int) and isinstance(d["title"], str)
        assert d["chars"] == len(Path(d["path"]).read_text("utf-8"))


def test_search_json_shape_and_offsets(lib: Path) -> None:
    proc = run(lib, "search", "Xi Jinping", "--limit", "5", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["query"] == "Xi Jinping"
    assert len(data["hits"]) == 2
    for hit in data["hits"]:
        assert set(hit) >= {"doc", "title", "path", "score", "snippet", "matches"}
        assert isinstance(hit["score"], float) and hit["snippet"]
        text = Path(hit["path"]).read_text("utf-8")
        found = {text[m["start"]:m["end"]] for m in hit["matches"]}
        assert found <= {"Xi", "Jinping"} and "Jinping" in found


def test_readable_text_output(lib: Path) -> None:
    proc = run(lib, "search", "Lukashenko")
    assert proc.returncode == 0
    assert "«Lukashenko»" in proc.stdout
    proc = run(lib, "list")
    assert "Vladimir Putin, Xi Jinping hail" in proc.stdout


def test_failed_import_exit_code_and_others_still_imported(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    good = tmp_path / "good.txt"
    good.write_text("A short report about the harbour in Odesa and its grain exports.\n", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    proc = run(folder, "import", str(empty), str(good), str(tmp_path / "nope.txt"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "empty.txt" in proc.stderr and "nope.txt" in proc.stderr
    data = json.loads(run(folder, "list", "--json").stdout)
    assert [d["path"] for d in data["documents"]] == [str(good)]


@pytest.mark.parametrize("args", [["search", ""], ["search", "nosuchfield:x"], ["remove", "999"]])
def test_user_errors_are_one_line(lib: Path, args: list[str]) -> None:
    proc = run(lib, *args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_unusable_library_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    proc = run(blocker / "lib", "list")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_version() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("Parallax ")


def test_a_closed_pipe_ends_quietly(lib: Path, monkeypatch: pytest.MonkeyPatch,
                                    capfd: pytest.CaptureFixture[str]) -> None:
    from desktop import app, cli

    def closed_pipe(*args: object, **kwargs: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")  # what print() raises after `| head`

    monkeypatch.setattr(cli, "run", closed_pipe)
    assert app.main(["--library", str(lib), "list"]) == cli.EXIT_FAILED
    assert "Traceback" not in capfd.readouterr().err


def test_a_query_too_long_is_one_line_and_exit_1(lib: Path) -> None:
    proc = run(lib, "search", "w" * 100_000)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "the query is too long" in proc.stderr
