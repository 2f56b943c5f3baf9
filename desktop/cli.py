"""Headless commands: import, list, search, remove. Text for people, --json for scripts.

Every offset printed is a Python string offset into the document's source text (the file as
read and decoded). User errors print one line on stderr and exit non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from desktop import cli_annotations, cli_batch, cli_docs, cli_entities, cli_links, cli_storymap
from desktop.cli_args import positive_int
from desktop.core.dberrors import from_os_error, from_sqlite
from desktop.core.errors import LibraryBusy, ParallaxError
from desktop.core.library import Library
from desktop.core.model import ImportResult, ImportStatus, SearchResult
from desktop.errorlog import record_exception, summary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

WRITES = {"import", "remove"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import article files or folders (.txt .md .html)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("list", help="list the articles in the library")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("search", help='search: words, "phrases", AND/OR/NOT, wild*, fuzzy~')
    p.add_argument("query")
    p.add_argument("--limit", type=positive_int, default=20, help="most hits to show (20)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("remove", help="remove articles from the library")
    p.add_argument("docs", nargs="+", type=int, metavar="DOC")

    for mod in FEATURE_CLIS:
        mod.add_commands(sub)


def run(args: argparse.Namespace, folder: Path, *, is_default: bool,
        out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command on the library in ``folder``; returns the exit code. Every failure is
    one line on stderr (an unexpected one also goes, with its traceback, to the log file)."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if args.command in cli_batch.NO_LIBRARY:  # `batch` reads a corpus, not a library
        return cli_batch.main_no_library(args.command, args, out, err)
    try:
        lib = _open(folder, args.command in WRITES, err)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=err)
        return EXIT_FAILED
    except Exception as exc:
        print(f"parallax: {_unexpected(exc, folder / 'library.sqlite')}", file=err)
        return EXIT_FAILED
    shown = _print_notices(lib, 0, err)
    try:
        if is_default and not lib.read_only:
            added = lib.import_samples_if_new()
            if added:
                print(f"parallax: new library: added {len(added)} sample articles", file=err)
        return COMMANDS[args.command](lib, args, out, err)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=err)
        return EXIT_FAILED
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:
        print(f"parallax: {_unexpected(exc, lib.folder / 'library.sqlite')}", file=err)
        return EXIT_FAILED
    finally:
        _print_notices(lib, shown, err)
        lib.close()


def _print_notices(lib: Library, start: int, err: TextIO) -> int:
    """Print the library's notices from ``start`` on (index rebuilt, read-only, disk full...)."""
    for notice in lib.notices[start:]:
        print(f"parallax: {notice}", file=err)
    return len(lib.notices)


def _unexpected(exc: Exception, library_file: Path) -> str:
    """One line for an error no command expected: a library or disk error says what it is;
    anything else is a bug, logged with its traceback."""
    if isinstance(exc, sqlite3.Error):
        return str(from_sqlite(exc, library_file))
    if isinstance(exc, OSError):
        return str(from_os_error(exc, exc.filename or "a file"))
    path = record_exception(type(exc), exc, exc.__traceback__, "command line")
    where = f"; details in {path}" if path else ""
    return f"unexpected error ({summary(exc)}){where}"


def _open(folder: Path, writes: bool, err: TextIO) -> Library:
    try:
        return Library.open(folder)
    except LibraryBusy:
        if writes:
            raise
        return Library.open(folder, read_only=True)


