"""The search header says "Searching…" only for a search that takes long: a quick search goes
straight from the last results to the new count (no flicker, no repaint of the panel in the
middle of the search); a slow one says it is searching, then shows its count."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.model import SearchResult
from desktop.gui import search_panel as sp
from desktop.gui.search_panel import SEARCHING, SearchPanel
from desktop.gui.tasks import TaskRunner


@pytest.fixture
def threaded_runner(qapp: object) -> TaskRunner:
    return TaskRunner()


def _panel(qtbot: QtBot, search: sp.SearchFn, runner: TaskRunner) -> tuple[SearchPanel, list[str]]:
    panel = SearchPanel(search, runner)
    qtbot.addWidget(panel)
    shown: list[str] = []
    set_header = panel._set_header

    def recording(text: str, *, error: bool) -> None:
        shown.append(text)
        set_header(text, error=error)

    panel._set_header = recording  # type: ignore[method-assign]
    return panel, shown


def test_a_quick_search_never_shows_searching(
        qtbot: QtBot, threaded_runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    # "quick" is "answered before the delay": a long delay keeps a loaded machine out of it
    monkeypatch.setattr(sp, "SEARCHING_AFTER_MS", 5_000)
    panel, shown = _panel(qtbot, lambda q: SearchResult(query=q), threaded_runner)
    for query in ("one", "two", "three"):
        panel.run_query(query)
        qtbot.waitUntil(panel.is_settled)
        assert not panel._searching.isActive()  # (stopped with the results: it never fires)
    assert SEARCHING not in shown
    assert panel.header_text() == "No matches for “three”"
    threaded_runner.shutdown()


def test_a_slow_search_says_searching_then_shows_its_count(
        qtbot: QtBot, threaded_runner: TaskRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sp, "SEARCHING_AFTER_MS", 20)
    release = threading.Event()

    def slow(query: str) -> SearchResult:
        release.wait(10)
        return SearchResult(query=query)

    panel, shown = _panel(qtbot, slow, threaded_runner)
    panel.run_query("slow")
    qtbot.waitUntil(lambda: panel.header_text() == SEARCHING, timeout=2000)
    release.set()
    qtbot.waitUntil(panel.is_settled)
    assert shown[-1] == "No matches for “slow”"
    threaded_runner.shutdown()


def test_an_error_header_turns_red_and_back(qtbot: QtBot, threaded_runner: TaskRunner) -> None:
    def failing(query: str) -> SearchResult:
        if query == "bad":
            raise ValueError("no good")
        return SearchResult(query=query)

    panel, _ = _panel(qtbot, failing, threaded_runner)
    panel.run_query("bad")
    qtbot.waitUntil(panel.is_settled)
    assert panel._header.property("error") is True
    panel.run_query("good")
    qtbot.waitUntil(panel.is_settled)
    assert panel._header.property("error") is False
    threaded_runner.shutdown()
