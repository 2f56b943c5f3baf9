"""HTML export: one self-contained page (inline CSS, no scripts, no external requests).

The page is an element tree built here; article text only ever becomes element text (escaped
by the serialiser), notes are rendered by Python-Markdown with raw HTML off (notes.py), and a
final allow-list pass (safety.sanitise) runs over the whole tree. A pair is laid out side by
side in a table (which browsers and Qt's PDF renderer both honour), each cross-linked passage
an in-page link to its twin.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from desktop.core import styles
from desktop.core.annotations.model import Annotation
from desktop.core.entities.labels import label_title
from desktop.core.export import story
from desktop.core.export.notes import note_elements
from desktop.core.export.safety import sanitise
from desktop.core.export.segments import Segment, block_runs
from desktop.core.export.spans import Bundle
from desktop.core.marks import ArticleMarks, LinkMark
from desktop.core.pdf_extract import page_label
from desktop.core.titles import display_title, opens_with_title
from desktop.resources import resource_dir


@cache
def export_css(qt: bool = False) -> str:
    css = (resource_dir() / "styles" / "export.css").read_text("utf-8")
    if qt:  # Qt's rich text spaces lines by its own metrics; a line-height there doubles them
        css = re.sub(r"line-height:\s*[^;]+;", "", css)
        # Qt reads "inherit", "transparent" and "currentColor" as an invalid colour, which its
        # PDF writer puts out as a colour operator without values (a broken PDF): drop them,
        # Qt's text inherits its colour anyway
        css = re.sub(r"[\w-]+:[^;{}]*\b(?:inherit|transparent|currentColor)\b[^;{}]*;?", "", css)
        # Qt's CSS parser stops at a nested block: after "@media print { … }" it read no rule
        # at all, so the PDF had no entity or shared-passage shading. Paper is Qt's only medium.
        css = re.sub(r"@media print \{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
        # ... and at a selector it does not know (":not(...)"): such rules are for browsers
        css = re.sub(r"[^{}]*:(?:not|target|hover)\b[^{}]*\{[^{}]*\}", "\n", css)
    return css


def entity_colours() -> dict[str, str]:
    """Entity colours as the reader draws them: the one style table (core/styles.py)."""
    return dict(styles.ENTITY_COLOURS)


def _mark_css(qt: bool) -> str:
    """Entity and shared-passage colours from the style table. Browsers get soft underlines for
    entities; Qt's rich text draws no span borders, so a light tint there."""
    rule = "background-color: {tint}" if qt else "border-bottom: 2px solid {rgb}"
    css = "".join(f".ent-{label} {{ {rule.format(rgb=rgb, tint=styles.tint(rgb, styles.ENTITY_TINT))}; }}\n"
                  for label, rgb in sorted(entity_colours().items()) if label.isalnum())
    css += "".join(f".link-{kind} {{ background-color: {styles.tint(rgb, styles.LINK_TINT)}; }}\n"
                   for kind, rgb in sorted(styles.LINK_COLOURS.items()))
    css += ".ent-unsure { border-bottom-style: dotted; }\n" if not qt else ""
    # a highlight whose words changed since: dashed underline in the reader, so here too
    css += (".hl.changed { text-decoration: underline; }\n" if qt else
            f".hl.changed {{ border-bottom: 2px dashed {styles.CHANGED_COLOUR}; }}\n")
    return css


def el(tag: str, text: str | None = None, parent: ET.Element | None = None,
       **attrs: str) -> ET.Element:
    attrib = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    node = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text:
        node.text = text
    return node


def title_of(bundle: Bundle) -> str:
    if bundle.scope == "pair":
        return " ↔ ".join(_doc_title(a) for a in bundle.articles)
    if bundle.scope == "all":
        return "Parallax library"
    return _doc_title(bundle.articles[0])


def _doc_title(art: ArticleMarks) -> str:
    return display_title(art.doc.title, art.doc.path)


class _Page:
    """State shared while one page is built: note numbers and which documents are on it."""

    def __init__(self, bundle: Bundle, qt: bool) -> None:
        self.bundle = bundle
        self.qt = qt  # Qt's rich text knows no <mark>: use <span> there
        self.notes: dict[str, int] = {}
        self.seen: set[str] = set()
        self.on_page = bundle.doc_ids()


def render(bundle: Bundle, *, qt: bool = False) -> str:
    return "<!DOCTYPE html>\n" + ET.tostring(build(bundle, qt=qt), encoding="unicode", method="html")


