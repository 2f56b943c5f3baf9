"""`parallax FILE...` (the desktop entry's Exec=parallax %F) opens the window on those files."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import build_parser, split_window_files


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("Putin met Xi.", encoding="utf-8")
    return path


def split(argv: list[str]) -> tuple[list[str], list[Path]]:
    return split_window_files(build_parser(), argv)


def test_files_are_split_off(article: Path) -> None:
    assert split([str(article), "/x/b.md"]) == ([], [article, Path("/x/b.md")])
    assert split(["--library", "/lib", str(article)]) == (["--library", "/lib"], [article])
    assert split(["--", "search"]) == ([], [Path("search")])


def test_commands_and_options_are_left_alone(article: Path) -> None:
    argv = ["--library", "/lib", "search", str(article)]
    assert split(argv) == (argv, [])
    assert split(["--version"]) == (["--version"], [])
    assert split(["serch"]) == (["serch"], [])  # argparse rejects the typo
    assert split([]) == ([], [])


def test_window_files_parse() -> None:
    argv, files = split(["--library", "/lib", "/x/a.txt"])
    args = build_parser().parse_args(argv)
    assert args.command is None and files == [Path("/x/a.txt")]
