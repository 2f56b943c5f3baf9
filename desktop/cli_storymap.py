"""Story-map commands: ``quotes`` (every quote, grouped across articles) and ``families``
(articles joined by reuse, who had the text first, the most-reused pairs).

Offsets are into each article's source text, like every other command: ``start``/``end``
of a quote delimit its quoted words (from the first part's first word to the last part's
last word; ``parts`` lists each part when an attribution splits it). A writable library
first links and reads the articles that are still pending.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.core.library import Library
from desktop.core.model import Document
from desktop.core.storymap.quote_groups import QuoteGroup
from desktop.core.storymap.service import QuoteRow

EXIT_OK = 0
WRITES: set[str] = set()


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quotes", help="every quotation, its speaker, and where its wording changed")
    p.add_argument("--doc", type=int, metavar="ID", help="only the quotes of this article")
    p.add_argument("--changed", action="store_true",
                   help="only quotes whose wording or speaker differs between articles")
    p.add_argument("--json", action="store_true", help="print JSON")


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def prepare(lib: Library, err: TextIO) -> None:
    """Link and read what is still pending (a writable library only)."""
    if lib.read_only:
        return
    if lib.links.pending():
        print(f"parallax: finding shared passages for {len(lib.links.pending())} articles…", file=err)
        lib.link_pending()
    todo = lib.storymap.pending()
    if todo:
        print(f"parallax: finding quotes in {len(todo)} articles…", file=err)
        lib.storymap.update_pending()


class Docs:
    """Documents read once per command."""

    def __init__(self, lib: Library) -> None:
        self._lib = lib
        self._docs: dict[int, Document] = {}

    def __call__(self, doc_id: int) -> Document:
        doc = self._docs.get(doc_id)
        if doc is None:
            doc = self._docs[doc_id] = self._lib.get_document(doc_id)
        return doc

    def title(self, doc_id: int) -> str:
        doc = self(doc_id)
        return doc.title or doc.path


def quote_json(row: QuoteRow, doc: Document) -> dict[str, Any]:
    q, g = row.quote, row.group
    to_source = doc.clean.offsets.span_to_source
    start, end = to_source(q.parts[0][0], q.parts[-1][1])
    changes = [] if g is None else g.changes[_index(g, row)]
    return {"doc": row.doc, "path": doc.path, "start": start, "end": end, "text": row.text,
            "speaker": q.speaker.name or "unknown", "group": g.id if g else None,
            "altered": bool(g and g.altered),
            "speakers_differ": bool(g and g.speakers_differ), "attribution": q.speaker.how,
            "parts": [dict(zip(("start", "end"), to_source(a, b), strict=True)) for a, b in q.parts],
            "changes": [{"op": c.op, "from": c.before, "to": c.after} for c in changes]}


def _index(g: QuoteGroup, row: QuoteRow) -> int:
    return next(k for k, i in enumerate(g.items) if i.doc == row.doc and i.index == row.n)


def group_json(g: QuoteGroup) -> dict[str, Any]:
    ref = g.items[g.reference]
    return {"group": g.id, "docs": g.docs, "altered": g.altered, "speakers_differ": g.speakers_differ,
            "speakers": g.speaker_names(), "reference": {"doc": ref.doc, "text": ref.text}}


def cmd_quotes(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.doc is not None:
        lib.get_document(args.doc)  # NotFound for an unknown id
    prepare(lib, err)
    table = lib.storymap.quote_table()
    rows = [r for r in table.rows if args.doc is None or r.doc == args.doc]
    if args.changed:
        rows = [r for r in rows if r.group is not None and (r.group.altered or r.group.speakers_differ)]
    docs = Docs(lib)
    if args.json:
        shown = {r.group.id for r in rows if r.group is not None}
        _dump({"quotes": [quote_json(r, docs(r.doc)) for r in rows],
               "groups": [group_json(g) for g in table.groups if g.id in shown]}, out)
        return EXIT_OK
    if not rows:
        print("No quotes found." if not args.changed else "No quote changed between articles.", file=out)
    current = None
    for r in rows:
        if r.doc != current:
            current = r.doc
            print(f"#{r.doc}  {docs.title(r.doc)}", file=out)
        print(_quote_line(r, docs), file=out)
    return EXIT_OK


def _quote_line(r: QuoteRow, docs: Docs) -> str:
    text = " ".join(r.text.split())
    text = text if len(text) <= 90 else text[:87] + "…"
    who = r.quote.speaker.name or "unknown"
    if r.quote.speaker.pronoun:
        who += f" (“{r.quote.speaker.pronoun}”)"
    line = f"   “{text}” — {who}"
    g = r.group
    if g is None:
        return line
    others = ", ".join(f"#{d}" for d in g.docs if d != r.doc)
    flags = []
    changes = g.changes[_index(g, r)]
    if changes:
        flags.append("altered: " + "; ".join(_change(c.op, c.before, c.after) for c in changes[:4]))
    elif g.altered:
        flags.append("reference wording; other articles alter it")
    if g.speakers_differ:
        flags.append("attributed to " + " / ".join(g.speaker_names()))
    return line + f"\n      quote {g.id}, also in {others}" + (f" — {', '.join(flags)}" if flags else "")


def _change(op: str, before: str, after: str) -> str:
    if op == "insert":
        return f"+“{after}”"
    if op == "delete":
        return f"−“{before}”"
    return f"“{before}” → “{after}”"


COMMANDS = {"quotes": cmd_quotes}
