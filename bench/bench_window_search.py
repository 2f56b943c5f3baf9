"""Search through the real window on a large library: latency, memory, open files (not a test).

    python bench/bench_window_search.py --n 10000 --mode idle --searches 1000
    python bench/bench_window_search.py --n 10000 --mode busy --searches 200

Builds (once, in --work) a library of N Wikinews articles from ../shared/corpus the way
bench_import_search.py does, then for each run copies it and opens the real MainWindow on it
with the real TaskRunner (offscreen Qt). Each search is typed as the user would (the search
panel's ``run_query``) and timed until its hits are in the list (``sig_results_changed``),
until they are painted and on screen (``hits_drawn``, the issue's measure: see
``paint_clock``), then until the first hit is open in the reader, with a short pause between
searches. The search
call itself (``Library.search`` on the search lane) is timed in the same run, so the window's
own share (hits shown minus the call, per query) is measured against it. Between a query and
its hits the GUI thread waits in an event loop, as the window's own loop does. Modes:

- ``idle``: every article is marked as already linked and recognised, so no background work
  runs (the copy gets ``link_done`` and ``entity_runs`` rows; no entity fields exist).
- ``busy``: a freshly imported library, so the window starts linking and entity recognition
  in the background; searches start once recognition is running (``--start open``: a second
  after the window opens, while its first story map of the library is worked out).

Prints p50/p95/max of each, searches that got no answer within --timeout, the load average,
resident memory and open file descriptors before and after. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_import_search import CORPUS, load_articles, make_queries, write_files  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def paint_clock(window: Any = None) -> Any:
    """An event filter that notes when the widgets it watches first paint after it is armed
    (``began``) and when that paint is on screen (``painted``), as perf_counter values.

    With ``window`` (the default clock, ``--clock flush``) the filter also watches the
    window's update requests: Qt paints every dirty widget of the window and flushes the
    result to the screen inside one update request, so ``painted`` is the end of the update
    request in which a watched widget painted. (The earlier clock, ``--clock timer``, noted
    ``painted`` from a zero timer after the paint; Qt delivers every posted event before a
    zero timer, so it also counted the window opening the first hit in the reader, which the
    search panel posts after the hits: 3-10 ms of every search, after the hits were shown.)"""
    from PySide6.QtCore import QEvent, QObject, QTimer, Signal

    class PaintClock(QObject):
        sig_painted = Signal()
        began = 0.0
        painted = 0.0
        armed = False  # notes the first paint after it is armed, then disarms
        seen = False  # a watched widget painted in the update request under way
        inside = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Paint and self.armed and watched is not window:
                self.armed = False
                self.began = time.perf_counter()
                if window is None:
                    QTimer.singleShot(0, self._over)
                else:
                    self.seen = True
            elif (kind == QEvent.Type.UpdateRequest and watched is window
                    and not self.inside):
                # handled here (the window paints and flushes), then timed
                self.inside = True
                try:
                    window.event(event)
                finally:
                    self.inside = False
                if self.seen:
                    self.seen = False
                    self._over()
                return True
            return False

        def _over(self) -> None:
            self.painted = time.perf_counter()
            self.sig_painted.emit()

    return PaintClock()


def event_watch(kind: Any, then: Any) -> Any:
    """An event filter that calls ``then()`` when the object it watches gets an event of
    type ``kind`` (before the event is handled: ``then`` should post what it does)."""
    from PySide6.QtCore import QEvent, QObject

    class EventWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == kind:
                then()
            return False

    return EventWatch()


def percentiles(name: str, ms: list[float]) -> dict[str, float | None]:
    """p50/p95/max of ``ms`` (None when empty), keys prefixed by ``name``."""
    xs = sorted(ms)
    if not xs:
        return {f"{name}_p50_ms": None, f"{name}_p95_ms": None, f"{name}_max_ms": None}
    return {f"{name}_p50_ms": round(statistics.median(xs), 1),
            f"{name}_p95_ms": round(xs[max(0, int(len(xs) * 0.95) - 1)], 1),
            f"{name}_max_ms": round(xs[-1], 1)}


def build_library(work: Path, n: int, corpus: Path) -> Path:
    """The base library of ``n`` articles (imported, indexed, nothing analysed yet)."""
    from desktop.core.library import Library

    lib_dir = work / f"lib-{n}"
    if (lib_dir / "library.sqlite").exists():
        return lib_dir
    files = work / f"files-{n}"
    if not files.exists():
        write_files(load_articles(corpus, n), files)
    t0 = time.perf_counter()
    with Library.open(lib_dir) as lib:
        lib.import_paths([files])
    print(f"built {lib_dir} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return lib_dir


def mark_analysed(lib_dir: Path) -> None:
    """Every article counts as linked and recognised (no links, no entities): nothing pending."""
    from desktop.core.library import Library

    with Library.open(lib_dir) as lib:
        model = lib.entities.model_name
    db = sqlite3.connect(lib_dir / "library.sqlite")
    with db:
        db.execute("INSERT OR IGNORE INTO link_done (doc) SELECT id FROM documents")
        db.execute("INSERT OR REPLACE INTO entity_runs (doc_id, model, done_at) "
                   "SELECT id, ?, datetime('now') FROM documents", (model,))
        if db.execute("SELECT 1 FROM sqlite_master WHERE name='quotes_done'").fetchone():
            from desktop.core.storymap import quote_store

            # done, with the names recognised (a checkout from before that mark: its grammar)
            done = quote_store.marks()[1] if hasattr(quote_store, "marks") else \
                quote_store.GRAMMAR_VERSION
            cols = [r[1] for r in db.execute("PRAGMA table_info(quotes_done)")]
            db.execute(f"INSERT OR REPLACE INTO quotes_done ({', '.join(cols)}) SELECT id, ?"
                       + ", 0" * (len(cols) - 2) + " FROM documents", (done,))
    db.close()
    with Library.open(lib_dir) as lib:
        left = len(lib.links.pending()), len(lib.entities.pending()), lib.has_pending_analysis()
    if any(left):
        raise SystemExit(f"could not mark the library analysed ({left} pending)")


def run(lib_dir: Path, queries: list[str], mode: str, timeout: float, pause: float,
        wait: str = "loop", start: str = "analysis",
        clock_kind: str = "flush") -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from desktop.core.library import Library
    from desktop.core.model import SearchResult
    from desktop.gui import search_panel as search_panel_module
    from desktop.gui.main_window import MainWindow
    from desktop.gui.run import make_application
    from desktop.gui.tasks import TaskRunner

    app = make_application()  # the window's own application: its names and its style sheet
    settings = QSettings(str(lib_dir.parent / "settings.ini"), QSettings.Format.IniFormat)
    lib = Library.open(lib_dir)
    runner = TaskRunner()
    window = MainWindow(lib, runner, settings)
    window.resize(1400, 900)
    window.show()

    def spin(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    if mode == "busy" and start == "open":
        spin(1.0)  # the window has painted; the library's first map is under way
    elif mode == "busy":
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
                "ecognis" in h.title for h in runner.active()):
            spin(0.2)
        spin(5.0)  # the language model loads; recognition is under way
    else:
        spin(2.0)
    busy_titles = sorted({h.title for h in runner.active() if h.title})
    print(f"searching now (background: {busy_titles})", file=sys.stderr, flush=True)
    panel = window.search_panel
    # (a checkout from before SearchPanel.is_settled opens the first hit with the results)
    settled = getattr(panel, "is_settled", lambda: True)
    calls: list[float] = []  # the search call itself, on the search lane, per query
    search = panel._search

    def timed_search(query: str) -> SearchResult:
        t = time.perf_counter()
        try:
            return search(query)
        finally:
            calls.append((time.perf_counter() - t) * 1000)

    panel._search = timed_search
    results: list[float] = []  # run_query until the hits are in the list (its signal)
    drawn: list[float] = []  # run_query until the hit list has painted them
    overheads: list[float] = []  # drawn minus the search call: what the window adds
    opened: list[float] = []  # run_query until the first hit is open in the reader
    waits: list[float] = []  # from the results to the start of the list's paint
    paints: list[float] = []  # the list's paint itself
    clock = paint_clock(window if clock_kind == "flush" else None)
    if clock_kind == "flush":
        window.installEventFilter(clock)
    panel._list.viewport().installEventFilter(clock)
    panel._empty.installEventFilter(clock)  # (a search with no hits draws this instead)
    missed = 0
    # the slowest searches: (hits drawn, query, call, wait to paint, paint, seconds into the run)
    slowest: list[tuple[float, str, float, float, float, float]] = []
    started = time.perf_counter()
    before = (rss_mb(), open_fds())
    def results_in(heard: list[float]) -> None:
        heard.append(time.perf_counter())
        clock.armed = True

    # Waiting for a search to be over, the GUI thread sits in an event loop, as the window's
    # own loop does: the loop is asked to end when the list has painted and when the panel
    # posts its "drawn" event (the last thing a search does), and checks every 20 ms besides.
    # (--wait spin: the loop of the earlier rounds, ``processEvents(WaitForMoreEvents, 5)`` in
    # a Python while loop. Qt drops WaitForMoreEvents when given a time, so it returned at
    # once and the GUI thread went round it ~1,400 times per search, taking the GIL from the
    # search thread each time: a cost of the bench, not of the window.)
    waiter = QEventLoop()
    got: list[float] = []

    def done() -> bool:
        return bool(got) and clock.painted > got[0] and settled()

    def check() -> None:
        if done():
            waiter.quit()

    waiting = QTimer()
    waiting.setSingleShot(True)
    waiting.timeout.connect(waiter.quit)
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(check)
    poll.start()
    clock.sig_painted.connect(lambda: QTimer.singleShot(0, check))
    drawn_type = getattr(search_panel_module, "DRAWN", None)
    last_events = event_watch(drawn_type, lambda: QTimer.singleShot(0, check))
    if drawn_type is not None:
        panel.installEventFilter(last_events)

    for i, q in enumerate(queries):
        got = []
        on_results = partial(results_in, got)
        panel.sig_results_changed.connect(on_results)
        t0 = time.perf_counter()
        clock.began = clock.painted = 0.0
        clock.armed = False
        panel.run_query(q)
        if wait == "spin":
            deadline = t0 + timeout
            while time.perf_counter() < deadline and not done():
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        elif not done():
            waiting.start(int(timeout * 1000))  # (the loop ends at the deadline too)
            waiter.exec()
            waiting.stop()
        panel.sig_results_changed.disconnect(on_results)
        if got and clock.painted > got[0]:
            results.append((got[0] - t0) * 1000)
            drawn.append((clock.painted - t0) * 1000)
            overheads.append(drawn[-1] - calls[-1])
            waits.append((clock.began - got[0]) * 1000)
            paints.append((clock.painted - clock.began) * 1000)
            opened.append((time.perf_counter() - t0) * 1000)
            slowest.append((round(drawn[-1], 1), q, round(calls[-1], 1), round(waits[-1], 1),
                            round(paints[-1], 1), round(t0 - started, 1)))
        else:
            missed += 1
            if missed >= 3 and not results:
                print(f"giving up after {i + 1} searches: none answered", file=sys.stderr)
                break
        spin(pause)
        if (i + 1) % 100 == 0:
            print(f"{i + 1} searches: rss {rss_mb():.0f} MB, fds {open_fds()}", file=sys.stderr)
    after = (rss_mb(), open_fds())
    still_busy = sorted({h.title for h in runner.active() if h.title})
    window.close()
    lib.close()
    del app
    return {
        "mode": mode, "start": start if mode == "busy" else None, "wait": wait,
        "clock": clock_kind, "searches": len(queries), "answered": len(drawn),
        "missed": missed,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        **percentiles("results", results), **percentiles("hits_drawn", drawn),
        **percentiles("search_call", calls),
        **percentiles("window_overhead", overheads), **percentiles("wait_to_paint", waits),
        **percentiles("paint", paints), **percentiles("first_hit_open", opened),
        "rss_mb_before": round(before[0]), "rss_mb_after": round(after[0]),
        "fds_before": before[1], "fds_after": after[1],
        "slowest": sorted(slowest, reverse=True)[:5],
        "background_at_start": busy_titles, "background_at_end": still_busy,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--mode", choices=("idle", "busy"), default="idle")
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for one search")
    ap.add_argument("--pause", type=float, default=0.05, help="seconds between searches")
    ap.add_argument("--wait", choices=("loop", "spin"), default="loop",
                    help="how the GUI thread waits for a search: in an event loop (as the "
                         "window does), or the earlier rounds' processEvents spin")
    ap.add_argument("--start", choices=("analysis", "open"), default="analysis",
                    help="busy: search once recognition runs (the default), or from a second "
                         "after the window opens (its first story map of the library is then "
                         "being worked out, before the analysis)")
    ap.add_argument("--clock", choices=("flush", "timer"), default="flush",
                    help="when the hits count as drawn: at the end of the window's update "
                         "that painted them (flushed to the screen), or at the earlier rounds' "
                         "zero timer after the paint (it also counted opening the first hit)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "parallax-window-bench")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"benchmark skipped: corpus not found at {args.corpus} (see ../shared/corpus/README.md)")
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    base = build_library(args.work, args.n, args.corpus)
    run_dir = args.work / f"run-{os.getpid()}"
    shutil.copytree(base, run_dir / "lib")
    try:
        if args.mode == "idle":
            mark_analysed(run_dir / "lib")
        queries = make_queries(args.work / f"files-{args.n}", count=100)
        queries = [queries[i % len(queries)] for i in range(args.searches)]
        result = run(run_dir / "lib", queries, args.mode, args.timeout, args.pause, args.wait,
                     args.start, args.clock)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    print(json.dumps({"n": args.n, **result}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
