"""Composition root: parse the command line, open the library, run the CLI or the window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import cli
from desktop.version import __version__


def default_library() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("parallax", appauthor=False))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parallax",
        description="Compare how different outlets report the same event. "
        "With no command, opens the window.",
    )
    parser.add_argument("--library", type=Path, metavar="DIR",
                        help=f"library folder (default: {default_library()})")
    parser.add_argument("--version", action="version", version=f"Parallax {__version__}")
    # Packaging check: open the window, report when it is shown, then quit (see packaging/).
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="parallax: %(levelname)s: %(message)s")
    folder = args.library or default_library()
    if args.command:
        return cli.run(args, folder, is_default=args.library is None)
    return _gui(folder, is_default=args.library is None, smoke_test=args.smoke_test)


def cli_main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.command:
        build_parser().print_help()
        return cli.EXIT_USAGE
    return main(argv)


def _gui(folder: Path, *, is_default: bool, smoke_test: bool = False) -> int:
    from desktop.core.errors import LibraryBusy, ParallaxError
    from desktop.core.library import Library

    try:
        try:
            lib = Library.open(folder, sync=False)  # the window brings the index up to date
        except LibraryBusy:
            lib = Library.open(folder, read_only=True)
        if is_default:
            lib.import_samples_if_new()
    except ParallaxError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return cli.EXIT_FAILED
    from desktop.gui.run import run_gui

    try:
        return run_gui(lib, lib.notices, sys.argv[:1], smoke_test=smoke_test)
    finally:
        lib.close()
