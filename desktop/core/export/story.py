"""An article's place in the story, in every per-article export: its family and who had the
text first (on what evidence), how much of it is found elsewhere, and each quote's status
(only here, same words in N articles, worded differently from the reference, attributed to
different speakers). Markdown lines, an HTML section (element text only) and a JSON item.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from desktop.core.export.safety import md_escape
from desktop.core.model import Document
from desktop.core.storymap.article_story import ArticleStory, QuoteStatus

TITLE = "In the story"
QUOTE_CHARS = 160


def _short(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _lines(story: ArticleStory) -> list[str]:
    return [x for x in (story.family_line(), story.first_line(), story.shared_line()) if x]


def quote_line(q: QuoteStatus) -> str:
    return f"“{_short(q.text)}” — {q.speaker}: {q.status}"


# -- Markdown ---------------------------------------------------------------------------------
def markdown(story: ArticleStory | None, level: str) -> list[str]:
    if story is None:
        return []
    out = [f"{level} {TITLE}", ""]
    out += [f"- {md_escape(line)}" for line in _lines(story)]
    out.append("")
    if story.quotes:
        out += [f"{level}# Quotes", ""]
        out += [f"- {md_escape(quote_line(q))}" for q in story.quotes]
        out.append("")
    return out


# -- HTML -------------------------------------------------------------------------------------
def _el(tag: str, text: str | None, parent: ET.Element, cls: str = "") -> ET.Element:
    node = ET.SubElement(parent, tag, {"class": cls} if cls else {})
    if text:
        node.text = text
    return node


def html(node: ET.Element, story: ArticleStory | None) -> None:
    if story is None:
        return
    section = _el("section", None, node, "story")
    _el("h3", TITLE, section)
    for line in _lines(story):
        _el("p", line, section)
    if not story.quotes:
        return
    _el("h3", "Quotes", section)
    ul = _el("ul", None, section, "quotes")
    for q in story.quotes:
        li = _el("li", None, ul, "quote-altered" if q.altered else "")
        _el("span", f"“{_short(q.text)}”", li).tail = f" — {q.speaker}: "
        status = _el("span", q.status, li, "status")
        status.tail = ""


# -- W3C JSON ---------------------------------------------------------------------------------
def json_item(story: ArticleStory, doc: Document, doc_uri: str) -> dict[str, Any]:
    to_source = doc.clean.offsets.span_to_source
    quotes = []
    for q in story.quotes:
        start, end = to_source(q.start, q.end)
        quotes.append({"text": q.text, "speaker": q.speaker, "start": start, "end": end,
                       "group": q.group, "others": list(q.others), "altered": q.altered,
                       "speakers_differ": q.speakers_differ, "status": q.status,
                       "changes": [{"from": a, "to": b} for a, b in q.changes]})
    return {"doc": doc_uri, "parallax:doc": doc.id, "family": list(story.family),
            "first": story.first, "evidence": story.evidence, "shared": round(story.shared, 4),
            "partners": [{"doc": p.doc, "share": round(p.share, 4)} for p in story.partners],
            "quotes": quotes}
