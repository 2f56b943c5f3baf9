"""`quotes` and `families`: JSON shapes, source offsets, plain text, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.conftest import WEB, WIRE


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-storymap") / "lib"
    assert run(folder, "import", str(WIRE), str(WEB)).returncode == 0
    return folder


def test_quotes_json_shape_and_source_offsets(lib: Path) -> None:
    proc = run(lib, "quotes", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    sources = {1: WIRE.read_text(encoding="utf-8"), 2: WEB.read_text(encoding="utf-8")}
    required = {"doc", "path", "start", "end", "text", "speaker", "group", "altered"}
    for q in data["quotes"]:
        assert required <= set(q)
        assert q["path"] == str(WIRE if q["doc"] == 1 else WEB)
        source = sources[q["doc"]][q["start"]:q["end"]]
        assert " ".join(source.split()) == " ".join(q["text"].split()) or len(q["parts"]) > 1
    wire = next(q for q in data["quotes"] if q["text"] == "understands your questions and concerns")
    web = next(q for q in data["quotes"] if q["text"].startswith("We understand your questions"))
    assert wire["group"] == web["group"] and wire["altered"] and web["altered"]
    assert wire["speaker"] == "Putin" and web["speaker"] == "unknown"
    assert {"op": "replace", "from": "concern", "to": "concerns"} in wire["changes"]
    same = [q for q in data["quotes"] if q["text"].startswith("Attempts to create a unipolar")]
    assert len({q["group"] for q in same}) == 1 and not any(q["altered"] for q in same)
    group = next(g for g in data["groups"] if g["group"] == wire["group"])
    assert group["docs"] == [1, 2] and group["altered"]


def test_quotes_for_one_doc_changed_only_and_text_output(lib: Path) -> None:
    data = json.loads(run(lib, "quotes", "--doc", "2", "--json").stdout)
    assert data["quotes"] and {q["doc"] for q in data["quotes"]} == {2}
    changed = json.loads(run(lib, "quotes", "--changed", "--json").stdout)["quotes"]
    assert changed and all(q["altered"] or q["speakers_differ"] for q in changed)
    proc = run(lib, "quotes", "--changed")
    assert proc.returncode == 0
    assert "“understand” → “understands”" in proc.stdout and "Putin" in proc.stdout
    assert "wording changed" in proc.stdout and "(reference)" in proc.stdout
    bad = run(lib, "quotes", "--doc", "99")
    assert bad.returncode == 1 and "99" in bad.stderr and "Traceback" not in bad.stderr


def test_families_json_shape(lib: Path) -> None:
    proc = run(lib, "families", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (fam,) = data["families"]
    assert {"docs", "first", "evidence"} <= set(fam)
    assert fam["docs"] == [1, 2] and fam["first"] is None and fam["evidence"].startswith("unknown")
    (pair,) = data["pairs"]
    assert {"a", "b", "a_in_b", "b_in_a"} <= set(pair)
    assert (pair["a"], pair["b"]) == (1, 2) and 0.3 < pair["a_in_b"] < 0.45 < 1
    assert abs(sum(pair["a_in_b_by_kind"].values()) - pair["a_in_b"]) < 0.01


def test_families_and_passages_text_and_json(lib: Path) -> None:
    proc = run(lib, "families")
    assert proc.returncode == 0 and "Family 1: 2 articles" in proc.stdout and "#1 ↔ #2" in proc.stdout
    data = json.loads(run(lib, "passages", "--json").stdout)
    sources = {1: WIRE.read_text(encoding="utf-8"), 2: WEB.read_text(encoding="utf-8")}
    first = data["passages"][0]
    assert {"passage", "docs", "first", "evidence", "copies"} <= set(first)
    texts = {c["doc"]: sources[c["doc"]][c["start"]:c["end"]] for c in first["copies"]}
    assert all("Putin" in t for t in texts.values())
    assert {c["kind"] for c in first["copies"]} <= {"reference", "verbatim", "edited", "paraphrase"}
    assert json.loads(run(lib, "passages", "--doc", "2", "--min-docs", "3", "--json").stdout) == {
        "passages": []}
    assert "Passage 1" in run(lib, "passages").stdout


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pair and a third article: the wire again, with a credit line added."""
    tmp = tmp_path_factory.mktemp("cli-storymap-scope")
    copy = tmp / "copy.txt"
    copy.write_text(WIRE.read_text(encoding="utf-8") + "\n\nAdditional reporting by AFP.\n",
                    encoding="utf-8")
    folder = tmp / "lib"
    assert run(folder, "import", str(WIRE), str(WEB), str(copy)).returncode == 0
    return folder


def test_families_of_chosen_articles_only(three: Path) -> None:
    whole = json.loads(run(three, "families", "--json").stdout)
    assert [f["docs"] for f in whole["families"]] == [[1, 2, 3]]
    chosen = json.loads(run(three, "families", "--docs", "1,2", "--json").stdout)
    assert [f["docs"] for f in chosen["families"]] == [[1, 2]]
    assert {(p["a"], p["b"]) for p in chosen["pairs"]} == {(1, 2)}
    text = run(three, "families", "--docs", "2-3")
    assert text.returncode == 0 and text.stdout.startswith("Story map of 2 chosen articles")


def test_families_of_a_search_result_take_every_match(three: Path) -> None:
    proc = run(three, "families", "--search", "Zaporizhzhia", "--json")  # only the web article
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"families": [], "pairs": []}
    text = run(three, "families", "--search", '"Xi Jinping"').stdout
    assert text.startswith("Story map of the search “Xi Jinping” (3 articles)")


def test_passages_quotes_and_export_of_a_selection(three: Path, tmp_path: Path) -> None:
    passages = json.loads(run(three, "passages", "--docs", "1,3", "--json").stdout)["passages"]
    assert passages and all(set(p["docs"]) <= {1, 3} for p in passages)
    quotes = json.loads(run(three, "quotes", "--docs", "2", "--json").stdout)
    assert {q["doc"] for q in quotes["quotes"]} == {2} and quotes["groups"] == []
    out = tmp_path / "map.json"
    proc = run(three, "export-map", "--format", "json", "--docs", "1,2", "-o", str(out))
    assert proc.returncode == 0 and "2 chosen articles" in proc.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d for f in data["families"] for d in f["docs"]} == {1, 2}


def test_a_bad_selection_is_one_line(three: Path) -> None:
    for args in (["--docs", "1,x"], ["--docs", "99"], ["--search", " "]):
        proc = run(three, "families", *args)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
