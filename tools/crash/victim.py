"""A real Parallax CLI process that kills itself with SIGKILL at its Nth storage event.

Run as ``python -m tools.crash.victim ARGS...`` (the arguments of ``parallax``). Events are
what can leave a half-done state behind: every SQL statement SQLite runs (including BEGIN
and COMMIT), and every file operation that writes (open for writing, rename, replace, link,
unlink, fsync, mkdir, rmtree). With ``PARALLAX_KILL_AT=N`` the process sends itself SIGKILL
(kill -9: no cleanup, no atexit, no flush) just before event N. With ``PARALLAX_COUNT_TO=FILE``
it records the events (what each was) and writes them there as JSON when it ends, so a harness can choose kill
points across the whole run. ``PARALLAX_FAKE_NER=1`` swaps spaCy for a tiny recogniser (the
harness tests storage, not recognition; the long run uses the real model).
"""

from __future__ import annotations

import atexit
import builtins
import os
import shutil
import signal
import sqlite3
import sys
from typing import Any

KILL_AT = int(os.environ.get("PARALLAX_KILL_AT", "0") or 0)
COUNT_TO = os.environ.get("PARALLAX_COUNT_TO", "")
_count = 0
_labels: list[str] = []  # in counting mode: what each event was ("COMMIT", "replace"...)


def event(what: object = None) -> None:
    global _count
    _count += 1
    if _count == KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    if COUNT_TO:
        _labels.append(str(what).split(None, 1)[0][:20] if what else "?")


def _install() -> None:
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(*args, **kwargs)
        db.set_trace_callback(event)
        return db

    sqlite3.connect = connect  # type: ignore[assignment]
    real_open = builtins.open

    def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            event("open")
        return real_open(file, mode, *args, **kwargs)

    builtins.open = opener
    for name in ("replace", "rename", "link", "unlink", "remove", "fsync", "mkdir", "ftruncate"):
        real = getattr(os, name)

        def wrapped(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            event(_name)
            return _real(*args, **kwargs)

        setattr(os, name, wrapped)
    real_rmtree = shutil.rmtree

    def rmtree(*args: Any, **kwargs: Any) -> Any:
        event("rmtree")
        return real_rmtree(*args, **kwargs)

    shutil.rmtree = rmtree  # type: ignore[assignment]
    if COUNT_TO:
        atexit.register(lambda: _write_count(COUNT_TO))


def _write_count(path: str) -> None:
    import json

    with builtins.open(path, "w") as f:  # type: ignore[call-overload]
        json.dump(_labels, f)


def _fake_ner() -> None:
    import re

    from desktop.core.entities import recognizer
    from desktop.core.entities.recognizer import RawEntity

    class Capitals:
        """Capitalised word pairs are people, single capitalised words after "in" places."""

        name = "crash-fake-ner"

        def recognize(self, texts: list[str], n_process: int = 1) -> Any:
            for text in texts:
                ents = [RawEntity(m.start(), m.end(), "PERSON")
                        for m in re.finditer(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text)]
                ents += [RawEntity(m.start(1), m.end(1), "GPE")
                         for m in re.finditer(r"\bin ([A-Z][a-z]{3,})\b", text)]
                yield sorted(ents, key=lambda e: e.start)

    recognizer.SpacyRecognizer = Capitals  # type: ignore[misc, assignment]
    from desktop.core.entities import service

    service.SpacyRecognizer = Capitals  # type: ignore[misc, assignment]


def main() -> int:
    if os.environ.get("PARALLAX_FAKE_NER"):
        _fake_ner()
    _install()
    from desktop.app import main as parallax

    return parallax(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
