"""`links --json`: shape and source offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import WEB, WIRE


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-links") / "lib"
    assert run(folder, "import", str(WIRE), str(WEB)).returncode == 0
    return folder


def test_links_json_shape_and_source_offsets(lib: Path) -> None:
    proc = run(lib, "links", "--json")
    assert proc.returncode == 0, proc.stderr
    links = json.loads(proc.stdout)["links"]
    assert {k["kind"] for k in links} == {"edited", "paraphrase"}
    sources = {1: WIRE.read_text(encoding="utf-8"), 2: WEB.read_text(encoding="utf-8")}
    for k in links:
        assert set(k) == {"a", "b", "kind", "score"} and 0 < k["score"] <= 1
        for end in (k["a"], k["b"]):
            assert set(end) == {"doc", "path", "start", "end"}
            assert end["path"] == str(WIRE if end["doc"] == 1 else WEB)
    first = next(k for k in links if k["kind"] == "edited")
    for end in (first["a"], first["b"]):
        text = sources[end["doc"]][end["start"]:end["end"]]
        assert text.startswith("Russian President Vladimir Putin") and "unipolar world" in text
    para = next(k for k in links if k["kind"] == "paraphrase")
    ends = {e["doc"]: sources[e["doc"]][e["start"]:e["end"]] for e in (para["a"], para["b"])}
    assert "understands your questions" in ends[1] and "We understand your questions" in ends[2]


def test_links_for_one_doc_and_text_output(lib: Path) -> None:
    data = json.loads(run(lib, "links", "--doc", "2", "--json").stdout)
    assert data["links"] and all(k["a"]["doc"] == 2 for k in data["links"])
    proc = run(lib, "links")
    assert proc.returncode == 0 and "edited" in proc.stdout
    bad = run(lib, "links", "--doc", "99")
    assert bad.returncode == 1 and "99" in bad.stderr