def build(bundle: Bundle, *, qt: bool = False) -> ET.Element:
    page = _Page(bundle, qt)
    root = el("html", lang="en")
    head = el("head", parent=root)
    el("meta", parent=head, charset="utf-8")
    el("meta", parent=head, name="generator", content=bundle.generator)
    el("title", title_of(bundle), head)
    el("style", "\n" + export_css(qt) + _mark_css(qt), head)
    body = el("body", parent=root, class_=bundle.scope)
    _header(body, bundle)
    if bundle.scope == "pair":
        table = el("table", parent=body, class_="pair", width="100%", cellspacing="0")
        row = el("tr", parent=el("tbody", parent=table))
        for art in bundle.articles:
            _article(el("td", parent=row, valign="top"), art, page)
    else:
        main = el("main", parent=body)
        for art in bundle.articles:
            _article(main, art, page)
    sanitise(root)
    return root


def _header(body: ET.Element, bundle: Bundle) -> None:
    header = el("header", parent=body, class_="export")
    el("h1", title_of(bundle), header)
    if bundle.scope == "doc":
        _meta(header, bundle.articles[0])
    el("p", f"Exported {bundle.exported_at} · {bundle.generator}", header, class_="exported")
    legend = el("p", "Highlights: ", header, class_="legend")
    for c in bundle.colours:
        swatch = el("span", c.name, legend, class_=f"swatch hl-{c.key}",
                    style=f"background-color: {c.rgb}")
        swatch.tail = " "


def _meta(parent: ET.Element, art: ArticleMarks) -> None:
    d = art.doc
    parts = [x for x in (d.meta.source, d.meta.date, Path(d.path).name) if x]
    line = el("p", " · ".join(parts), parent, class_="meta")
    if d.meta.url:
        link = el("a", d.meta.url, line, href=d.meta.url)  # dropped by sanitise unless http(s)
        link.tail = ""
        if parts:
            line.text = (line.text or "") + " · "


def _article(parent: ET.Element, art: ArticleMarks, page: _Page) -> None:
    node = el("article", parent=parent, id=f"doc-{art.doc.id}")
    if page.bundle.scope != "doc":
        if not opens_with_title(art.doc.title, art.doc.clean.text):
            el("h2", _doc_title(art), node)
        _meta(node, art)
    text = el("div", parent=node, class_="text")
    for item in block_runs(art):
        if item.page is not None:  # a PDF page begins here, as the reader shows it
            el("p", f"— p. {item.page.page} —", text, class_="page")
        p = el("p", parent=text, class_=f"block {item.block.block}")
        for run in item.runs:
            _run(p, art, run, page)
    _notes(node, art, page)
    story.html(node, page.bundle.stories.get(art.doc.id))
    _entities(node, art)
    _links(node, art, page)


def _append(parent: ET.Element, child: ET.Element | str) -> None:
    if isinstance(child, ET.Element):
        parent.append(child)
    elif len(parent):
        parent[-1].tail = (parent[-1].tail or "") + child
    else:
        parent.text = (parent.text or "") + child


def _run(p: ET.Element, art: ArticleMarks, run: Segment, page: _Page) -> None:
    node: ET.Element | str = art.doc.clean.text[run.start:run.end].replace("\n", " ")
    for entity in run.entities:  # an uncertain mark says so (core/marks.py: EntityMark.unsure)
        note = f" ({entity.note})" if entity.note else ""
        span = el("span", class_=f"ent ent-{entity.label}" + (" ent-unsure" if entity.unsure else ""),
                  title=entity.entity + note)
        _append(span, node)
        node = span
    if run.highlights:
        top = run.highlights[-1]
        colour = page.bundle.colour(top.annotation.colour)
        changed = " changed" if top.changed else ""  # the words differ from those highlighted
        mark = el("span" if page.qt else "mark", class_=f"hl hl-{colour.key}{changed}",
                  style=f"background-color: {colour.rgb}",
                  title=", ".join(page.bundle.colour(h.annotation.colour).name for h in run.highlights))
        for h in run.highlights:
            n = page.notes.setdefault(h.annotation.id, len(page.notes) + 1)
            if h.annotation.id not in page.seen:
                page.seen.add(h.annotation.id)
                mark.set("id", f"hl-{n}")
        _append(mark, node)
        node = mark
    for k in run.links[1:]:  # more shared passages over these words: tinted, no link
        span = el("span", class_=f"link link-{k.link_kind}")
        _append(span, node)
        node = span
    if run.links:
        node = _link_wrap(node, art, run.links[0], page)
    _append(p, node)
    for h in run.ending:
        n = page.notes[h.annotation.id]
        sup = el("sup", parent=p, class_="fn")
        el("a", str(n), sup, href=f"#note-{n}")


