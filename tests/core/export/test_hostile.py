"""Hostile article and note text (script, onerror, javascript:, iframe) stays inert in every
export format: nothing that could run or fetch appears live."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from desktop.core.export import annotations_json, html, markdown
from desktop.core.library import Library
from tests.core.export.conftest import bundle_of

HOSTILE_ARTICLE = """<script>alert('title')</script> Minister quits

The minister <img src=x onerror=alert(1)> resigned on Monday, officials said.

Click <a href="javascript:alert(2)">here</a> or javascript:alert(3) for more.

<iframe src="https://evil.example/frame"></iframe> The <style>body{display:none}</style> end.
"""
HOSTILE_NOTE = ("<script>alert(4)</script> **bold** <img src=x onerror=alert(5)> "
                "[click](javascript:alert(6)) [ok](https://fine.example/) "
                "![pixel](https://track.example/p.gif) "
                "<iframe src=https://evil.example></iframe> &#106;avascript:alert(7) "
                "[ent](&#106;avascript:alert(8)) <a href='javascript:alert(9)'>a</a>")


class _Live(HTMLParser):
    """Collects what a browser would act on."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in {"script", "iframe", "img", "object", "embed", "link", "base", "form", "svg"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in {"src", "srcset", "action", "formaction", "background", "poster"}:
                self.problems.append(f"{tag} {name}={v}")
            if name == "href" and not v.startswith(("#", "https://", "http://", "mailto:")):
                self.problems.append(f"{tag} href={v}")
            if name == "style" and ("url(" in v or "expression" in v):
                self.problems.append(f"{tag} style={v}")


@pytest.fixture
def hostile(library: Library, tmp_path: Path) -> Library:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_ARTICLE, "utf-8")
    [result] = library.import_paths([path])
    assert result.doc_id is not None
    doc = library.get_document(result.doc_id)
    library.annotations.add_quote(doc, "resigned on Monday", "claim", HOSTILE_NOTE, ["<b>x</b>"])
    library.annotations.add_quote(doc, "javascript:alert(3)", "check", "<svg onload=alert(10)>")
    return library


def _check_html(page: str, ours: bool = True) -> None:
    live = _Live()
    live.feed(page)
    assert live.problems == []
    assert live.tags.count("style") == (1 if ours else 0)  # ours, in <head>
    assert "alert(4)" in page  # the text is still there to read, as text


def test_html_export_is_inert(hostile: Library) -> None:
    _check_html(html.render(bundle_of(hostile, [1], "doc")))
    _check_html(html.render(bundle_of(hostile, [1], "all")))
    _check_html(html.render(bundle_of(hostile, [1], "doc"), qt=True))


def test_markdown_export_is_inert(hostile: Library) -> None:
    text = markdown.render(bundle_of(hostile, [1], "doc"))
    assert "<" not in text  # no raw HTML at all: article and notes escape it
    assert "](javascript" not in text.lower() and "](&#106;" not in text
    assert not re.search(r"(?<!\\)!\[", text)  # images would fetch ("\\![" is "!" and a link)
    # rendered by Python-Markdown (raw HTML on by default), nothing comes alive either
    import markdown as pymd

    _check_html(pymd.markdown(text, extensions=["footnotes", "tables"]), ours=False)


def test_json_export_keeps_the_text_as_data(hostile: Library) -> None:
    data = json.loads(annotations_json.render(bundle_of(hostile, [1], "doc")))
    notes = [b["value"] for a in data["first"]["items"] for b in a["body"] if b["purpose"] == "commenting"]
    assert HOSTILE_NOTE in notes  # verbatim, as data: it re-imports unchanged


def test_annotation_tags_and_colour_names_are_escaped(hostile: Library) -> None:
    hostile.annotations.rename_colour("claim", "<b onmouseover=alert(11)>claim</b>")
    _check_html(html.render(bundle_of(hostile, [1], "doc")))
    assert "<b" not in markdown.render(bundle_of(hostile, [1], "doc"))
