"""`entities` and `entity-fix` as a user runs them (real spaCy model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import WEB, WIRE


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-ent") / "lib"
    proc = run(folder, "import", str(WIRE), str(WEB))
    assert proc.returncode == 0, proc.stderr
    return folder


def test_entities_json_shape_and_source_offsets(lib: Path) -> None:
    proc = run(lib, "entities", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "recognising entities 2/2" in proc.stderr
    docs = json.loads(proc.stdout)["documents"]
    assert [d["path"] for d in docs] == [str(WIRE), str(WEB)]
    source = WIRE.read_text("utf-8")
    for m in docs[0]["mentions"]:
        assert set(m) == {"start", "end", "text", "label", "entity", "confidence"}
        assert 0 < m["confidence"] <= 1
        assert source[m["start"]:m["end"]] == m["text"]
        assert m["label"] in {"PERSON", "ORG", "PLACE", "GROUP", "DATE", "EVENT", "OTHER"}
    modi = [m for m in docs[0]["mentions"] if m["entity"] == "Narendra Modi"]
    assert modi and modi[0]["text"] == "Narendra\n Modi"  # the PDF wrapped the name
    putin = {m["entity"] for m in docs[1]["mentions"] if m["text"] == "Putin"}
    assert putin == {"Vladimir Putin"}
    again = run(lib, "entities", "--json", "--doc", str(docs[0]["doc"]))
    assert again.returncode == 0 and "recognising" not in again.stderr
    assert json.loads(again.stdout)["documents"] == docs[:1]


def test_entities_text_output(lib: Path) -> None:
    proc = run(lib, "entities", "--doc", "1")
    assert proc.returncode == 0, proc.stderr
    assert "PERSON Putin  → Vladimir Putin" in proc.stdout
    assert run(lib, "entities", "--doc", "99").returncode == 1


def test_entity_fix_round_trip(lib: Path) -> None:
    source = WIRE.read_text("utf-8")
    start = source.index("Kremlin")
    assert run(lib, "entity-fix", "reject", "1", str(start), str(start + 7)).returncode == 0
    assert run(lib, "entity-fix", "relabel", "CCTV", "other").returncode == 0
    listed = run(lib, "entity-fix", "list")
    assert "“Kremlin” is not a name" in listed.stdout
    mentions = json.loads(run(lib, "entities", "--json", "--doc", "1").stdout)["documents"][0]
    assert all(m["text"] != "Kremlin" for m in mentions["mentions"])
    assert {m["label"] for m in mentions["mentions"] if m["text"] == "CCTV"} == {"OTHER"}
    bad = run(lib, "entity-fix", "relabel", "CCTV", "animal")
    assert bad.returncode == 2 and "unknown label" in bad.stderr
    first = listed.stdout.split()[0]
    assert run(lib, "entity-fix", "undo", first).returncode == 0
