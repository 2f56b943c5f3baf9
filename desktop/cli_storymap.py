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
from desktop.core.storymap.quote_groups import QuoteGroup
from desktop.core.storymap.scope import WHOLE, Scope, docs_scope, parse_ids, search_scope
from desktop.core.storymap.service import QuoteRow
from desktop.core.storymap.shapes import Docs, families_json, group_json, item_index, passage_json, quote_json

EXIT_OK = 0
WRITES: set[str] = set()


def _scope_args(p: argparse.ArgumentParser) -> None:
    """The map of a search result or of chosen articles instead of the whole library."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--search", metavar="QUERY",
                   help="the map of the articles matching QUERY (all of them, not a page)")
    g.add_argument("--docs", metavar="IDS", help="the map of these articles only: 1,2,5-7")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("quotes", help="every quotation, its speaker, and where its wording changed")
    p.add_argument("--doc", type=int, metavar="ID", help="only the quotes of this article")
    p.add_argument("--changed", action="store_true",
                   help="only quotes whose wording or speaker differs between articles")
    _scope_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("families", help="articles joined by reuse, who had the text first, "
                                        "and the most-reused pairs")
    p.add_argument("--top", type=int, default=20, metavar="N", help="pairs listed in text output (20)")
    _scope_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export-map", help="the story map (html, json, csv) or the quote table "
                                          "(json, csv) as a file")
    p.add_argument("--format", choices=("html", "json", "csv"), required=True)
    p.add_argument("--quotes", action="store_true", help="the quote table instead of the map")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    _scope_args(p)

    p = sub.add_parser("passages", help="passages found in several articles, with every copy")
    p.add_argument("--doc", type=int, metavar="ID", help="only passages with a copy in this article")
    p.add_argument("--min-docs", type=int, default=2, metavar="N",
                   help="only passages found in at least N articles (2)")
    _scope_args(p)
    p.add_argument("--json", action="store_true", help="print JSON")


def scope_of(lib: Library, args: argparse.Namespace) -> Scope:
    if getattr(args, "search", None) is not None:
        return search_scope(lib, args.search)
    if getattr(args, "docs", None) is not None:
        return docs_scope(lib, parse_ids(args.docs))
    return WHOLE


def _say_scope(scope: Scope, out: TextIO) -> None:
    if not scope.whole:
        print(f"Story map of {scope.label}", file=out)


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def prepare(lib: Library, err: TextIO) -> None:
    """Link and read what is still pending (a writable library only): the library's one
    background policy, run in the foreground (names are not needed here)."""
    catch_up(lib, err, recognise=False)


def cmd_quotes(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.doc is not None:
        lib.get_document(args.doc)  # NotFound for an unknown id
    prepare(lib, err)
    scope = scope_of(lib, args)
    table = lib.storymap.quote_table(scope.ids)
    rows = [r for r in table.rows if args.doc is None or r.doc == args.doc]
    if args.changed:
        rows = [r for r in rows if r.group is not None and (r.group.altered or r.group.speakers_differ)]
    docs = Docs(lib)
    if args.json:
        shown = {r.group.id for r in rows if r.group is not None}
        _dump({"quotes": [quote_json(r, docs(r.doc)) for r in rows],
               "groups": [group_json(g) for g in table.groups if g.id in shown]}, out)
        return EXIT_OK
    _say_scope(scope, out)
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
    changes = g.changes[item_index(g, r)]
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
    scope = scope_of(lib, args)
    smap = lib.storymap.story_map(scope.ids)
    if args.json:
        _dump(families_json(smap), out)
        return EXIT_OK
    docs = Docs(lib)
    _say_scope(scope, out)
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


def cmd_passages(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.doc is not None:
        lib.get_document(args.doc)
    prepare(lib, err)
    scope = scope_of(lib, args)
    smap = lib.storymap.story_map(scope.ids)
    found = [c for c in smap.copied_clusters(max(2, args.min_docs))
             if args.doc is None or args.doc in c.docs]
    docs = Docs(lib)
    if args.json:
        _dump({"passages": [passage_json(smap, c, docs) for c in found]}, out)
        return EXIT_OK
    _say_scope(scope, out)
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


def cmd_export_map(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop.core.export import storymap as export
    from desktop.core.export.bundle import write_atomic

    if args.quotes and args.format not in export.QUOTE_FORMATS:
        raise ParallaxError("the quote table exports as json or csv")
    target = args.output.expanduser().absolute()
    if target.exists() and not args.force:
        raise ParallaxError(f"{target} exists; use --force to replace it")
    prepare(lib, err)
    scope = scope_of(lib, args)
    title = "Story map" + ("" if scope.whole else f" of {scope.label}")
    text = export.render(lib, args.format, quotes=args.quotes, doc_ids=scope.ids, title=title)
    path = write_atomic(target, text.encode("utf-8"), force=args.force)
    print(f"exported the {'quote table' if args.quotes else 'story map'} of {scope.label} to {path}",
          file=out)
    return EXIT_OK


COMMANDS = {"quotes": cmd_quotes, "families": cmd_families, "passages": cmd_passages,
            "export-map": cmd_export_map}
