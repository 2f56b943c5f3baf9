"""Markdown export: front matter, the text with highlights as ``==text==`` and notes as
footnotes, then per article an entity index, a cross-link table and the annotation list.

Article text goes through :func:`md_escape` and notes through :func:`safe_note_markdown`, so a
Markdown renderer shows hostile text as text.
"""

from __future__ import annotations

import json

from desktop.core.annotations.model import Annotation
from desktop.core.entities.labels import label_title
from desktop.core.export import story
from desktop.core.export.safety import md_escape, safe_note_markdown
from desktop.core.export.segments import block_runs
from desktop.core.export.spans import Bundle
from desktop.core.marks import ArticleMarks
from desktop.core.model import BlockKind
from desktop.core.pdf_extract import page_label
from desktop.core.titles import display_title

QUOTE_CHARS = 90


def render(bundle: Bundle) -> str:
    notes: dict[str, int] = {}  # annotation id -> footnote number, over the whole file
    parts = [_front_matter(bundle)]
    if bundle.scope != "doc":
        parts.append(f"# {md_escape(_bundle_title(bundle))}\n")
    for art in bundle.articles:
        parts.append(_article(art, bundle, notes))
    footnotes = [_footnote(n, a, bundle) for art in bundle.articles
                 for a in _annotations(art) if (n := notes.get(a.id))]
    if footnotes:
        parts.append("\n".join(footnotes) + "\n")
    return "\n".join(parts)


def _bundle_title(bundle: Bundle) -> str:
    if bundle.scope == "pair":
        return " ↔ ".join(display_title(a.doc.title, a.doc.path) for a in bundle.articles)
    if bundle.scope == "all":
        return "Parallax library"
    doc = bundle.articles[0].doc
    return display_title(doc.title, doc.path)


def _yaml(value: str) -> str:
    # a JSON string is a valid YAML scalar; some renderers read metadata as Markdown: no raw HTML
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return json.dumps(value, ensure_ascii=False)


def _front_matter(bundle: Bundle) -> str:
    lines = ["---", f"title: {_yaml(_bundle_title(bundle))}"]
    if bundle.scope == "doc":
        doc = bundle.articles[0].doc
        lines += [f"source: {_yaml(doc.meta.source)}", f"date: {_yaml(doc.meta.date)}",
                  f"url: {_yaml(doc.meta.url)}", f"path: {_yaml(doc.path)}"]
    else:
        lines.append("articles:")
        for art in bundle.articles:
            d = art.doc
            lines += [f"  - title: {_yaml(d.title)}", f"    source: {_yaml(d.meta.source)}",
                      f"    date: {_yaml(d.meta.date)}", f"    path: {_yaml(d.path)}"]
    lines += [f"exported: {_yaml(bundle.exported_at)}", f"generator: {_yaml(bundle.generator)}",
              "---", ""]
    return "\n".join(lines)


def _annotations(art: ArticleMarks) -> list[Annotation]:
    return [h.annotation for h in art.highlights] + list(art.orphans)


def _article(art: ArticleMarks, bundle: Bundle, notes: dict[str, int]) -> str:
    doc = art.doc
    level = "#" if bundle.scope == "doc" else "##"
    out = [f"{level} {md_escape(display_title(doc.title, doc.path))}", ""]
    meta = " · ".join(md_escape(x) for x in (doc.meta.source, doc.meta.date, doc.meta.url) if x)
    if meta:
        out += [f"*{meta}*", ""]
    out += _text(art, notes)
    sub = level + "#"
    out += story.markdown(bundle.stories.get(doc.id), sub)
    out += _entity_index(art, sub) + _link_table(art, sub)
    out += _annotation_list(art, bundle, sub, notes)
    return "\n".join(out)


