"""Lines of lists and tables stay blocks of their own in cleanup (issue #12 item 2):
a country on one line and a player's name on the next never become one phrase."""

from __future__ import annotations

from pathlib import Path

from desktop.core.model import BlockKind
from desktop.core.text import clean


def _blocks(text: str) -> list[tuple[str, str]]:
    ct = clean(text)
    return [(ct.text[b.start:b.end], str(b.label)) for b in ct.blocks]


def test_a_results_table_keeps_its_rows() -> None:
    text = ("Group A standings after two games:\n\n"
            "Netherlands   2  1  1  0  4\n"
            "Ecuador       2  1  1  0  4\n"
            "Senegal       2  1  0  1  3\n")
    blocks = _blocks(text)
    assert ("Netherlands 2 1 1 0 4", "line") in blocks
    assert ("Senegal 2 1 0 1 3", "line") in blocks


def test_a_roster_of_countries_and_names_keeps_its_lines() -> None:
    text = "Top scorers:\n\nFrance\nKylian Mbappé\nArgentina\nLionel Messi\n\nThe final is on Sunday."
    blocks = _blocks(text)
    assert ("France", "line") in blocks and ("Kylian Mbappé", "line") in blocks
    assert not any("France Kylian" in b for b, _ in blocks)


def test_bulleted_and_numbered_lists() -> None:
    text = ("The council decided:\n"
            "- to close the bridge in March;\n"
            "- to run a ferry every twenty\n"
            "  minutes;\n"
            "- to design a new bridge.\n\n"
            "Next steps:\n1. A public meeting.\n2. A tender.")
    blocks = _blocks(text)
    assert ("- to run a ferry every twenty minutes;", "line") in blocks  # the wrapped item goes on
    assert ("1. A public meeting.", "line") in blocks and ("2. A tender.", "line") in blocks


def test_tab_separated_rows() -> None:
    blocks = _blocks("Name\tAge\nAnn Lee\t54\nTom Ruiz\t38")
    assert [b for b, _ in blocks] == ["Name Age", "Ann Lee 54", "Tom Ruiz 38"]
    assert {k for _, k in blocks} == {BlockKind.LINE.value}


def test_hard_wrapped_prose_is_still_joined() -> None:
    text = ("The council voted on Tuesday to close the old harbour bridge\n"
            "to traffic from March, after engineers found that its steel\n"
            "frame had corroded faster than expected. Shops fear fewer\n"
            "visitors will cross the river.")
    blocks = _blocks(text)
    assert len(blocks) == 1 and blocks[0][1] == "paragraph"


def test_narrow_wrapped_prose_is_still_joined() -> None:
    text = ("The council voted on Tuesday\nto close the old harbour bridge\n"
            "to traffic from March, after\nEngineers found corrosion.")
    assert len(_blocks(text)) == 1


def test_every_line_maps_back() -> None:
    text = "Netherlands   2  1\r\nEcuador       2  1\r\n"
    ct = clean(text)
    for b in ct.blocks:
        s, e = ct.offsets.span_to_source(b.start, b.end)
        assert " ".join(text[s:e].split()) == ct.text[b.start:b.end]


def test_exports_keep_lines_together(tmp_path: Path) -> None:
    from desktop.core.export import html, markdown
    from desktop.core.export.bundle import build_bundle
    from desktop.core.library import Library

    p = tmp_path / "scores.txt"
    p.write_text("Top scorers\n\nFrance\nKylian Mbappé\nArgentina\nLionel Messi\n\nThe final is on Sunday.\n")
    with Library.open(tmp_path / "lib") as lib:
        (result,) = lib.import_paths([p])
        bundle = build_bundle(lib, [result.doc_id or 0], "doc")
        md = markdown.render(bundle)
        page = html.render(bundle)
    assert "France  \nKylian Mbappé  \nArgentina  \nLionel Messi  \n" in md
    assert '<p class="block line">France</p>' in page