def _dump(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def cmd_import(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    results = lib.import_paths(args.paths)
    if args.json:
        _dump({"results": [_result_json(r) for r in results]}, out)
    else:
        for r in results:
            print(_result_line(r), file=err if r.status == ImportStatus.FAILED else out)
        counts = {s: sum(r.status == s for r in results) for s in ImportStatus}
        print(f"{counts[ImportStatus.IMPORTED]} imported, {counts[ImportStatus.DUPLICATE]} "
              f"already present, {counts[ImportStatus.FAILED]} failed"
              + (f", {counts[ImportStatus.SKIPPED]} skipped" if counts[ImportStatus.SKIPPED] else "")
              + (f", {counts[ImportStatus.UPDATED]} updated" if counts[ImportStatus.UPDATED] else ""),
              file=out)
    failed = any(r.status == ImportStatus.FAILED for r in results)
    return EXIT_FAILED if failed or not results else EXIT_OK


def _result_line(r: ImportResult) -> str:
    if r.status == ImportStatus.IMPORTED:
        return f"imported   #{r.doc_id}  {r.path}  ({r.message})"
    if r.status == ImportStatus.DUPLICATE:
        return f"present    #{r.doc_id}  {r.path}  ({r.message})"
    if r.status == ImportStatus.UPDATED:
        return f"updated    #{r.doc_id}  {r.path}  (a changed version; annotations re-anchored)"
    if r.status == ImportStatus.SKIPPED:
        return f"skipped    {r.path}: {r.message.removeprefix('skipped: ')}"
    return f"failed     {r.path}: {r.message}"


def _result_json(r: ImportResult) -> dict[str, Any]:
    return {"path": r.path, "status": str(r.status), "doc": r.doc_id, "message": r.message}


def cmd_list(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    docs = lib.list_documents()
    if args.json:
        _dump({"documents": [{"doc": d.id, "title": d.title, "path": d.path, "chars": d.chars,
                              "source": d.source, "date": d.date} for d in docs]}, out)
        return EXIT_OK
    if not docs:
        print("The library is empty. Add articles with: parallax import PATH...", file=out)
    for d in docs:
        extra = " · ".join(x for x in (d.source, d.date) if x)
        print(f"#{d.id:<4} {d.title}" + (f"  ({extra})" if extra else ""), file=out)
        print(f"      {d.path}  [{d.chars:,} chars]", file=out)
    return EXIT_OK


def cmd_search(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = lib.search(args.query, limit=args.limit)
    if args.json:
        _dump(_search_json(result), out)
        return EXIT_OK
    if not result.hits:
        print(f"No matches for {args.query}", file=out)
    for h in result.hits:
        print(f"#{h.doc.id:<4} {h.doc.title}  [score {h.score:.2f}, "
              f"{len(h.matches)} match{'es' if len(h.matches) != 1 else ''}]", file=out)
        print(f"      {h.snippet.render()}", file=out)
    if result.total > len(result.hits):
        about = "" if result.total_exact else "about "
        print(f"({about}{result.total:,} documents match; showing {len(result.hits)})", file=out)
    return EXIT_OK


def _search_json(result: SearchResult) -> dict[str, Any]:
    return {"query": result.query, "total": result.total, "total_exact": result.total_exact, "hits": [
        {"doc": h.doc.id, "title": h.doc.title, "path": h.doc.path, "score": round(h.score, 4),
         "snippet": h.snippet.render(),
         "matches": [{"start": s, "end": e} for s, e in h.source_matches]}
        for h in result.hits]}


def cmd_remove(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for doc_id in args.docs:
        lib.remove_document(doc_id)
        print(f"removed #{doc_id}", file=out)
    return EXIT_OK


Command = Callable[[Library, argparse.Namespace, TextIO, TextIO], int]

COMMANDS: dict[str, Command] = {
    "import": cmd_import, "list": cmd_list, "search": cmd_search, "remove": cmd_remove,
}

# Feature commands live in their own modules (desktop/cli_<feature>.py), each with
# add_commands(sub), COMMANDS: dict[str, Command] and WRITES: set[str]. List them here.
FEATURE_CLIS: tuple[ModuleType, ...] = (cli_links, cli_annotations, cli_entities, cli_storymap,
                                        cli_docs, cli_batch)
for _mod in FEATURE_CLIS:
    COMMANDS.update(_mod.COMMANDS)
    WRITES |= _mod.WRITES
