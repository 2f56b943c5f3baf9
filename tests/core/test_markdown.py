"""Markdown blocks from a CommonMark parser: setext headlines, list markers, table pipes,
quotations, code, front matter; every kept character maps back onto itself."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.ingest import read_article
from desktop.core.markdown_extract import extract_markdown
from desktop.core.model import BlockKind

DOC = """Harbour bridge to close
=======================

The council voted on *Tuesday* to close the bridge,
after engineers found corrosion.

Reactions
---------

1. Shops fear fewer visitors.
2) A ferry will run every twenty minutes.
10. The new bridge opens in 2027.

- Mayor Ann Lee
- Engineer Tom Ruiz

> "We had no choice," the mayor said.
> "Safety comes first."

| Country | Player | Goals |
|---------|--------|------:|
| France  | Kylian Mbappé | 8 |
| Argentina | Lionel Messi | 7 |

```
raw   code line
```
"""


def _blocks(text: str) -> list[tuple[str, str]]:
    ex = extract_markdown(text)
    return [(ex.text[s:e], str(k)) for s, e, k in ex.hints]


def _assert_exact(source: str) -> None:
    ex = extract_markdown(source)
    for i, ch in enumerate(ex.text):
        s, e = ex.offsets.span_to_source(i, i + 1)
        if not ch.isspace():
            assert source[s:e] == ch, (i, ch, source[s:e])


def test_setext_headline_and_subheading() -> None:
    kinds = _blocks(DOC)
    assert kinds[0] == ("Harbour bridge to close", "headline")
    assert ("Reactions", "subheading") in kinds
    assert "===" not in extract_markdown(DOC).text and "---" not in extract_markdown(DOC).text


def test_ordered_list_markers_are_dropped_and_items_are_lines() -> None:
    kinds = _blocks(DOC)
    assert ("Shops fear fewer visitors.", "line") in kinds
    assert ("A ferry will run every twenty minutes.", "line") in kinds
    assert ("The new bridge opens in 2027.", "line") in kinds
    assert ("Mayor Ann Lee", "line") in kinds and ("Engineer Tom Ruiz", "line") in kinds
    text = extract_markdown(DOC).text
    assert "1." not in text and "2)" not in text and "10." not in text


def test_table_rows_are_lines_without_pipes() -> None:
    kinds = _blocks(DOC)
    assert ("France Kylian Mbappé 8", "line") in kinds
    assert ("Country Player Goals", "line") in kinds
    text = extract_markdown(DOC).text
    assert "|" not in text and "-----" not in text


def test_quotation_markers_dropped() -> None:
    text = extract_markdown(DOC).text
    assert '"We had no choice," the mayor said.\n"Safety comes first."' in text
    assert ">" not in text


def test_code_kept_as_text() -> None:
    assert "raw   code line" in extract_markdown(DOC).text


def test_every_character_maps_back() -> None:
    _assert_exact(DOC)
    _assert_exact(DOC.replace("\n", "\r\n"))


def test_lines_stay_blocks_after_cleanup(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_text(DOC, encoding="utf-8")
    art = read_article(p)
    blocks = [(art.clean.text[b.start:b.end], b.label) for b in art.clean.blocks]
    assert ("France Kylian Mbappé 8", BlockKind.LINE) in blocks
    assert ("Argentina Lionel Messi 7", BlockKind.LINE) in blocks
    assert art.meta.title == "Harbour bridge to close"
    assert art.meta.source == ""


def test_front_matter_author() -> None:
    ex = extract_markdown("---\ntitle: T\nauthor: Jane Doe\n---\n# T\n\nText here.\n")
    assert ex.meta.author == "Jane Doe" and ex.meta.title == "T"
    assert ex.text == "T\n\nText here."


_PIECES = st.sampled_from(["# ", "## ", "Title\n===\n", "- ", "1. ", "> ", "| a | b |\n|---|---|\n",
                           "*x*", "_y_", "`c`", "[l](u)", "![i](p)", "\\*", "word ", "\n", "\n\n",
                           "\r\n", "```\n", "    code\n", "<https://a.b>", "é"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_random_markdown_maps_exactly(source: str) -> None:
    _assert_exact(source)
