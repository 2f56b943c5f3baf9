"""A real Parallax CLI process that kills itself with SIGKILL at its Nth storage event.

Run as ``python -m tools.crash.victim ARGS...`` (the arguments of ``parallax``). Events are
what can leave a half-done state behind: every SQL statement SQLite runs (including BEGIN
and COMMIT), and every file operation that writes (open for writing, rename, replace, link,
unlink, fsync, mkdir, rmtree). With ``PARALLAX_KILL_AT=N`` the process sends itself SIGKILL
(kill -9: no cleanup, no atexit, no flush) just before event N. With
``PARALLAX_KILL_SIGNAL=INT`` it is Ctrl+C instead: at event N the process is interrupted as a
terminal's SIGINT would interrupt it, at the next line of Python that runs once the event's
own operation is done (a KeyboardInterrupt raised there: ``finally`` blocks, context managers
and the CLI's own handling run, as they would for a real Ctrl+C; a signal raised inside
SQLite's trace callback would be swallowed by sqlite3, hence this). An event in a worker
thread gets a real SIGINT, which Python delivers to the main thread as a terminal's would. With
``PARALLAX_COUNT_TO=FILE`` it records the events (what each was) and writes them there as
JSON when it ends, so a harness can choose kill points across the whole run.
``PARALLAX_FAKE_NER=1`` swaps spaCy for a tiny recogniser and reads spaCy's English stop
words without importing spaCy (the harness tests storage, not recognition, and importing
spaCy costs seconds per process; the long run uses the real model).
"""

from __future__ import annotations

import atexit
import builtins
import os
import shutil
import signal
import sqlite3
import sys
import threading
import types
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.entities.recognizer import RawEntity

KILL_AT = int(os.environ.get("PARALLAX_KILL_AT", "0") or 0)
INTERRUPT = os.environ.get("PARALLAX_KILL_SIGNAL", "KILL").upper() == "INT"
COUNT_TO = os.environ.get("PARALLAX_COUNT_TO", "")
_count = 0
_labels: list[str] = []  # in counting mode: what each event was ("COMMIT", "replace"...)
_OWN: set[Any] = set()  # code objects of this module's hooks: never interrupted inside


def event(what: object = None) -> None:
    global _count
    _count += 1
    if _count == KILL_AT:
        if not INTERRUPT:
            os.kill(os.getpid(), signal.SIGKILL)
        elif threading.current_thread() is threading.main_thread():
            _interrupt_soon()
        else:  # a worker thread: a real SIGINT, which Python turns into the main thread's
            os.kill(os.getpid(), signal.SIGINT)
    if COUNT_TO:
        _labels.append(str(what).split(None, 1)[0][:20] if what else "?")


def _interrupt_soon() -> None:
    """Raise KeyboardInterrupt at the next line of Python outside these hooks (after the
    current SQL statement or file operation is done), as Ctrl+C would."""
    def tracer(frame: types.FrameType, why: str, arg: object) -> Any:
        if frame.f_code in _OWN:
            return tracer
        sys.settrace(None)
        for f in frames:
            f.f_trace = None
        raise KeyboardInterrupt

    frames: list[types.FrameType] = []
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        frame.f_trace = tracer
        frames.append(frame)
        frame = frame.f_back
    sys.settrace(tracer)


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
    _OWN.update({event.__code__, _interrupt_soon.__code__, opener.__code__, connect.__code__})
    for name in ("replace", "rename", "link", "unlink", "remove", "fsync", "mkdir", "ftruncate"):
        real = getattr(os, name)

        def wrapped(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            event(_name)
            return _real(*args, **kwargs)

        setattr(os, name, wrapped)
        _OWN.add(wrapped.__code__)
    real_rmtree = shutil.rmtree

    def rmtree(*args: Any, **kwargs: Any) -> Any:
        event("rmtree")
        return real_rmtree(*args, **kwargs)

    shutil.rmtree = rmtree  # type: ignore[assignment]
    _OWN.add(rmtree.__code__)
    if COUNT_TO:
        atexit.register(lambda: _write_count(COUNT_TO))


def _write_count(path: str) -> None:
    import json

    with builtins.open(path, "w") as f:
        json.dump(_labels, f)


class Capitals:
    """Capitalised word pairs are people, single capitalised words after "in" places."""

    name = "crash-fake-ner"

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        import re

        from desktop.core.entities.recognizer import RawEntity

        for text in texts:
            ents = [RawEntity(m.start(), m.end(), "PERSON")
                    for m in re.finditer(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text)]
            ents += [RawEntity(m.start(1), m.end(1), "GPE")
                     for m in re.finditer(r"\bin ([A-Z][a-z]{3,})\b", text)]
            yield sorted(ents, key=lambda e: e.start)


def _stop_words_without_spacy() -> frozenset[str]:
    """spaCy's English stop words read from their file: importing spaCy takes seconds."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("spacy")
    assert spec is not None and spec.origin is not None
    source = (Path(spec.origin).parent / "lang" / "en" / "stop_words.py").read_text("utf-8")
    found: dict[str, Any] = {}
    exec(compile(source, "stop_words.py", "exec"), found)  # a module of one set literal
    return frozenset(found["STOP_WORDS"])


def _fake_ner() -> None:
    from desktop.core.entities import candidates, recognizer, service

    recognizer.SpacyRecognizer = Capitals  # type: ignore[misc, assignment]
    service.SpacyRecognizer = Capitals  # type: ignore[misc, assignment]
    words = _stop_words_without_spacy()
    candidates._stop_words = lambda: words  # type: ignore[assignment]


def main() -> int:
    if os.environ.get("PARALLAX_FAKE_NER"):
        _fake_ner()
    # The error log's folder is made before the hooks: it is not the library's, and the mkdirs
    # of a first run would shift every later event number away from the counted run's.
    from desktop.errorlog import log_dir

    log_dir().mkdir(parents=True, exist_ok=True)
    _install()
    from desktop.app import main as parallax

    return parallax(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