def _link_wrap(inner: ET.Element | str, art: ArticleMarks, k: LinkMark, page: _Page) -> ET.Element:
    here = f"d{art.doc.id}-l{k.link_id}"
    target = f"d{k.twin_doc}-l{k.link_id}" if k.twin_doc in page.on_page else f"row-{here}"
    title = f"{k.link_kind} {k.score:.2f} ↔ #{k.twin_doc} {k.twin_title}"
    if page.qt:  # Qt's rich text draws an anchor blue and underlined, over its tint: shade only
        a = el("span", class_=f"link link-{k.link_kind}", title=title)
    else:
        a = el("a", class_=f"link link-{k.link_kind}", href=f"#{target}", title=title)
    if here not in page.seen:
        page.seen.add(here)
        a.set("id", here)
    _append(a, inner)
    return a


def _notes(node: ET.Element, art: ArticleMarks, page: _Page) -> None:
    items = [h.annotation for h in art.highlights]
    if items:
        section = el("section", parent=node, class_="notes")
        el("h3", "Highlights and notes", section)
        ol = el("ol", parent=section, class_="notes")
        ordered = sorted(items, key=lambda a: page.notes.get(a.id, 1 << 30))
        if ordered:
            ol.set("start", str(page.notes.get(ordered[0].id, 1)))
        for a in ordered:
            n = page.notes.get(a.id, 0)
            li = el("li", parent=ol, id=f"note-{n}")
            _annotation_body(li, a, page)
            cite = page_label(art.doc.fmt, art.doc.source_text, a.position.start).strip(" ()")
            if cite:  # a PDF's page, as a reader would cite it
                el("span", cite, li, class_="page")
            el("a", "↩ back to the text", li, class_="back", href=f"#hl-{n}")
    if art.orphans:
        section = el("section", parent=node, class_="orphans")
        el("h3", "Orphaned annotations (no longer found in the text)", section)
        ul = el("ul", parent=section, class_="orphans")
        for a in art.orphans:
            _annotation_body(el("li", parent=ul), a, page)


def _annotation_body(li: ET.Element, a: Annotation, page: _Page) -> None:
    colour = page.bundle.colour(a.colour)
    el("span", colour.name, li, class_=f"swatch hl-{colour.key}", style=f"background-color: {colour.rgb}")
    el("blockquote", " ".join(a.quote.exact.split()), li)
    if a.original:
        was = el("p", "The text changed since it was highlighted. It read: ", li, class_="changed")
        el("del", "“" + " ".join(a.original.split()) + "”", was)
    note = el("div", parent=li, class_="note")
    note.extend(note_elements(a.note))
    if a.tags:
        el("p", " ".join(f"#{t}" for t in a.tags), li, class_="tags")


def _entities(node: ET.Element, art: ArticleMarks) -> None:
    index = art.entity_index()
    if not index:
        return
    section = el("section", parent=node, class_="entities")
    el("h3", "Entities", section)
    for label, names in index.items():
        p = el("p", parent=section)
        el("span", f"{label_title(label)} ({sum(n for _, n in names)})", p, class_=f"ent ent-{label}")
        unsure = art.unsure_entities()  # "(13, 2 uncertain)": marks linked with less certainty
        _append(p, ": " + ", ".join(f"{name} ({count}{_unsure(unsure.get(name, 0))})"
                                    for name, count in names))


def _unsure(n: int) -> str:
    return f", {n} uncertain" if n else ""


def _links(node: ET.Element, art: ArticleMarks, page: _Page) -> None:
    if not art.links:
        return
    section = el("section", parent=node, class_="links")
    el("h3", "Cross-links", section)
    table = el("table", parent=section, class_="data")
    head = el("tr", parent=el("thead", parent=table))
    for name in ("Passage", "Kind", "Twin in the other source", "Score"):
        el("th", name, head, scope="col")
    body = el("tbody", parent=table)
    text = art.doc.clean.text
    for k in art.links:
        here = f"d{art.doc.id}-l{k.link_id}"
        tr = el("tr", parent=body, id=f"row-{here}")
        el("a", _short(text[k.start:k.end]), el("td", parent=tr), href=f"#{here}")
        el("td", k.link_kind, tr, class_=f"link-{k.link_kind}")
        twin = el("td", parent=tr)
        if k.twin_doc in page.on_page:
            el("a", _short(k.twin_text), twin, href=f"#d{k.twin_doc}-l{k.link_id}")
        else:
            twin.text = _short(k.twin_text)
        el("small", f" #{k.twin_doc} {k.twin_title}", twin)
        el("td", f"{k.score:.2f}", tr)


def _short(text: str, n: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
