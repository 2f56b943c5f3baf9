"""#9 item 4: import-annotations is all or nothing. Every field is validated (types, ranges,
sizes, nesting depth, encoding); each problem is one line naming its item; nothing is stored
when there is any; placing a quote takes bounded time."""

from __future__ import annotations

import codecs
import json
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.core.errors import InvalidFile
from desktop.core.export.annotations_json import import_annotations
from desktop.core.export.bundle import build_bundle, render_text
from desktop.core.library import Library


@pytest.fixture
def exported(sample_library: Library) -> tuple[Library, dict[str, Any]]:
    lib = sample_library
    doc = lib.get_document(1)
    for quote in ("Uzbekistan", "Putin", "Xi"):
        lib.annotations.add_quote(doc, quote, "claim", note=f"on {quote}")
    data = json.loads(render_text(build_bundle(lib, [1], "doc"), "json"))
    for a in lib.annotations.select():
        lib.annotations.delete(a.id)
    return lib, data


def _refused(lib: Library, data: Any) -> InvalidFile:
    raw = data if isinstance(data, bytes | str) else json.dumps(data)
    with pytest.raises(InvalidFile) as caught:
        import_annotations(lib, raw)
    assert lib.annotations.select() == []  # nothing stored
    assert "nothing was imported" in str(caught.value) or caught.value.problems == []
    return caught.value


def _item(data: dict[str, Any], n: int = 0) -> dict[str, Any]:
    return data["first"]["items"][n]


def _position(item: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in item["target"]["selector"] if s["type"] == "TextPositionSelector")


def test_a_valid_file_imports_whole(exported) -> None:
    lib, data = exported
    assert import_annotations(lib, json.dumps(data)).added == 3


def test_one_bad_item_stores_nothing_and_names_the_item(exported) -> None:
    lib, data = exported
    _position(_item(data, 2))["start"] = -41
    err = _refused(lib, data)
    assert len(err.problems) == 1
    assert err.problems[0].startswith("item 3 (urn:uuid:")
    assert "TextPositionSelector.start" in err.problems[0] and "-41" in err.problems[0]


def test_every_problem_is_listed_one_line_each(exported) -> None:
    lib, data = exported
    _position(_item(data, 0))["start"] = -1
    _item(data, 1)["body"] = "not a body"
    err = _refused(lib, data)
    assert len(err.problems) == 2 and all("\n" not in p for p in err.problems)


@pytest.mark.parametrize("value", [1e999, 2**63, -(2**63), 1.5, "12", True, None, [1]])
def test_offsets_that_are_not_small_whole_numbers_are_refused(exported, value: Any) -> None:
    lib, data = exported
    _position(_item(data))["start"] = value
    text = json.dumps(data).replace("Infinity", "1e999")
    _refused(lib, text)


@pytest.mark.parametrize("case", [
    {"first": {"items": 5}}, {"first": "https://example.org/page2"},
    {"first": {"items": [], }, "parallax:documents": "abc"},
    {"first": {"items": [5]}}, {"first": {"items": [{"id": "x"}]}}, "just text", 42,
    {"first": {"items": [{"id": 7, "target": {}}]}},
    {"first": {"items": [{"id": "x", "target": {"selector": {"type": "TextQuoteSelector",
                                                              "exact": {"a": 1}}}}]}},
])
def test_wrong_shapes_are_one_line_problems_not_tracebacks(exported, case: Any) -> None:
    lib, _ = exported
    err = _refused(lib, json.dumps(case))
    assert err.problems and all(len(p) < 300 for p in err.problems)


def test_a_quote_longer_than_the_limit_is_refused(exported) -> None:
    lib, data = exported
    sel = _item(data)["target"]["selector"][0]
    sel["exact"] = "x" * 300_000
    assert "limit" in _refused(lib, data).problems[0]


def test_a_file_with_a_byte_that_is_not_utf8_is_refused(exported) -> None:
    lib, data = exported
    raw = json.dumps(data).encode("utf-8").replace(b"Uzbekistan", b"Uzbek\xffstan", 1)
    err = _refused(lib, raw)
    assert "0xff" in str(err)


def test_utf16_with_a_bom_is_read(exported) -> None:
    lib, data = exported
    raw = codecs.BOM_UTF16_LE + json.dumps(data, ensure_ascii=False).encode("utf-16-le")
    assert import_annotations(lib, raw).added == 3


def test_utf8_with_a_bom_is_read(exported) -> None:
    lib, data = exported
    raw = codecs.BOM_UTF8 + json.dumps(data).encode("utf-8")
    assert import_annotations(lib, raw).added == 3


def test_nesting_100000_deep_is_refused_quickly(exported) -> None:
    lib, _ = exported
    err = _refused(lib, "[" * 100_000 + "]" * 100_000)
    assert "nested" in str(err)


def test_nan_and_infinity_are_refused(exported) -> None:
    lib, _ = exported
    _refused(lib, '{"first": {"items": [NaN]}}')


def test_duplicate_ids_in_one_file_are_a_problem(exported) -> None:
    lib, data = exported
    data["first"]["items"].append(dict(_item(data)))
    assert "same id" in _refused(lib, data).problems[0]


def test_a_long_quote_that_is_not_in_the_article_costs_bounded_time(
        exported, tmp_path: Path) -> None:
    lib, data = exported
    small = tmp_path / "small.txt"
    small.write_text("A short article of about five kilobytes. " * 120, "utf-8")
    [r] = lib.import_paths([small])
    doc = lib.get_document(r.doc_id)
    for size in (20_000, 100_000):
        item = _item(data)
        item["target"]["source"] = f"urn:parallax:doc:{doc.content_hash}"
        item["target"]["selector"][0]["exact"] = ("Quite another text " * 6000)[:size]
        _position(item)["end"] = size
        data["first"]["items"] = [item]
        data["parallax:documents"] = []
        t = time.process_time()
        report = import_annotations(lib, json.dumps(data))
        assert time.process_time() - t < 5  # 115 s before; milliseconds now (a guard, not a bench)
        assert report.orphaned == 1
        lib.annotations.delete(item["id"])


def test_an_annotation_whose_article_is_missing_is_skipped_and_said(exported) -> None:
    lib, data = exported
    _item(data)["target"]["source"] = "urn:parallax:doc:nope"
    data["parallax:documents"] = []
    report = import_annotations(lib, json.dumps(data))
    assert report.added == 2 and len(report.skipped) == 1


def test_the_cli_prints_each_problem_and_exits_non_zero(exported, tmp_path: Path, capfd) -> None:
    from desktop.app import main

    lib, data = exported
    _position(_item(data, 1))["start"] = -41
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), "utf-8")
    folder = lib.folder
    lib.close()
    assert main(["--library", str(folder), "import-annotations", str(bad)]) == 1
    err = capfd.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "item 2" in err[0] and "nothing was imported" in err[1]
    assert "Traceback" not in "\n".join(err)
