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

from desktop.core.annotations.model import Annotation
from desktop.core.export import story
from desktop.core.export.notes import note_elements
from desktop.core.export.safety import sanitise
from desktop.core.export.segments import Segment, block_runs
from desktop.core.export.spans import ArticleMarks, Bundle, LinkMark, label_title
from desktop.core.pdf_extract import page_label
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
    return css


DEFAULT_ENTITY_COLOURS = {"PERSON": "#7aa6e0", "ORG": "#c18ad9", "PLACE": "#6cc08b",
                          "GROUP": "#e0a96c", "DATE": "#b5b5b5", "EVENT": "#e07a7a", "OTHER": "#9fb7b9"}


def entity_colours() -> dict[str, str]:
    """Entity colours as the reader draws them: the entities feature's palette when it has one
    (``LABEL_COLOURS`` in desktop.core.entities.labels), else ours."""
    try:
        from desktop.core.entities import labels

        palette = getattr(labels, "LABEL_COLOURS", None)
    except ImportError:
        palette = None
    colours = dict(DEFAULT_ENTITY_COLOURS)
    if isinstance(palette, dict):
        colours.update({str(k): str(v) for k, v in palette.items()
                        if re.fullmatch(r"#[0-9a-fA-F]{6}", str(v))})
    return colours


def _tint(rgb: str, keep: float = 0.3) -> str:
    r, g, b = (int(rgb[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in (r, g, b))


def _entity_css(qt: bool) -> str:
    """Soft underlines in browsers; Qt's rich text draws no span borders, so a light tint there."""
    rule = "background-color: {tint}" if qt else "border-bottom-color: {rgb}"
    return "".join(f".ent-{label} {{ {rule.format(rgb=rgb, tint=_tint(rgb))}; }}\n"
                   for label, rgb in sorted(entity_colours().items()) if label.isalnum())


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
    return art.doc.title or Path(art.doc.path).stem


def _opens_with_title(art: ArticleMarks) -> bool:
    """True when the text's own first line is the title (a headline): no need to repeat it."""
    stem = art.doc.title.strip().rstrip("…").rstrip(". ").strip()
    return bool(stem) and art.doc.clean.text.lstrip().startswith(stem)


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
    el("style", "\n" + export_css(qt) + _entity_css(qt), head)
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
        if not _opens_with_title(art):
            el("h2", _doc_title(art), node)
        _meta(node, art)
    text = el("div", parent=node, class_="text")
    for block, runs in block_runs(art):
        p = el("p", parent=text, class_=f"block {block.label}")
        for run in runs:
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
    if run.entity is not None:
        span = el("span", class_=f"ent ent-{run.entity.label}", title=run.entity.entity)
        _append(span, node)
        node = span
    if run.highlights:
        top = run.highlights[-1].annotation
        colour = page.bundle.colour(top.colour)
        mark = el("span" if page.qt else "mark", class_=f"hl hl-{colour.key}",
                  style=f"background-color: {colour.rgb}",
                  title=", ".join(page.bundle.colour(h.annotation.colour).name for h in run.highlights))
        for h in run.highlights:
            n = page.notes.setdefault(h.annotation.id, len(page.notes) + 1)
            if h.annotation.id not in page.seen:
                page.seen.add(h.annotation.id)
                mark.set("id", f"hl-{n}")
        _append(mark, node)
        node = mark
    if run.link is not None:
        node = _link_wrap(node, art, run.link, page)
    _append(p, node)
    for h in run.ending:
        n = page.notes[h.annotation.id]
        sup = el("sup", parent=p, class_="fn")
        el("a", str(n), sup, href=f"#note-{n}")


def _link_wrap(inner: ET.Element | str, art: ArticleMarks, k: LinkMark, page: _Page) -> ET.Element:
    here = f"d{art.doc.id}-l{k.link_id}"
    target = f"d{k.twin_doc}-l{k.link_id}" if k.twin_doc in page.on_page else f"row-{here}"
    a = el("a", class_=f"link link-{k.kind}", href=f"#{target}",
           title=f"{k.kind} {k.score:.2f} ↔ #{k.twin_doc} {k.twin_title}")
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
        _append(p, ": " + ", ".join(f"{name} ({count})" for name, count in names))


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
        el("td", k.kind, tr, class_=f"link-{k.kind}")
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
