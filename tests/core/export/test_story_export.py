"""The per-article exports say where the article stands in the story (its family, who had
the text first, its quotes' status), and the W3C JSON names the article by its web address
when it is known, keeping the content id beside it: export → import → export stays stable."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.export import annotations_json, html, markdown
from desktop.core.export.annotations_json import DOC_URI
from desktop.core.library import Library
from tests.conftest import WEB, WIRE
from tests.core.export.conftest import annotate_fixed, bundle_of

URL = "https://example.org/news/putin-xi"


def test_markdown_export_mentions_the_family_and_the_quotes_status(annotated: Library) -> None:
    text = markdown.render(bundle_of(annotated, [1], "doc"))
    story = text[text.index("## In the story"):]
    assert "Family of 2 articles; with #2" in story
    assert "Who had it first" in story or "First:" in story
    assert "“understands your questions and concerns” — Putin: worded differently from #2" in story
    assert "“understand” → “understands”" in story
    assert "only in this article" in story  # Raisi's quote is in the wire alone


def test_html_export_holds_the_story_as_element_text(annotated: Library) -> None:
    page = html.render(bundle_of(annotated, [1, 2], "pair"))
    assert page.count('<section class="story">') == 2
    assert '<li class="quote-altered">' in page
    assert "1 word it differently (#1)" in page


def test_json_export_has_each_articles_story(annotated: Library) -> None:
    data = json.loads(annotations_json.render(bundle_of(annotated, [1, 2], "pair")))
    stories = {s["parallax:doc"]: s for s in data["parallax:story"]}
    assert stories[1]["family"] == [1, 2] and stories[2]["family"] == [1, 2]
    altered = [q for q in stories[1]["quotes"] if q["altered"]]
    assert altered and altered[0]["changes"][0] == {"from": "understand", "to": "understands"}
    doc = annotated.get_document(1)
    q = altered[0]
    assert doc.source_text[q["start"]:q["end"]] == q["text"]  # offsets into the source text


def _export(lib: Library) -> str:
    return annotations_json.render(bundle_of(lib, [d.id for d in lib.list_documents()], "all"))


def test_w3c_target_names_the_url_when_known_and_keeps_the_content_id(annotated: Library) -> None:
    annotated.docmeta.edit(1, {"url": URL})
    data = json.loads(_export(annotated))
    [item] = data["first"]["items"]
    assert item["target"]["source"] == URL
    assert item["target"]["parallax:source"] == DOC_URI + annotated.get_document(1).content_hash


def test_w3c_target_without_a_url_is_the_content_id(annotated: Library) -> None:
    [item] = json.loads(_export(annotated))["first"]["items"]
    assert item["target"]["source"].startswith(DOC_URI) and "parallax:source" not in item["target"]


def test_an_unsafe_url_is_not_the_target(annotated: Library) -> None:
    with annotated.store.transaction() as db:
        db.execute("UPDATE documents SET url='javascript:alert(1)' WHERE id=1")
    [item] = json.loads(_export(annotated))["first"]["items"]
    assert item["target"]["source"].startswith(DOC_URI)


def test_round_trip_with_a_url_target_is_stable(annotated: Library, tmp_path: Path) -> None:
    annotated.docmeta.edit(1, {"url": URL})
    annotate_fixed(annotated, 2, "Mr Putin said", "second", ["b"], "contradiction", number=2)
    first = _export(annotated)
    report = annotations_json.import_annotations(annotated, first)
    assert (report.added, report.updated, report.unchanged, report.skipped) == (0, 0, 2, [])
    assert _export(annotated) == first
    other = Library.open(tmp_path / "other")
    try:
        other.import_paths([WEB, WIRE])
        report = annotations_json.import_annotations(other, first)
        assert report.added == 2 and not report.skipped
        assert {a.doc_id for a in other.annotations.select()} == {
            other.store.find_by_path(str(WIRE)), other.store.find_by_path(str(WEB))}
    finally:
        other.close()


def test_an_annotation_from_another_tool_is_placed_by_the_url(annotated: Library) -> None:
    annotated.docmeta.edit(1, {"url": URL})
    data = json.loads(_export(annotated))
    item = data["first"]["items"][0]
    item["id"] = "urn:uuid:00000000-0000-4000-8000-00000000abcd"
    item["target"] = {"source": URL, "selector": item["target"]["selector"]}  # no parallax: keys
    other = {"@context": data["@context"], "type": "AnnotationCollection",
             "first": {"type": "AnnotationPage", "items": [item]}}
    report = annotations_json.import_annotations(annotated, json.dumps(other))
    assert report.added == 1 and not report.skipped
    placed = annotated.annotations.find(item["id"])
    assert placed is not None and placed.doc_id == 1
