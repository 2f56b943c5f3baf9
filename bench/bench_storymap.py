"""Story-map benchmark: how long the map takes once articles are linked, and quote extraction
against import (not a test; prints figures, asserts nothing).

    python bench/bench_storymap.py --n 250 --k 3 --repeat 5     # 1,000 articles
    python bench/bench_storymap.py --n 250 --k 3 --repeat 5 --window   # and the window's view

A set is made by bench/make_bench.py from ../shared/corpus/news.jsonl.gz (n sources, k
reworks each), imported into a fresh library and linked (with quotes: the one background
pass). Then, each repeat on a fresh service (no cache): the map (articles read, pair shares,
families, passage clusters), every family's and every cluster's provenance call, and the
quote table (quotes read and grouped across articles). Quote extraction alone is timed over
every article against the import of the same files (read, clean, store, index). With
``--window``, the story-map view of the window (offscreen Qt) on the same library: from View →
Story Map to the view filled (families, pairs, matrix, passages, quote table), each repeat
with the map's cache emptied (the map and the view's rows worked out off the window's thread,
then handed to the view); the view's filling alone (on the GUI thread); and the longest stall
of the GUI thread while the view opens (the largest gap between two ticks of a 5 ms timer;
the GUI thread sleeps in its event loop meanwhile, as in the app). The load average is
printed with the figures: the machine is shared, so the map's processor time (one thread) is
printed too: what it takes on an idle core.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.make_bench import CORPUS, make  # noqa: E402


def _stats(xs: list[float]) -> str:
    return f"min {min(xs):.2f} s, median {statistics.median(xs):.2f} s"


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def window(lib: Any, repeat: int) -> None:
    """Seconds from View → Story Map to the view filled, with the map's cache emptied each time."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.gui.main_window import MainWindow
    from desktop.gui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    runner = TaskRunner()
    win = MainWindow(lib, runner, settings)
    win.resize(1600, 1000)
    win.show()
    feature = win.storymap_feature

    tick = QTimer()  # wakes the event loop now and then: waiting sleeps in it, never spins
    tick.setInterval(20)

    def wait(until: Any, timeout: float = 120.0) -> None:
        end = time.perf_counter() + timeout
        tick.start()
        while not until() and time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents
                              | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        tick.stop()

    wait(lambda: feature.whole is not None)  # the window's own start: the library's map
    for handle in runner.active():  # names are not recognised here: the view alone is timed
        handle.cancel()
    wait(lambda: not runner.active())
    opens, fills, stalls = [], [], []
    beats: list[float] = []
    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))
    for _ in range(repeat):
        win.show_view(None)
        lib.storymap.clear()  # a cold map: as after new links
        feature.invalidate()
        got: list[Any] = []
        feature.sig_snapshot_ready.connect(got.append)
        heart.start()
        app.processEvents()
        beats.clear()
        t = time.perf_counter()
        beats.append(t)
        feature.show_map("library")
        wait(lambda got=got: bool(got))
        opens.append(time.perf_counter() - t)
        beats.append(time.perf_counter())
        heart.stop()
        stalls.append(max(b - a for a, b in itertools.pairwise(beats)))
        feature.sig_snapshot_ready.disconnect(got.append)
        rows = feature.view.rows  # handing the finished rows to the view's models again
        assert rows is not None and rows.snap is got[0]
        t = time.perf_counter()
        feature.view.set_rows(rows)
        fills.append(time.perf_counter() - t)
        wait(lambda: not runner.active())
    QTimer.singleShot(0, win.close)
    app.processEvents()
    print(f"window: View → Story Map to the view filled (cold map): {_stats(opens)}; filling the "
          f"view alone: {_stats(fills)}; longest GUI-thread stall while opening (5 ms heartbeat): "
          f"{_stats(stalls)} ({_load()})")


def run(n: int, k: int, repeat: int, tmp: Path, with_window: bool = False) -> None:
    from desktop.core.library import Library
    from desktop.core.storymap.quotes import extract
    from desktop.core.storymap.service import StoryMapService

    make(n, k, 0, tmp / "bench", seed=11)
    files = sorted((tmp / "bench").glob("*.txt"))
    with Library.open(tmp / "lib") as lib:
        t = time.perf_counter()
        lib.import_paths(files)
        imported = time.perf_counter() - t
        docs = lib.store.count()
        t = time.perf_counter()
        lib.analyse_pending(recognise=False)
        analysed = time.perf_counter() - t
        texts = [lib.get_document(i) for i in sorted(lib.store.ids())]
        ext = []
        for _ in range(repeat):
            t = time.perf_counter()
            found = sum(len(extract(d.clean.text, d.clean.blocks)) for d in texts)
            ext.append(time.perf_counter() - t)
        print(f"{docs} articles ({n} sources × {k + 1}), {len(lib.links.all_links())} links, "
              f"{found} quotes")
        print(f"import {imported:.1f} s ({docs / imported:.0f} articles/s); links + quotes "
              f"{analysed:.1f} s")
        print(f"quote extraction alone: {_stats(ext)} ({docs / min(ext):.0f} articles/s, "
              f"{docs / imported:.0f} for import)")
        maps, calls, quotes, cpu = [], [], [], []
        for _ in range(repeat):
            service = StoryMapService(lib.store, lib.links)
            c0 = time.process_time()
            t = time.perf_counter()
            smap = service.story_map()
            maps.append(time.perf_counter() - t)
            t = time.perf_counter()
            for f in smap.families:
                smap.family_call(f)
            for c in smap.clusters:
                smap.cluster_call(c)
            calls.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c0)
            t = time.perf_counter()
            table = service.quote_table()
            quotes.append(time.perf_counter() - t)
        print(f"map (articles read, pairs, families, clusters): {_stats(maps)}; "
              f"{len(smap.pairs)} pairs, {len(smap.families)} families, {len(smap.clusters)} clusters")
        print(f"provenance of every family and cluster: {_stats(calls)}")
        print(f"map + provenance: {_stats([a + b for a, b in zip(maps, calls, strict=True)])}; "
              f"processor time {_stats(cpu)} (what it takes on an idle core)")
        print(f"quote table (read, group): {_stats(quotes)}; {len(table.groups)} groups, "
              f"{len(table.changed())} changed")
        print(_load())
        if with_window:
            window(lib, repeat)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--window", action="store_true", help="also time the window's story-map view")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    with tempfile.TemporaryDirectory(prefix="parallax-storymap-") as tmp:
        run(args.n, args.k, args.repeat, Path(tmp), args.window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
