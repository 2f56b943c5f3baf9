"""The ``show`` and ``meta`` commands: check an import without the window, fix its metadata.

``show DOC [--json]`` prints an article's metadata and its clean text. The JSON has
``doc, title, source, date, url, path, format, text`` plus ``author``, ``edited`` (the fields
the user changed) and ``blocks``: each block's kind, its offsets in ``text`` (``start``,
``end``) and in the source text (``source_start``, ``source_end``, as every other command
prints), and for a PDF its ``page`` (1-based).

``meta DOC [--title T] [--source S] [--date D] [--url U] [--reset FIELD ...]`` changes what
the library says about an article; the change is searchable at once, exported, and survives a
re-import of a corrected file. Without options it prints the current values.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.core.docmeta import FIELDS
from desktop.core.library import Library
from desktop.core.model import Document
from desktop.core.pdf_extract import page_of

EXIT_OK = 0
WRITES: set[str] = {"meta"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="an article's metadata and clean text, as imported")
    p.add_argument("doc", type=int, metavar="DOC")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("meta", help="see or change an article's title, outlet, date and URL")
    p.add_argument("doc", type=int, metavar="DOC")
    p.add_argument("--title", help="the article's title")
    p.add_argument("--source", help="the outlet that published it")
    p.add_argument("--date", help="its publication date (YYYY-MM-DD or e.g. '15 September 2022')")
    p.add_argument("--url", help="its web address")
    p.add_argument("--reset", nargs="+", choices=FIELDS, default=[], metavar="FIELD",
                   help="go back to what the file says (title, source, date, url)")
    p.add_argument("--json", action="store_true", help="print JSON")


def show_json(lib: Library, doc: Document) -> dict[str, Any]:
    blocks = []
    for b in doc.clean.blocks:
        s, e = doc.clean.offsets.span_to_source(b.start, b.end)
        block: dict[str, Any] = {"kind": str(b.label), "start": b.start, "end": b.end,
                                 "source_start": s, "source_end": e}
        if doc.fmt == "pdf":
            block["page"] = page_of(doc.source_text, s)
        blocks.append(block)
    return {"doc": doc.id, "title": doc.meta.title, "source": doc.meta.source, "date": doc.meta.date,
            "url": doc.meta.url, "path": doc.path, "format": doc.fmt, "text": doc.clean.text,
            "author": lib.docmeta.author(doc.id), "edited": sorted(lib.docmeta.overrides(doc.id)),
            "blocks": blocks}


def cmd_show(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    doc = lib.get_document(args.doc)
    data = show_json(lib, doc)
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    _print_meta(data, out)
    print("", file=out)
    page = 0
    for b in data["blocks"]:
        if b.get("page", page) != page:
            page = b["page"]
            print(f"— p. {page} —", file=out)
        print(doc.clean.text[b["start"]:b["end"]], file=out)
        print("", file=out)
    return EXIT_OK


def _print_meta(data: dict[str, Any], out: TextIO) -> None:
    edited = set(data["edited"])
    print(f"#{data['doc']}  {data['title']}" + ("  (edited)" if "title" in edited else ""), file=out)
    for key, label in (("source", "outlet"), ("date", "date"), ("url", "url")):
        mark = "  (edited)" if key in edited else ""
        print(f"  {label:<7} {data[key] or '—'}{mark}", file=out)
    if data.get("author"):
        print(f"  {'author':<7} {data['author']}", file=out)
    print(f"  {'file':<7} {data['path']}  [{data['format']}]", file=out)


def cmd_meta(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    changes: dict[str, str | None] = {f: getattr(args, f) for f in FIELDS if getattr(args, f) is not None}
    for field in args.reset:
        if field in changes:
            print(f"parallax: --{field} and --reset {field} contradict each other", file=err)
            return 2
        changes[field] = None
    if changes:
        lib.docmeta.edit(args.doc, changes)
    data = show_json(lib, lib.get_document(args.doc))
    if args.json:
        json.dump({k: data[k] for k in ("doc", "title", "source", "date", "url", "author", "edited")},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_meta(data, out)
    return EXIT_OK


COMMANDS = {"show": cmd_show, "meta": cmd_meta}