def _text(art: ArticleMarks, notes: dict[str, int]) -> list[str]:
    text = art.doc.clean.text
    out: list[str] = []
    prev_line = False
    for item in block_runs(art):
        block = item.block
        if item.page is not None:  # a PDF page begins here, as the reader shows it
            out += [f"*— p. {item.page.page} —*", ""]
            prev_line = False
        pieces: list[str] = []
        for run in item.runs:
            piece = md_escape(text[run.start:run.end]).replace("\n", "  \n")
            if run.highlights:
                piece = f"=={piece}=="
            pieces.append(piece)
            for h in run.ending:
                number = notes.setdefault(h.annotation.id, len(notes) + 1)
                pieces.append(f"[^{number}]")
        line = "".join(pieces).replace("====", "")  # adjacent highlighted runs join
        if block.block in (BlockKind.HEADLINE, BlockKind.SUBHEADING):
            line = f"**{line}**"
        elif block.block in (BlockKind.SOCIAL, BlockKind.CAPTION, BlockKind.RELATED):
            line = "> " + line
        if block.block == BlockKind.LINE and prev_line:
            out[-2:] = [out[-2] + "\n" + line + "  ", ""]  # lines of a list/table stay together
            continue
        prev_line = block.block == BlockKind.LINE
        out += [line + ("  " if prev_line else ""), ""]
    return out


def _entity_index(art: ArticleMarks, level: str) -> list[str]:
    index = art.entity_index()
    if not index:
        return []
    out = [f"{level} Entities", ""]
    unsure = art.unsure_entities()  # "(13, 2 uncertain)": marks linked with less certainty
    for label, names in index.items():
        out.append(f"- **{md_escape(label_title(label))}** ({sum(n for _, n in names)}): " + ", ".join(
            f"{md_escape(name)} ({count}{f', {unsure[name]} uncertain' if name in unsure else ''})"
            for name, count in names))
    return [*out, ""]


def _short(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _cell(text: str) -> str:
    return md_escape(_short(text)).replace("\n", " ")


def _link_table(art: ArticleMarks, level: str) -> list[str]:
    if not art.links:
        return []
    text = art.doc.clean.text
    out = [f"{level} Cross-links", "", "| Passage | Kind | Twin in the other source | Score |",
           "| --- | --- | --- | --- |"]
    for k in art.links:
        twin = f"{_cell(k.twin_text)} (#{k.twin_doc} {_cell(k.twin_title)})"
        out.append(f"| {_cell(text[k.start:k.end])} | {k.link_kind} | {twin} | {k.score:.2f} |")
    return [*out, ""]


def _annotation_list(art: ArticleMarks, bundle: Bundle, level: str,
                     notes: dict[str, int]) -> list[str]:
    items = _annotations(art)
    if not items:
        return []
    out = [f"{level} Annotations", ""]
    for a in items:
        colour = bundle.colour(a.colour).name
        tags = " ".join(f"#{md_escape(t)}" for t in a.tags)
        line = f"- **{md_escape(colour)}** “{_cell(a.quote.exact)}”" + (f" {tags}" if tags else "")
        line += page_label(art.doc.fmt, art.doc.source_text, a.position.start)  # PDFs: " (p. 3)"
        if a.original:
            line += f" — *the text changed; highlighted as* “{_cell(a.original)}”"
        if a.id in notes:
            line += f" [^{notes[a.id]}]"
        else:
            note = " ".join(safe_note_markdown(a.note).split())
            line += " — *orphan: no longer found in the text*" + (f": {note}" if note else "")
        out.append(line)
    return [*out, ""]


def _footnote(number: int, a: Annotation, bundle: Bundle) -> str:
    colour = md_escape(bundle.colour(a.colour).name)
    body = safe_note_markdown(a.note.strip()) if a.note.strip() else "*(no note)*"
    body = body.replace("\n", "\n    ")
    tags = "".join(f" #{md_escape(t)}" for t in a.tags)
    if a.original:
        body = (f"*The text changed since it was highlighted: it read* “{_cell(a.original)}”, "
                f"*now* “{_cell(a.quote.exact)}”. " + body)
    return f"[^{number}]: **{colour}**{tags} — {body}"
