"""Composition root: parse the command line, open the library, run the CLI or the window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.errorlog import setup_logging
from desktop.version import __version__

INTERRUPTED = 130  # exit status after Ctrl+C, as shells report it


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
    from desktop import cli  # here, not at the top: main() catches Ctrl+C during the imports

    cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Ctrl+C at any moment, even while the modules are still being imported, ends it with one
    line ("parallax: interrupted", status 130), never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    argv, files = split_window_files(parser, list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    setup_logging()
    folder = args.library or default_library()
    if args.command:
        return _cli(args, folder, is_default=args.library is None)
    return _gui(folder, is_default=args.library is None, smoke_test=args.smoke_test, files=files)


def _cli(args: argparse.Namespace, folder: Path, *, is_default: bool) -> int:
    """Run a command; a closed pipe (``| head``) or Ctrl+C ends it quietly, not with a traceback."""
    from desktop import cli

    try:
        return cli.run(args, folder, is_default=is_default)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return cli.EXIT_FAILED


def split_window_files(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[Path]]:
    """``parallax [--library DIR] FILE...`` (what the desktop entry's ``Exec=parallax %F`` runs)
    opens the window and imports the files: split them off, since argparse only knows commands.
    A word that is neither a command nor a path is left to argparse to reject."""
    commands: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            return argv[:i], [Path(t) for t in argv[i + 1:]]
        if token == "--library":
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        if token in commands or not ("/" in token or Path(token).exists()):
            return argv, []
        return argv[:i], [Path(t) for t in argv[i:]]
    return argv, []


def cli_main(argv: Sequence[str] | None = None) -> int:
    try:
        from desktop import cli

        args = build_parser().parse_args(argv)
        if not args.command:
            build_parser().print_help()
            return cli.EXIT_USAGE
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return INTERRUPTED
    return main(argv)


def _gui(folder: Path, *, is_default: bool, smoke_test: bool = False,
         files: Sequence[Path] = ()) -> int:
    """The window. Missing system libraries for Qt are named, with the command that installs
    them, before Qt can abort (desktop/qtcheck.py); everything else is desktop/gui/run.py's."""
    from desktop import cli, qtcheck

    problem = qtcheck.check()
    if problem is not None:
        qtcheck.tell(problem)
        return cli.EXIT_FAILED
    from desktop.gui.run import launch

    return launch(folder, is_default=is_default, smoke_test=smoke_test, files=files)
