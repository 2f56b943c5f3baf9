"""#9 item 9: errors reach the person. Unexpected errors go with their traceback to a log file
in the XDG state folder and a dialog names it; a library that cannot be opened from the
desktop entry is a dialog, not a line on a terminal nobody sees; missing X11 libraries are
named with the command that installs them, before Qt can abort."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import qtcheck
from desktop.core.errors import LibraryDamaged
from desktop.core.library import Library
from desktop.errorlog import log_path


@pytest.fixture(autouse=True)
def _hooks_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """launch() installs the window's excepthooks: put the originals back after each test."""
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


DEBIAN = 'PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'
SUSE = 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n'


@pytest.mark.parametrize(("release", "command"), [
    (DEBIAN, "sudo apt install libxcb-cursor0 libxcb-icccm4"),
    (FEDORA, "sudo dnf install xcb-util-cursor xcb-util-wm"),
    (ARCH, "sudo pacman -S xcb-util-cursor xcb-util-wm"),
    (SUSE, "sudo zypper install libxcb-cursor0 libxcb-icccm4"),
])
def test_missing_x11_libraries_are_named_with_the_install_command(release: str,
                                                                  command: str) -> None:
    text = qtcheck.advice(["libxcb-cursor.so.0", "libxcb-icccm.so.4"], qtcheck.family(release))
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4" in text and command in text


def test_an_unknown_distribution_still_gets_a_useful_line() -> None:
    text = qtcheck.advice(["libxcb-cursor.so.0"], qtcheck.family('ID=gentoo\n'))
    assert "libxcb-cursor.so.0" in text and "package manager" in text


def test_the_check_applies_to_x11_only() -> None:
    assert qtcheck.needs_xcb({"DISPLAY": ":0"})
    assert qtcheck.needs_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not qtcheck.needs_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not qtcheck.needs_xcb({"WAYLAND_DISPLAY": "wayland-0"})


def test_ldd_finds_what_a_plugin_lacks(tmp_path: Path) -> None:
    plugin = qtcheck.xcb_plugin()
    if plugin is None:
        pytest.skip("no xcb plugin in this PySide6")
    missing = qtcheck.missing_libraries(plugin)  # whatever this machine lacks, by name
    assert all(".so" in name for name in missing)


def test_the_window_says_so_instead_of_qt_aborting(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path, capfd) -> None:
    from desktop import app

    monkeypatch.setattr(qtcheck, "check", lambda: qtcheck.advice(["libxcb-cursor.so.0"], "debian"))
    assert app.main(["--library", str(tmp_path / "lib")]) == 1
    err = capfd.readouterr().err
    assert "sudo apt install libxcb-cursor0" in err


def test_an_unexpected_error_is_logged_with_its_traceback_and_shown_once(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.gui.errors import ErrorReporter

    shown: list[str] = []
    reporter = ErrorReporter()

    def exec_(box: QMessageBox) -> int:
        shown.append(box.informativeText())
        try:  # an error while the dialog is open is logged, not stacked as a second dialog
            raise ValueError("again")
        except ValueError:
            reporter.hook(*sys.exc_info())  # type: ignore[arg-type]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError:
        reporter.hook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(shown) == 1 and str(log_path()) in shown[0]
    assert reporter.suppressed == 1
    log = log_path().read_text("utf-8")
    assert "Traceback" in log and "a bug in a slot" in log and "again" in log


def test_a_damaged_library_at_start_is_a_dialog_not_a_crash(qtbot, monkeypatch,
                                                            tmp_path: Path) -> None:
    from desktop.gui import run

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite").write_bytes(b"")
    asked: list[BaseException] = []
    monkeypatch.setattr(run, "library_problem", lambda f, exc: asked.append(exc) or run.QUIT)
    assert run.launch(folder, is_default=False) == 1
    assert isinstance(asked[0], LibraryDamaged)


def test_open_another_library_from_the_dialog(qtbot, monkeypatch, tmp_path: Path) -> None:
    from desktop.gui import run

    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir()
    (bad / "library.sqlite").write_text("not a database at all" * 20)
    Library.open(good).close()
    opened: list[Path] = []
    monkeypatch.setattr(run, "library_problem", lambda f, exc: run.OPEN_ANOTHER)
    monkeypatch.setattr(run, "choose_library", lambda parent, start: good)
    monkeypatch.setattr(run, "run_gui", lambda lib, *a, **k: opened.append(lib.folder) or 0)
    assert run.launch(bad, is_default=False) == 0
    assert opened == [good]


def test_damage_found_while_the_window_is_built_is_a_dialog(qtbot, monkeypatch,
                                                            tmp_path: Path) -> None:
    import sqlite3

    from desktop.gui import run

    Library.open(tmp_path / "lib").close()
    asked: list[BaseException] = []

    def broken(*args: object, **kwargs: object) -> int:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(run, "run_gui", broken)
    monkeypatch.setattr(run, "library_problem", lambda f, exc: asked.append(exc) or run.QUIT)
    assert run.launch(tmp_path / "lib", is_default=False) == 1
    assert isinstance(asked[0], LibraryDamaged)
