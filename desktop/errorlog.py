"""Where unexpected errors go: a log file in the XDG state folder, never a terminal flood.

``setup_logging`` sends every warning to stderr as ONE line (no traceback) and everything with
its traceback to ``parallax.log`` in ``platformdirs.user_log_dir`` (on Linux
~/.local/state/parallax/log/). ``record_exception`` writes an unexpected error there and returns
the file's path, for the CLI's one line and the window's dialog to name.
"""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from desktop.version import __version__

LOG_NAME = "parallax.log"
MAX_LOG_BYTES = 2 * 1024 * 1024  # the log is cut to its last half beyond this


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(user_log_dir("parallax", appauthor=False))


def log_path() -> Path:
    return log_dir() / LOG_NAME


class OneLine(logging.Formatter):
    """A record as one line: its message, without the traceback (that goes to the log file)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"parallax: {record.getMessage()}".splitlines()[0]


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (not when the handler was made)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging() -> None:
    root = logging.getLogger()
    if getattr(root, "_parallax", False):
        return
    root.setLevel(logging.DEBUG)
    console = _Stderr()
    console.setLevel(logging.WARNING)
    console.setFormatter(OneLine())
    root.addHandler(console)
    try:
        path = _prepared()
        file = logging.FileHandler(path, encoding="utf-8", delay=True)
        file.setLevel(logging.DEBUG if _debug() else logging.INFO)
        file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file)
    except OSError:
        pass  # no writable state folder: stderr only
    root._parallax = True  # type: ignore[attr-defined]


def _debug() -> bool:
    import os

    return bool(os.environ.get("PARALLAX_DEBUG"))


def _prepared() -> Path:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            data = path.read_bytes()[-MAX_LOG_BYTES // 2:]
            path.write_bytes(data[data.find(b"\n") + 1:])
    except FileNotFoundError:
        pass
    return path


def record_exception(exc_type: type[BaseException], exc: BaseException,
                     tb: TracebackType | None, where: str = "") -> Path | None:
    """Append an unexpected error with its traceback to the log; the log's path (None when
    it cannot be written)."""
    try:
        path = _prepared()
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\n=== {datetime.now().isoformat(timespec='seconds')} Parallax {__version__}"
                    f" (Python {sys.version.split()[0]}) {where}\n")
            f.write("".join(traceback.format_exception(exc_type, exc, tb)))
        return path
    except OSError:
        return None


def summary(exc: BaseException) -> str:
    """An unexpected error as a short phrase: its type and first line."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
