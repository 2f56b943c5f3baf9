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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from desktop.cli_progress import catch_up
from desktop.core.errors import ParallaxError
from desktop.core.library import Library
from desktop.core.model import Document
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.quote_groups import QuoteGroup
from desktop.core.storymap.service import QuoteRow
from desktop.core.storymap.story import StoryMap

EXIT_OK = 0
WRITES: set[str] = set()


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quotes", help="every quotation, its speaker, and where its wording changed")
    p.add_argument("--doc", type=int, metavar="ID", help="only the quotes of this article")
    p.add_argument("--changed", action="store_true",
                   help="only quotes whose wording or speaker differs between articles")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("families", help="articles joined by reuse, who had the text first, "
                                        "and the most-reused pairs")
    p.add_argument("--top", type=int, default=20, metavar="N", help="pairs listed in text output (20)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export-map", help="the story map (html, json, csv) or the quote table "
                                          "(json, csv) as a file")
    p.add_argument("--format", choices=("html", "json", "csv"), required=True)
    p.add_argument("--quotes", action="store_true", help="the quote table instead of the map")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = sub.add_parser("passages", help="passages found in several articles, with every copy")
    p.add_argument("--doc", type=int, metavar="ID", help="only passages with a copy in this article")
    p.add_argument("--min-docs", type=int, default=2, metavar="N",
                   help="only passages found in at least N articles (2)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def prepare(lib: Library, err: TextIO) -> None:
    """Link and read what is still pending (a writable library only): the library's one
    background policy, run in the foreground (names are not needed here)."""
    catch_up(lib, err, recognise=False)


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
    if args.changed:
        for g in [g for g in table.changed() if args.doc is None or args.doc in g.docs]:
            print(_group_text(g), file=out)
        return EXIT_OK
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


def _group_text(g: QuoteGroup) -> str:
    """A changed quote: the reference wording, then each article's changes."""
    flags = (["wording changed"] if g.altered else []) + (
        ["attributed to " + " / ".join(g.speaker_names())] if g.speakers_differ else [])
    ref = g.items[g.reference]
    lines = [f"Quote {g.id} — in {len(g.docs)} articles — {', '.join(flags)}",
             f"   #{ref.doc} (reference) “{_clip(ref.text, 110)}” — {ref.speaker.name or 'unknown'}"]
    for item, changes in zip(g.items, g.changes, strict=True):
        if item is ref:
            continue
        what = "; ".join(_change(c.op, c.before, c.after) for c in changes[:5]) or "same words"
        lines.append(f"   #{item.doc:<4} {what} — {item.speaker.name or 'unknown'}")
    return "\n".join(lines)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _change(op: str, before: str, after: str) -> str:
    if op == "insert":
        return f"+“{after}”"
    if op == "delete":
        return f"−“{before}”"
    return f"“{before}” → “{after}”"


def cmd_families(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    prepare(lib, err)
    smap = lib.storymap.story_map()
    if args.json:
        _dump(families_json(smap), out)
        return EXIT_OK
    docs = Docs(lib)
    if not smap.families:
        print("No articles share text.", file=out)
    for n, f in enumerate(smap.families, 1):
        call = smap.family_call(f)
        first = f"#{call.first}" if call.first is not None else "unknown"
        print(f"Family {n}: {len(f.docs)} articles — first: {first}\n   evidence: {call.evidence}", file=out)
        for d in f.docs:
            info = smap.articles[d].info
            extra = " · ".join(x for x in (info.source, info.date) if x)
            print(f"   #{d:<4} {docs.title(d)[:70]}" + (f"  ({extra})" if extra else ""), file=out)
    if smap.pairs:
        print("\nMost-reused pairs:", file=out)
    for p in smap.pairs[:args.top]:
        print(f"   #{p.a} ↔ #{p.b}  {p.a_in_b:.0%} of #{p.a} is in #{p.b}, {p.b_in_a:.0%} of #{p.b} "
              f"is in #{p.a}  ({_counts(p.passages)})", file=out)
    return EXIT_OK


def _counts(passages: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in passages.items() if n) or "nothing"


def families_json(smap: StoryMap) -> dict[str, Any]:
    fams = []
    for f in smap.families:
        call = smap.family_call(f)
        fams.append({"docs": f.docs, "first": call.first, "evidence": call.evidence,
                     "basis": call.basis, "shared_chars": f.shared_chars})
    pairs = []
    for p in smap.pairs:
        call = smap.pair_call(p)
        pairs.append({"a": p.a, "b": p.b, "a_in_b": round(p.a_in_b, 4), "b_in_a": round(p.b_in_a, 4),
                      "a_in_b_by_kind": {k: round(v, 4) for k, v in p.a_by_kind.items()},
                      "b_in_a_by_kind": {k: round(v, 4) for k, v in p.b_by_kind.items()},
                      "passages": dict(p.passages), "longest": p.longest,
                      "first": call.first, "evidence": call.evidence})
    return {"families": fams, "pairs": pairs}


def cmd_passages(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.doc is not None:
        lib.get_document(args.doc)
    prepare(lib, err)
    smap = lib.storymap.story_map()
    found = [c for c in smap.copied_clusters(max(2, args.min_docs))
             if args.doc is None or args.doc in c.docs]
    docs = Docs(lib)
    if args.json:
        _dump({"passages": [passage_json(smap, c, docs) for c in found]}, out)
        return EXIT_OK
    if not found:
        print("No passage is shared by that many articles.", file=out)
    for c in found:
        call = smap.cluster_call(c)
        ref = c.reference
        text = " ".join(smap.articles[ref.doc].text[ref.start:ref.end].split())
        print(f"Passage {c.id}: in {len(c.docs)} articles — first: "
              f"{'#' + str(call.first) if call.first is not None else 'unknown'} ({call.evidence})\n"
              f"   “{text[:100]}{'…' if len(text) > 100 else ''}”", file=out)
        for cp in c.copies:
            print(f"   #{cp.doc:<4} ¶{smap.paragraph(cp.doc, cp.start):<3} {cp.kind:<10} "
                  f"{docs.title(cp.doc)[:60]}", file=out)
    return EXIT_OK


def passage_json(smap: StoryMap, c: Cluster, docs: Docs) -> dict[str, Any]:
    call = smap.cluster_call(c)
    copies = []
    for cp in c.copies:
        doc = docs(cp.doc)
        start, end = doc.clean.offsets.span_to_source(cp.start, cp.end)
        copies.append({"doc": cp.doc, "path": doc.path, "start": start, "end": end, "kind": cp.kind,
                       "paragraph": smap.paragraph(cp.doc, cp.start)})
    return {"passage": c.id, "docs": c.docs, "first": call.first, "evidence": call.evidence,
            "basis": call.basis, "copies": copies}


def cmd_export_map(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from datetime import UTC, datetime

    from desktop.core.export import storymap as export
    from desktop.core.export.bundle import write_atomic

    if args.quotes and args.format not in export.QUOTE_FORMATS:
        raise ParallaxError("the quote table exports as json or csv")
    target = args.output.expanduser().absolute()
    if target.exists() and not args.force:
        raise ParallaxError(f"{target} exists; use --force to replace it")
    prepare(lib, err)
    smap, table, docs = lib.storymap.story_map(), lib.storymap.quote_table(), Docs(lib)
    rows = table.rows

    def span(r: QuoteRow) -> tuple[int, int]:
        return docs(r.doc).clean.offsets.span_to_source(r.quote.parts[0][0], r.quote.parts[-1][1])

    quotes = {"quotes": [quote_json(r, docs(r.doc)) for r in rows],
              "groups": [group_json(g) for g in table.groups]}
    if args.quotes:
        text = (export.quotes_csv(rows, span, docs) if args.format == "csv"
                else json.dumps(quotes, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "html":
        when = datetime.now(UTC).isoformat(timespec="seconds")
        text = export.render_html(smap, table, docs, "Story map", when)
    elif args.format == "csv":
        text = export.pairs_csv(smap, docs)
    else:
        passages = [passage_json(smap, c, docs) for c in smap.copied_clusters()]
        text = export.map_json(families_json(smap), passages, quotes)
    path = write_atomic(target, text.encode("utf-8"), force=args.force)
    print(f"exported the {'quote table' if args.quotes else 'story map'} to {path}", file=out)
    return EXIT_OK


COMMANDS = {"quotes": cmd_quotes, "families": cmd_families, "passages": cmd_passages,
            "export-map": cmd_export_map}
