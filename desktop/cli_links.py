"""The ``links`` command: passages one article reused from another, with source offsets.

Offsets are into each article's source text (the file as read), mapped from the clean-text
link ends through the document's offset map. A writable library first links any documents
not linked yet (an older library, or an import whose linking was cancelled).
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.cli_progress import catch_up
from desktop.core.library import Library
from desktop.core.model import Document
from desktop.core.overlap.types import Link, LinkEnd

EXIT_OK = 0
WRITES: set[str] = set()


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("links", help="passages reused between articles (verbatim, edited, paraphrase)")
    p.add_argument("--doc", type=int, metavar="ID", help="only links with one end in this article")
    p.add_argument("--json", action="store_true", help="print JSON")


def cmd_links(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catch_up(lib, err, recognise=False)
    if args.doc is not None:
        lib.get_document(args.doc)  # NotFound (a ParallaxError) for an unknown id
        links = lib.links.for_document(args.doc)
    else:
        links = lib.links.all_links()
    docs: dict[int, Document] = {}

    def end_json(end: LinkEnd) -> dict[str, Any]:
        doc = docs.get(end.doc) or docs.setdefault(end.doc, lib.get_document(end.doc))
        start, stop = doc.clean.offsets.span_to_source(end.start, end.end)
        return {"doc": end.doc, "path": doc.path, "start": start, "end": stop}

    rows = [{"a": end_json(k.a), "b": end_json(k.b), "kind": str(k.kind), "score": k.score}
            for k in links]
    if args.json:
        json.dump({"links": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    if not rows:
        print("No reused passages found.", file=out)
    for k, row in zip(links, rows, strict=True):
        print(_line(k, row, docs), file=out)
    return EXIT_OK


def _line(k: Link, row: dict[str, Any], docs: dict[int, Document]) -> str:
    a, b = row["a"], row["b"]
    text = docs[k.a.doc].clean.text[k.a.start:k.a.end]
    short = text if len(text) <= 70 else text[:67] + "..."
    return (f"{k.kind:<10} {k.score:.2f}  #{a['doc']} {a['start']}-{a['end']}  ↔  "
            f"#{b['doc']} {b['start']}-{b['end']}\n           {short}")


COMMANDS = {"links": cmd_links}
