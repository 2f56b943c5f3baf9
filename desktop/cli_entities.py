"""The ``entities`` and ``entity-fix`` commands.

``entities`` prints every entity mention with offsets into the article's source text (the
file as read), mapped from clean-text mentions through the document's offset map; ``text`` is
``source_text[start:end]``, so it may hold a line break where a PDF wrapped a name. A writable
library first recognises documents not yet processed (progress on stderr).
``entity-fix`` records corrections; its offsets are source offsets too.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from desktop.cli_progress import catch_up
from desktop.core.entities.labels import Label, parse_label
from desktop.core.errors import ParallaxError
from desktop.core.library import Library

EXIT_OK, EXIT_FAILED = 0, 1
WRITES: set[str] = {"entity-fix"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("entities", help="people, organisations, places... in each article")
    p.add_argument("--doc", type=int, metavar="ID", help="only this article")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("entity-fix",
                       help="correct entities: add, reject, relabel, merge, split, list, undo")
    fix = p.add_subparsers(dest="fix", required=True, metavar="ACTION")
    a = fix.add_parser("add", help="mark DOC[START:END] (source offsets) as a name with LABEL")
    a.add_argument("doc", type=int)
    a.add_argument("start", type=int)
    a.add_argument("end", type=int)
    a.add_argument("label", type=_label, help=", ".join(Label))
    r = fix.add_parser("reject", help="DOC[START:END] is not a name (--everywhere: this text never)")
    r.add_argument("doc", type=int)
    r.add_argument("start", type=int)
    r.add_argument("end", type=int)
    r.add_argument("--everywhere", action="store_true")
    lab = fix.add_parser("relabel", help="TEXT always has LABEL")
    lab.add_argument("text")
    lab.add_argument("label", type=_label)
    m = fix.add_parser("merge", help="ALIAS names the same entity as TARGET")
    m.add_argument("alias")
    m.add_argument("target")
    sp = fix.add_parser("split", help="ALIAS is not the same entity as TARGET")
    sp.add_argument("alias")
    sp.add_argument("target")
    fix.add_parser("list", help="list the corrections")
    u = fix.add_parser("undo", help="remove a correction by its number")
    u.add_argument("id", type=int)


def _label(text: str) -> Label:
    try:
        return parse_label(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_entities(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catch_up(lib, err, link=False, only=[args.doc] if args.doc is not None else None)
    ids = [args.doc] if args.doc is not None else lib.document_ids()
    docs = [_doc_json(lib, doc_id) for doc_id in ids]
    if args.json:
        json.dump({"documents": docs}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for d in docs:
        print(f"#{d['doc']:<4} {d['path']}  ({len(d['mentions'])} mentions)", file=out)
        for m in d["mentions"]:
            shown = m["text"].replace("\n", " ")
            alias = f"  → {m['entity']}" if m["entity"] != shown else ""
            print(f"      {m['start']:>6}-{m['end']:<6} {m['label']:<6} {shown}{alias}", file=out)
    return EXIT_OK


def _doc_json(lib: Library, doc_id: int) -> dict[str, Any]:
    doc = lib.get_document(doc_id)  # NotFound for an unknown id
    mentions = []
    for m in lib.entities.mentions(doc_id, doc.clean.text):
        start, end = doc.clean.offsets.span_to_source(m.start, m.end)
        mentions.append({"start": start, "end": end, "text": doc.source_text[start:end],
                         "label": str(m.label), "entity": m.entity,
                         "confidence": round(m.confidence, 2)})
    return {"doc": doc_id, "path": doc.path, "mentions": mentions}


def cmd_entity_fix(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    ents = lib.entities
    try:
        if args.fix in ("add", "reject"):
            doc = lib.get_document(args.doc)
            start, end = doc.clean.offsets.span_to_clean(args.start, args.end)
            if args.fix == "add":
                cid = ents.add_mention(args.doc, start, end, args.label)
            else:
                cid = ents.reject(args.doc, start, end, everywhere=args.everywhere)
        elif args.fix == "relabel":
            cid = ents.relabel(args.text, args.label)
        elif args.fix == "merge":
            cid = ents.merge(args.alias, args.target)
        elif args.fix == "split":
            cid = ents.split(args.alias, args.target)
        elif args.fix == "undo":
            ents.undo(args.id)
            print(f"correction {args.id} removed", file=out)
            return EXIT_OK
        else:
            for c in ents.corrections():
                print(f"{c.id:>4}  {c.describe()}", file=out)
            return EXIT_OK
    except ValueError as exc:
        raise ParallaxError(str(exc)) from None
    print(f"correction {cid} saved", file=out)
    return EXIT_OK


COMMANDS = {"entities": cmd_entities, "entity-fix": cmd_entity_fix}
