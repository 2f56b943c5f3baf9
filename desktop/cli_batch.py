"""``parallax batch`` (no library: a corpus in, Parquet out) and ``parallax import-batch``.

Neither Dask, pandas nor pyarrow is imported here: only when one of these commands runs
(the optional extra ``parallax[batch]``), so the window and the other commands start as fast
as before and run without the extra.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from desktop.cli_args import positive_int
from desktop.core.errors import ParallaxError
from desktop.core.library import Library
from desktop.errorlog import record_exception, summary

EXIT_OK, EXIT_FAILED = 0, 1
WRITES: set[str] = {"import-batch"}
EXTRA = "the batch commands need the optional extra: pip install 'parallax[batch]'"


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="link and recognise a large corpus on a Dask cluster (to Parquet)")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                   help="folders or files Parallax imports, or .jsonl/.jsonl.gz/.parquet records")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="result folder (run the same command again to resume)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="an existing Dask scheduler (tcp://host:8786); default: a local cluster")
    p.add_argument("--workers", type=positive_int, default=2, help="local cluster workers (2)")
    p.add_argument("--partition", type=positive_int, default=500, metavar="N",
                   help="documents per partition (500)")
    p.add_argument("--no-entities", action="store_true", help="links only, no entity recognition")

    p = sub.add_parser("import-batch", help="load a batch result (or part of it) into this library")
    p.add_argument("result", type=Path, metavar="DIR", help="a folder written by parallax batch")
    p.add_argument("--family", metavar="DOC",
                   help="only the documents linked to batch document DOC (its number in the "
                        "result, path, record id or file name), directly or not")
    p.add_argument("--since", metavar="DATE", help="only documents dated on or after DATE (ISO)")
    p.add_argument("--until", metavar="DATE", help="only documents dated on or before DATE (ISO)")
    p.add_argument("--search", metavar="QUERY",
                   help="only documents matching QUERY, in the language of `parallax search` "
                        "(words, \"phrases\", AND/OR/NOT, prefix*, title:, source:, date:, and "
                        "person:/org:/place: when the batch recognised names)")


def _say(err: TextIO) -> Callable[[str], None]:
    def say(message: str) -> None:
        print(f"parallax: {message}", file=err, flush=True)
    return say


def os_error_line(exc: OSError) -> str:
    """An OSError as one line that says what and where (pyarrow's say only the path)."""
    name = exc.filename or ""
    if exc.strerror:
        return f"{name}: {exc.strerror}" if name else exc.strerror
    text = summary(exc)
    return text if not name or name in text else f"{name}: {text}"


def need_extra(*modules: str) -> None:
    """The optional extra's libraries, imported now: without them a batch command is one line
    saying how to install them, not an import error deep in a run."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            raise ParallaxError(EXTRA) from None


def cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    need_extra("pyarrow.parquet", "pandas", "dask.dataframe", "distributed")
    from desktop.batch.inputs import InputError
    from desktop.batch.run import Options, run_batch

    opts = Options(inputs=list(args.inputs), out=args.out, scheduler=args.scheduler,
                   workers=args.workers, part_size=args.partition, entities=not args.no_entities)
    try:
        result = run_batch(opts, _say(err))
    except InputError as exc:
        raise ParallaxError(str(exc)) from None
    except OSError as exc:  # a full disk, a folder that cannot be written, a file gone
        raise ParallaxError(os_error_line(exc)) from None
    print(f"{_count(result['documents'], 'document')}, {_count(result['links'], 'link')}, "
          f"{_count(result['mentions'], 'mention')} in {args.out}", file=out)
    if result["run"].get("resumed"):
        print(resumed_line(result["run"]), file=out)
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    """"1 document", "2,000 documents"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def resumed_line(run: dict[str, Any]) -> str:
    """What a resumed run computed itself, and what it kept from the runs before it."""
    did = [f"{name} {fig['partitions_computed']}/{fig['partitions']}"
           for name, fig in run["stages"].items() if "partitions" in fig]
    kept = [f"{name} {n}" for name, n in run.get("done_before", {}).items()
            if n and name != "pairs"]
    return ("resumed: this run computed " + (", ".join(did) or "nothing") + " partitions; kept "
            + (", ".join(kept) + " partitions" if kept else "nothing")
            + (" and the pairs" if run.get("done_before", {}).get("pairs") else "")
            + " from earlier runs (manifest.json: runs)")


def cmd_import_batch(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    need_extra("pyarrow.dataset", "pyarrow.parquet")
    from desktop.batch.load import Selection, load_result

    sel = Selection(family=args.family, since=args.since, until=args.until, search=args.search)
    try:
        got = load_result(lib, args.result, sel, _say(err))
    except ValueError as exc:
        raise ParallaxError(str(exc)) from None
    except OSError as exc:
        raise ParallaxError(os_error_line(exc)) from None
    print(f"{got.imported:,} imported, {got.present:,} already present, {_count(got.links, 'link')}, "
          f"{_count(got.mentions_docs, 'document')} with entities", file=out)
    return EXIT_OK


COMMANDS = {"import-batch": cmd_import_batch}
# commands that run without opening a library
NO_LIBRARY = {"batch": cmd_batch}


def main_no_library(name: str, args: argparse.Namespace, out: TextIO = sys.stdout,
                    err: TextIO = sys.stderr) -> int:
    try:
        return NO_LIBRARY[name](args, out, err)
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=err)
        return EXIT_FAILED
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except (OSError, TimeoutError) as exc:  # a scheduler that cannot be reached, a full disk
        print(f"parallax: {name}: {summary(exc)}", file=err)
        return EXIT_FAILED
    except Exception as exc:
        path = record_exception(type(exc), exc, exc.__traceback__, f"parallax {name}")
        where = f"; details in {path}" if path else ""
        print(f"parallax: {name} failed ({summary(exc)}){where}", file=err)
        return EXIT_FAILED
