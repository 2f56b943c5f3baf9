"""Annotation commands: ``annotate``, ``annotations``, ``export``, ``import-annotations``.

Offsets printed are into the source text, like every other command. A quote that is not in
the article is an error (exit 1), and an export never replaces a file without ``--force``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from desktop.cli_progress import catch_up
from desktop.core.annotations.model import Annotation
from desktop.core.annotations.service import Filter
from desktop.core.errors import InvalidFile, ParallaxError
from desktop.core.export.annotations_json import import_annotations
from desktop.core.export.bundle import FORMATS, build_bundle, render_text, scope_ids, write_atomic
from desktop.core.library import Library

EXIT_OK, EXIT_FAILED = 0, 1
WRITES = {"annotate", "import-annotations"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("annotate", help="highlight a quote of an article, with a note and tags")
    p.add_argument("doc", type=int, metavar="DOC", help="the article's id (from list --json)")
    p.add_argument("--quote", required=True, help="the text to highlight, as it reads")
    p.add_argument("--note", default="", help="a note (Markdown)")
    p.add_argument("--color", "--colour", dest="colour", default="claim",
                   help="colour key or meaning (claim, contradiction, check, key quote)")
    p.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("annotations", help="list highlights and notes")
    p.add_argument("--doc", type=int, metavar="DOC", help="only this article")
    p.add_argument("--color", "--colour", dest="colour", help="only this colour")
    p.add_argument("--tag", help="only annotations with this tag")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="export articles with their marks (md, html, json, pdf)")
    p.add_argument("--format", choices=FORMATS, required=True)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--doc", type=int, metavar="DOC")
    group.add_argument("--pair", type=int, nargs=2, metavar="DOC")
    group.add_argument("--all", action="store_true", help="the whole library")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = sub.add_parser("import-annotations", help="merge annotations from a JSON export")
    p.add_argument("file", type=Path, metavar="FILE.json")
    p.add_argument("--json", action="store_true", help="print JSON")


def annotation_dict(a: Annotation) -> dict[str, Any]:
    return {"id": a.id, "doc": a.doc_id, "colour": a.colour, "note": a.note, "tags": list(a.tags),
            "quote": a.quote.exact, "prefix": a.quote.prefix, "suffix": a.quote.suffix,
            "start": a.position.start, "end": a.position.end, "orphan": a.orphan,
            "status": a.status, "original": a.original or None,
            "created": a.created, "modified": a.modified}


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _line(a: Annotation, names: dict[str, str]) -> str:
    quote = " ".join(a.quote.exact.split())
    quote = quote if len(quote) <= 70 else quote[:67] + "..."
    extra = f"  [{a.status}]" if a.status != "anchored" else ""
    tags = "  " + " ".join(f"#{t}" for t in a.tags) if a.tags else ""
    note = f"\n      note: {' '.join(a.note.split())[:100]}" if a.note else ""
    was = ""
    if a.original:
        old = " ".join(a.original.split())
        was = f"\n      highlighted as: “{old if len(old) <= 70 else old[:67] + '...'}”"
    return (f"#{a.doc_id:<4} {a.position.start}-{a.position.end}  {names.get(a.colour, a.colour)}"
            f"{extra}{tags}\n      “{quote}”{was}{note}")


def cmd_annotate(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    doc = lib.get_document(args.doc)
    ann = lib.annotations.add_quote(doc, args.quote, args.colour, args.note, args.tag)
    if args.json:
        _dump(annotation_dict(ann), out)
    else:
        names = {c.key: c.name for c in lib.annotations.colours()}
        print(f"annotated  {ann.id}\n" + _line(ann, names), file=out)
    return EXIT_OK


def cmd_annotations(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.doc is not None:
        lib.get_document(args.doc)
    colour = lib.annotations.colour_key(args.colour) if args.colour else None
    found = lib.annotations.select(Filter(args.doc, colour, args.tag))
    if args.json:
        _dump({"annotations": [annotation_dict(a) for a in found]}, out)
        return EXIT_OK
    names = {c.key: c.name for c in lib.annotations.colours()}
    if not found:
        print("No annotations.", file=out)
    for a in found:
        print(_line(a, names), file=out)
    return EXIT_OK


def cmd_export(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    scope, ids = scope_ids(lib, args.doc, args.pair, args.all)
    if not ids:
        raise ParallaxError("the library is empty: nothing to export")
    target = args.output.expanduser().absolute()
    if target.exists() and not args.force:
        raise ParallaxError(f"{target} exists; use --force to replace it")
    catch_up(lib, err, only=ids)  # an export shows entities and shared passages
    bundle = build_bundle(lib, ids, scope)
    pdf = args.format == "pdf"
    data = _pdf(bundle) if pdf else render_text(bundle, args.format).encode("utf-8")
    path = write_atomic(target, data, force=args.force)
    print(f"exported {len(ids)} article{'s' if len(ids) != 1 else ''} to {path}", file=out)
    return EXIT_OK


def _pdf(bundle: Any) -> bytes:
    """PDF through Qt (desktop/gui: the only place that imports it), loaded only for PDF."""
    from desktop.gui.export_pdf import pdf_bytes_headless

    return pdf_bytes_headless(bundle)


def cmd_import_annotations(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise ParallaxError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        report = import_annotations(lib, data)
    except InvalidFile as exc:
        for problem in exc.problems:
            print(f"parallax: {args.file}: {problem}", file=err)
        raise ParallaxError(f"{args.file}: {exc}") from None
    if args.json:
        _dump({"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
               "orphaned": report.orphaned, "changed": report.changed,
               "skipped": report.skipped}, out)
    else:
        print(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
              f"{len(report.skipped)} skipped"
              + (f" ({report.orphaned} could not be placed: listed as orphans)"
                 if report.orphaned else "")
              + (f" ({report.changed} placed on changed wording: both kept)"
                 if report.changed else ""), file=out)
        for why in report.skipped:
            print(f"parallax: skipped {why}", file=err)
    return EXIT_FAILED if report.skipped and not (report.added or report.updated
                                                  or report.unchanged) else EXIT_OK


COMMANDS = {"annotate": cmd_annotate, "annotations": cmd_annotations, "export": cmd_export,
            "import-annotations": cmd_import_annotations}
