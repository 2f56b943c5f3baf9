"""The story map and the quote table as files: one self-contained HTML page (inert, like every
export), JSON, and CSV tables.

The HTML page is an element tree built here: article text and titles only ever become element
text (escaped by the serialiser), there is no script and no external resource, and the
allow-list sanitiser (safety.sanitise) runs over the finished tree. JSON has the shapes of the
``families``, ``passages`` and ``quotes`` commands, offsets into each article's source text.
CSV is one table per file: the pairs (with their family and who was first), or the quotes.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop.core.errors import ParallaxError
from desktop.core.export.safety import sanitise
from desktop.core.model import Document
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.service import QuoteRow, QuoteTable
from desktop.core.storymap.shapes import Docs as DocReader
from desktop.core.storymap.shapes import families_json, group_json, item_index, passage_json, quote_json
from desktop.core.storymap.story import StoryMap

if TYPE_CHECKING:
    from desktop.core.library import Library

MAP_FORMATS = ("html", "json", "csv")
QUOTE_FORMATS = ("json", "csv")
TOP_PASSAGES = 50
TOP_PAIRS = 100
CSS = """
body { font-family: Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.evidence { color: #555; font-size: 0.9em; }
.excerpt { font-style: italic; }
del { background: #fbdada; } ins { background: #d9f2d9; text-decoration: none; }
.kind-verbatim { color: #1f6f2b; } .kind-edited { color: #8a5a00; } .kind-paraphrase { color: #3b4fa0; }
"""

Docs = Callable[[int], Document]


def _el(tag: str, text: str | None = None, parent: ET.Element | None = None, **attrs: str) -> ET.Element:
    node = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    if text:
        node.text = text
    return node


def _label(docs: Docs, doc_id: int) -> str:
    d = docs(doc_id)
    outlet = f" ({d.meta.source})" if d.meta.source else ""
    return f"#{doc_id}{outlet}"


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def render(library: Library, fmt: str, *, quotes: bool = False, doc_ids: Sequence[int] | None = None,
           title: str = "Story map", generated: str | None = None) -> str:
    """The story map (html, json, csv: the pairs) or the quote table (json, csv) of the whole
    library or of ``doc_ids`` (a search result, a selection), as text."""
    if fmt not in (QUOTE_FORMATS if quotes else MAP_FORMATS):
        raise ParallaxError("the quote table exports as json or csv" if quotes else
                            f"unknown story map format {fmt!r} (html, json, csv)")
    service = library.storymap
    smap = service.story_map(doc_ids)
    table = service.quote_table(doc_ids)
    docs = DocReader(library)

    def span(r: QuoteRow) -> tuple[int, int]:
        return docs(r.doc).clean.offsets.span_to_source(r.quote.parts[0][0], r.quote.parts[-1][1])

    quote_data = {"quotes": [quote_json(r, docs(r.doc)) for r in table.rows],
                  "groups": [group_json(g) for g in table.groups]}
    if quotes:
        return (quotes_csv(table.rows, span, docs) if fmt == "csv"
                else json.dumps(quote_data, ensure_ascii=False, indent=2) + "\n")
    if fmt == "html":
        when = generated or datetime.now(UTC).isoformat(timespec="seconds")
        return render_html(smap, table, docs, title, when)
    if fmt == "csv":
        return pairs_csv(smap, docs)
    passages = [passage_json(smap, c, docs) for c in smap.copied_clusters()]
    return map_json(families_json(smap), passages, quote_data)


# -- HTML ---------------------------------------------------------------------------------------
def render_html(smap: StoryMap, table: QuoteTable, docs: Docs, title: str, generated: str) -> str:
    html = _el("html", lang="en")
    head = _el("head", parent=html)
    _el("meta", parent=head, charset="utf-8")
    _el("title", title, head)
    _el("style", CSS, head)
    body = _el("body", parent=html)
    _el("h1", title, body)
    _el("p", f"{len(smap.articles)} articles · {len(smap.families)} families · "
        f"{len(smap.copied_clusters())} shared passages · {len(table.changed())} quotes changed "
        f"between articles · made {generated}", body, **{"class": "evidence"})
    _families(body, smap, docs)
    _pairs(body, smap, docs)
    _passages(body, smap, docs)
    _quotes(body, table, docs)
    sanitise(html)
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html") + "\n"


def _families(body: ET.Element, smap: StoryMap, docs: Docs) -> None:
    _el("h2", "Families: articles joined by reuse", body)
    if not smap.families:
        _el("p", "No articles share text.", body)
    for n, f in enumerate(smap.families, 1):
        call = smap.family_call(f)
        first = _label(docs, call.first) if call.first is not None else "unknown"
        _el("h3", f"Family {n}: {len(f.docs)} articles — first: {first}", body)
        _el("p", call.evidence, body, **{"class": "evidence"})
        t = _el("table", parent=body)
        row = _el("tr", parent=t)
        for h in ("article", "outlet", "date", "title"):
            _el("th", h, row)
        for d in f.docs:
            doc = docs(d)
            row = _el("tr", parent=t)
            for value in (f"#{d}", doc.meta.source, doc.meta.date, doc.title or doc.path):
                _el("td", value, row)


def _pairs(body: ET.Element, smap: StoryMap, docs: Docs) -> None:
    _el("h2", "Most-reused pairs", body)
    t = _el("table", parent=body)
    row = _el("tr", parent=t)
    for h in ("A", "B", "of A in B", "of B in A", "passages", "first", "evidence"):
        _el("th", h, row)
    for p in smap.pairs[:TOP_PAIRS]:
        call = smap.pair_call(p)
        row = _el("tr", parent=t)
        _el("td", _label(docs, p.a), row)
        _el("td", _label(docs, p.b), row)
        _el("td", f"{p.a_in_b:.0%}", row, **{"class": "num"})
        _el("td", f"{p.b_in_a:.0%}", row, **{"class": "num"})
        _el("td", ", ".join(f"{n} {k}" for k, n in p.passages.items() if n), row)
        _el("td", _label(docs, call.first) if call.first is not None else "unknown", row)
        _el("td", call.evidence, row, **{"class": "evidence"})


def _passages(body: ET.Element, smap: StoryMap, docs: Docs) -> None:
    _el("h2", "Passages found in several articles", body)
    for c in smap.copied_clusters()[:TOP_PASSAGES]:
        _passage(body, smap, c, docs)


def _passage(body: ET.Element, smap: StoryMap, c: Cluster, docs: Docs) -> None:
    call = smap.cluster_call(c)
    ref = c.reference
    first = _label(docs, call.first) if call.first is not None else "unknown"
    _el("h3", f"Passage {c.id}: in {len(c.docs)} articles — first: {first}", body)
    _el("p", _clip(smap.articles[ref.doc].text[ref.start:ref.end], 400), body, **{"class": "excerpt"})
    _el("p", call.evidence, body, **{"class": "evidence"})
    t = _el("table", parent=body)
    for cp in c.copies:
        row = _el("tr", parent=t)
        _el("td", _label(docs, cp.doc), row)
        _el("td", f"¶{smap.paragraph(cp.doc, cp.start)}", row, **{"class": "num"})
        _el("td", cp.kind, row, **{"class": f"kind-{cp.kind}"})
        _el("td", docs(cp.doc).title, row)


def _quotes(body: ET.Element, table: QuoteTable, docs: Docs) -> None:
    _el("h2", "Quotes that changed between articles", body)
    changed = table.changed()
    if not changed:
        _el("p", "No quote changed between articles.", body)
    for g in changed:
        ref = g.items[g.reference]
        flags = (["wording changed"] if g.altered else []) + (
            ["attributed to " + " / ".join(g.speaker_names())] if g.speakers_differ else [])
        _el("h3", f"Quote {g.id} — in {len(g.docs)} articles — {', '.join(flags)}", body)
        p = _el("p", parent=body)
        _el("strong", f"{_label(docs, ref.doc)}, reference: ", p)
        _el("span", f"“{ref.text}” — {ref.speaker.name or 'unknown'}", p)
        t = _el("table", parent=body)
        for item, changes in zip(g.items, g.changes, strict=True):
            if item is ref:
                continue
            row = _el("tr", parent=t)
            _el("td", _label(docs, item.doc), row)
            cell = _el("td", parent=row)
            if not changes:
                cell.text = "same words"
            for ch in changes:
                if ch.before:
                    _el("del", ch.before, cell).tail = " "
                if ch.after:
                    _el("ins", ch.after, cell).tail = " "
            _el("td", item.speaker.name or "unknown", row)


# -- JSON and CSV --------------------------------------------------------------------------------
def map_json(families: dict[str, Any], passages: list[dict[str, Any]],
             quotes: dict[str, Any]) -> str:
    return json.dumps({**families, "passages": passages, **quotes}, ensure_ascii=False, indent=2) + "\n"


def pairs_csv(smap: StoryMap, docs: Docs) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["family", "a", "a_outlet", "a_date", "b", "b_outlet", "b_date", "a_in_b", "b_in_a",
                "verbatim", "edited", "paraphrase", "longest", "first", "evidence"])
    fam = {d: n for n, f in enumerate(smap.families, 1) for d in f.docs}
    for p in smap.pairs:
        call = smap.pair_call(p)
        a, b = docs(p.a), docs(p.b)
        w.writerow([fam.get(p.a, ""), p.a, _safe(a.meta.source), a.meta.date, p.b,
                    _safe(b.meta.source), b.meta.date, f"{p.a_in_b:.4f}", f"{p.b_in_a:.4f}",
                    p.passages.get("verbatim", 0), p.passages.get("edited", 0),
                    p.passages.get("paraphrase", 0), p.longest,
                    "" if call.first is None else call.first, _safe(call.evidence)])
    return out.getvalue()


def quotes_csv(rows: list[QuoteRow], source_span: Callable[[QuoteRow], tuple[int, int]],
               docs: Docs) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["doc", "outlet", "path", "start", "end", "text", "speaker", "attribution", "group",
                "altered", "speakers_differ", "changes"])
    for r in rows:
        g = r.group
        start, end = source_span(r)
        changes = "" if g is None else "; ".join(
            f"{c.before} -> {c.after}" for c in g.changes[item_index(g, r)])
        doc = docs(r.doc)
        w.writerow([r.doc, _safe(doc.meta.source), _safe(doc.path), start, end, _safe(r.text),
                    _safe(r.quote.speaker.name or "unknown"), r.quote.speaker.how,
                    "" if g is None else g.id, bool(g and g.altered),
                    bool(g and g.speakers_differ), _safe(changes)])
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run: a leading = + - @ (a formula) gets a quote mark."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
