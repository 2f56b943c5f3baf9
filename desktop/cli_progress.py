"""What the commands that show analysed articles do first: catch up, saying so on stderr.

``links``, ``entities`` and ``export`` call :func:`catch_up`, which runs the library's one
background policy (Library.analyse_pending) in the foreground with a progress line on stderr
(overwritten in place on a terminal; otherwise a line when a stage starts or ends), so stdout stays clean.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TextIO

from desktop.core.analysis import AnalysisReport
from desktop.core.library import Library


def catch_up(lib: Library, err: TextIO, *, link: bool = True, recognise: bool = True,
             only: Collection[int] | None = None) -> AnalysisReport:
    if lib.read_only:
        return AnalysisReport()
    tty = err.isatty()
    last = {"message": ""}

    def progress(done: int, total: int, message: str) -> None:
        if tty:
            print(f"\rparallax: {message} {done}/{total}\033[K", end="", file=err, flush=True)
        elif message != last["message"] or done == total:
            print(f"parallax: {message} {done}/{total}", file=err, flush=True)
        last["message"] = message

    report = lib.analyse_pending(progress, link=link, recognise=recognise, only=only)
    if tty and last["message"]:
        print("\r\033[K", end="", file=err, flush=True)
    return report
