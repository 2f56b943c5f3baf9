"""The story map plugged into the window: the story-map view (View → Story Map, Ctrl+M) of the
library, a search result or the selected articles; the "also in" strip under the reader; the
shared-text figure of the library list.

Nothing of a map is worked out on the GUI thread: a task on the runner's user lane computes
the map and its provenance calls (core/storymap/snapshot.py) and then every row of every tab
of the view (gui/storymap_rows.py); the GUI thread only hands the finished rows to the view's
models. While it works the view says so (the map shown before stays until the new one is
in); a newer request, leaving the view or closing the window cancels it. The view refreshes
itself when a change it is made of is reported (links, quotes, articles or their metadata:
core/events.py); a note or a recognised name does not rebuild it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence

from desktop.core.errors import ParallaxError
from desktop.core.events import DocsChanged
from desktop.core.gcpause import collector_paused
from desktop.core.library import Library
from desktop.core.model import Cancelled, Document, Progress, Span
from desktop.core.overlap.types import Link
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.scope import WHOLE, Scope, docs_scope, search_scope
from desktop.core.storymap.service import MAP_CHANGES, DocShare
from desktop.core.storymap.snapshot import MapSnapshot, Stale, take
from desktop.gui import settings as S
from desktop.gui.echo_bar import EchoBar
from desktop.gui.storymap_rows import ViewRows, view_rows
from desktop.gui.storymap_view import BASIS, StoryMapView
from desktop.gui.tasks import Lane, TaskHandle
from desktop.gui.window_api import FeatureHost

REFRESH_MS = 600  # changes arriving in a burst (an analysis run) make one refresh
CURSOR_MS = 120


class StoryMapFeature(QObject):
    sig_export_requested = Signal(str)  # the export dialog, preset to this format
    sig_snapshot_ready = Signal(object)  # MapSnapshot of the view (for tests and exports)

    def __init__(self, host: FeatureHost, library: Library) -> None:
        super().__init__(host.as_widget())
        self.host = host
        self.library = library
        self.view = StoryMapView()
        self.bar = EchoBar()
        self._scope: Scope = WHOLE
        self.whole: MapSnapshot | None = None  # the library's map: "also in", the article's story
        self.shown: MapSnapshot | None = None  # the map in the view
        self._tasks: dict[str, TaskHandle] = {}
        self._asked: dict[str, int] = {}  # the latest request of each slot: older results are dropped
        self._dirty = True  # the view's map is out of date (or there is none)
        self._whole_dirty = True  # the library's map is out of date
        self._changes = 0  # changes reported so far: a map asked for before the last is out of date
        self._choosing = False  # show_map is bringing the view up: it asks for the map itself
        self._refresh = self._timer(REFRESH_MS, self._on_refresh_timeout)
        self._cursor = self._timer(CURSOR_MS, self._update_bar)
        self.toggle = QAction("&Story Map", host.as_widget())
        self.toggle.setShortcut(QKeySequence("Ctrl+M"))
        self.toggle.setStatusTip("Families, most-reused pairs, passages in several articles, quotes")
        host.as_widget().addAction(self.toggle)
        self.of_selection = QAction("Story Map of Selected Articles", host.as_widget())
        host.menus.view.addAction(self.toggle)  # with Compare…, after the panel toggles
        host.add_view(self.view)
        host.add_reader_bar(self.bar)
        host.library_panel.add_action(self.of_selection)
        self._restore_layout()
        self._connect_signals()
        self.refresh_whole()

    def _restore_layout(self) -> None:
        """The view's panes and tab as the person left them (saved as they change)."""
        settings = self.host.settings
        for name, splitter in self.view.splitters.items():
            setting = S.STORY_SPLITTERS[name]
            state = settings.get(setting)
            if state:
                splitter.restoreState(state)
            splitter.splitterMoved.connect(
                lambda *_, sp=splitter, st=setting: settings.set(st, bytes(sp.saveState().data())))
        self.view.tabs.setCurrentIndex(settings.get(S.STORY_TAB))
        self.view.tabs.currentChanged.connect(lambda n: settings.set(S.STORY_TAB, n))

    def _timer(self, ms: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _connect_signals(self) -> None:
        self.toggle.triggered.connect(self._on_toggle_triggered)
        self.of_selection.triggered.connect(lambda: self.show_map("selection"))
        self.view.sig_scope_requested.connect(self.show_map)
        self.view.sig_back_requested.connect(lambda: self.host.show_view(None))
        self.view.sig_shown.connect(self._on_view_shown)
        self.view.sig_hidden.connect(self._on_view_hidden)
        self.view.sig_export_requested.connect(lambda: self.sig_export_requested.emit("map-html"))
        self.view.sig_compare_requested.connect(self.compare_pair)
        self.view.sig_copy_requested.connect(self.compare_copy)
        self.view.sig_open_requested.connect(self.open_at)
        self.bar.sig_echo_chosen.connect(self._on_echo_chosen)
        self.bar.sig_map_requested.connect(lambda: self.show_map(None))
        self.host.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self.host.reader.cursorPositionChanged.connect(self._cursor.start)
        self.host.events.sig_docs_changed.connect(self._on_events_sig_docs_changed)

    # -- public ------------------------------------------------------------------------------
    def scope(self) -> Scope:
        """What the map in the view is made of (the export dialog exports that map)."""
        return self._scope

    def show_map(self, kind: str | None = None) -> None:
        """Show the view with the map of the library (``library``), of the search shown
        (``search``) or of the articles selected in the library list (``selection``); None
        keeps the scope shown last."""
        self._choosing = True
        try:
            self.host.show_view(self.view)
        finally:
            self._choosing = False
        if kind is not None:
            self.view.set_scope_choice(kind)
        if kind == "search":
            query = self.host.search_panel.query()
            if not query:
                self.host.show_message("Search first: the map is then made of every article that matches.")
                self.view.set_scope_choice("library" if self._scope.whole else "selection")
                return
            self._compute("view", lambda: search_scope(self.library, query), "search")
        elif kind == "selection":
            ids = self.host.library_panel.selected_ids()
            if len(ids) < 2:
                self.host.show_message("Select two or more articles in the library list "
                                       "(Ctrl+click or Shift+click), then choose the map of them.")
                self.view.set_scope_choice("library" if self._scope.whole else "search")
                return
            self._compute("view", lambda: docs_scope(self.library, ids), "selection")
        elif kind is None and self.computing():
            return  # on its way
        elif (kind == "library" and not self._scope.whole) or self.shown is None or self._dirty:
            scope = WHOLE if kind == "library" else self._scope
            self._compute("view", lambda: _rescoped(self.library, scope), kind or "library")

    def invalidate(self) -> None:
        """The maps are out of date (a change they are made of was reported): the view's is
        worked out again when it is next asked for."""
        self._changes += 1
        self._dirty = self._whole_dirty = True

    def refresh_whole(self) -> None:
        """The library's map for the strip under the reader and the list's shared figures."""
        self._compute("whole", lambda: WHOLE, "library")
        self.host.runner.start(self._shares, on_result=self._on_shares, lane=Lane.BACKGROUND)

    def _shares(self, progress: Progress, cancelled: Cancelled) -> dict[int, DocShare]:
        return self.library.storymap.shares()

    # -- computing ---------------------------------------------------------------------------
    def _compute(self, slot: str, scope_of: object, kind: str) -> None:
        """Work out the map of ``scope_of()`` off the GUI thread, and for the view (``slot``
        "view") every row it shows. A request replaces the slot's running one."""
        self._cancel(slot)
        asked = self._asked[slot] = self._asked.get(slot, 0) + 1
        changes = self._changes
        library, whole = self.library, None if self._whole_dirty else self.whole
        if slot == "view":
            self.view.set_busy("Working out the story map…" if self.shown is None else
                               "Working out the story map again (the one shown is from before "
                               "the last change)…")

        def work(progress: Progress, cancelled: Cancelled) -> MapSnapshot | ViewRows:
            scope = scope_of() if callable(scope_of) else WHOLE
            fresh = whole is not None and scope.whole
            with collector_paused():  # a full collection would hold up the GUI thread
                snap = whole if fresh and whole is not None else take(library.storymap, scope, cancelled)
                return view_rows(snap, cancelled) if slot == "view" else snap

        handle = self.host.runner.start(
            work, on_result=lambda done: self._on_done(slot, asked, changes, done),
            on_error=lambda exc: self._on_failed(slot, asked, exc),
            title="Working out the story map…" if slot == "view" else "", lane=_lane(slot))
        if handle in self.host.runner.active():
            self._tasks[slot] = handle
            handle.sig_done.connect(lambda h, s=slot: self._forget(s, h))

    def _cancel(self, slot: str) -> bool:
        old = self._tasks.pop(slot, None)
        if old is None:
            return False
        old.cancel()
        return True

    def computing(self) -> bool:
        """Whether the view's map is being worked out."""
        return "view" in self._tasks

    def _forget(self, slot: str, handle: TaskHandle) -> None:
        if self._tasks.get(slot) is handle:
            del self._tasks[slot]

    def _on_done(self, slot: str, asked: int, changes: int, done: object) -> None:
        if asked != self._asked.get(slot):
            return  # a newer request is on its way
        snap = done.snap if isinstance(done, ViewRows) else done
        if not isinstance(snap, MapSnapshot):
            return
        current = changes == self._changes  # no change reported since it was asked for
        if snap.scope.whole and snap is not self.whole:
            self.whole, self._whole_dirty = snap, not current
            self._update_bar()
        if isinstance(done, ViewRows):
            self.shown, self._scope, self._dirty = snap, snap.scope, not current
            self.view.set_rows(done)
            shown = self.host.reader.document_shown()
            if shown is not None:
                self.view.focus_doc(shown.id)
            self.sig_snapshot_ready.emit(snap)

    def _on_failed(self, slot: str, asked: int, exc: BaseException) -> None:
        if isinstance(exc, Stale) or asked != self._asked.get(slot):
            return
        text = str(exc) if isinstance(exc, ParallaxError) else f"The story map failed: {exc}"
        if slot == "view":
            self.view.set_failed(text)
        self.host.show_message(text, warning=True)

    @Slot(object)
    def _on_shares(self, shares: object) -> None:
        if isinstance(shares, dict):
            self.host.library_panel.set_shares(shares)

    # -- following the library ---------------------------------------------------------------
    @Slot(object)
    def _on_events_sig_docs_changed(self, event: DocsChanged) -> None:
        if event.what & MAP_CHANGES:
            self.invalidate()
            self._refresh.start()

    @Slot()
    def _on_refresh_timeout(self) -> None:
        showing = self.host.current_view() is self.view
        if showing:  # the view's map, and the library's with it when that is what it shows
            self._compute("view", lambda s=self._scope: _rescoped(self.library, s), "view")
        if not (showing and self._scope.whole):
            self.refresh_whole()
        else:
            self.host.runner.start(self._shares, on_result=self._on_shares, lane=Lane.BACKGROUND)

    @Slot()
    def _on_view_shown(self) -> None:
        """Back on the view (from the compare view, the reader): bring it up to date."""
        if self._choosing:
            return
        if (self._dirty or self.shown is None) and not self.computing() and not self._refresh.isActive():
            self._compute("view", lambda s=self._scope: _rescoped(self.library, s), "view")

    @Slot()
    def _on_view_hidden(self) -> None:
        """Left the view: a map being worked out for it is not needed now."""
        if self._cancel("view"):
            self._asked["view"] = self._asked.get("view", 0) + 1
            self._dirty = True
            self.view.set_failed("")

    @Slot(bool)
    def _on_toggle_triggered(self, _: bool = False) -> None:
        if self.host.current_view() is self.view:
            self.host.show_view(None)
        else:
            self.show_map(None)

    # -- the strip under the reader ----------------------------------------------------------
    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self._update_bar()
        if doc is not None and self.view.isVisible():
            self.view.focus_doc(doc.id)

    @Slot()
    def _update_bar(self) -> None:
        reader, snap = self.host.reader, self.whole
        doc = reader.document_shown()
        if doc is None:
            self.bar.show_story("")
            return
        if snap is None or doc.id not in snap.smap.articles:
            self.bar.show_story("Story map: working out where this article stands…")
            return
        pos = reader.to_clean(reader.textCursor().position())
        echoes = snap.smap.echoes(doc.id, pos) if pos is not None else []
        if echoes:
            self.bar.show_echoes(snap, echoes)
        else:
            self.bar.show_story(*article_line(snap, doc.id))

    # -- opening the compare view and articles -----------------------------------------------
    def _pair_link(self, a: int, b: int, span: tuple[int, int] | None = None, side: str = "a") -> Link | None:
        links = self.library.links.pair(a, b)
        if span is not None:
            lo, hi = span
            near = [k for k in links if getattr(k, side).start < hi and lo < getattr(k, side).end]
            links = near or links
        return max(links, key=lambda k: k.a.end - k.a.start, default=None)

    @Slot(int, int)
    def compare_pair(self, a: int, b: int) -> None:
        """The compare view on two articles, at their longest shared passage."""
        self.host.show_compare(a, b, self._pair_link(a, b))

    @Slot(object, int)
    def compare_copy(self, cluster: Cluster, doc: int) -> None:
        ref, copy = cluster.reference, cluster.copy_in(doc)
        span = (copy.start, copy.end) if copy is not None else None
        self.host.show_compare(ref.doc, doc, self._pair_link(ref.doc, doc, span, side="b"))

    @Slot(int, int, int)
    def open_at(self, doc: int, start: int, end: int) -> None:
        """Read ``doc`` in the reader, at the clean span [start, end) when given."""
        self.host.show_view(None)
        self.host.open_article(doc)
        shown = self.host.reader.document_shown()
        if shown is not None and shown.id == doc and 0 <= start < end:
            self.host.reader.reveal(Span(start, end))

    @Slot(int, int, int)
    def _on_echo_chosen(self, other: int, start: int, end: int) -> None:
        reader = self.host.reader
        doc = reader.document_shown()
        pos = reader.to_clean(reader.textCursor().position())
        if doc is None:
            return
        link = self._pair_link(doc.id, other, (pos, pos + 1) if pos is not None else None)
        self.host.show_compare(doc.id, other, link)


def _lane(slot: str) -> Lane:
    """The view's map is what the person asked for (the user lane); the library's map for the
    strip under the reader and the list's shared figures follow the library by themselves,
    on the background lane: while 10,000 articles were being analysed they were worked out
    again after every analysed chunk, on the user lane, and took most of the window process's
    processor time from its searches (docs/benchmarks.md, "Fourth round"). There they wait
    for the analysis run and step aside for searches, and a newer request replaces one that
    has not started."""
    return Lane.USER if slot == "view" else Lane.BACKGROUND


def _rescoped(library: Library, scope: Scope) -> Scope:
    """The same scope again after a change: a search runs again (new articles may match)."""
    if scope.query:
        return search_scope(library, scope.query)
    if scope.ids is not None:
        known = set(library.document_ids())
        return docs_scope(library, [d for d in scope.ids if d in known])
    return WHOLE


def article_line(snap: MapSnapshot, doc: int) -> tuple[str, str]:
    """Where ``doc`` stands in the story, in one line (and its evidence for the tool tip)."""
    smap = snap.smap
    fam = smap.family_of(doc)
    changed = sum(1 for r in snap.table.of_doc(doc)
                  if r.group and (r.group.altered or r.group.speakers_differ))
    quotes = f" · {changed} of its quotes changed between articles" if changed else ""
    if fam is None:
        return f"Shares no passage word for word or edited with another article{quotes}", ""
    call = snap.family_calls[smap.families.index(fam)]
    first = ("this article" if call.first == doc else snap.label(call.first)) if call.first is not None \
        else "unknown"
    return (f"In a family of {len(fam.docs)} articles · first: {first}{BASIS.get(call.basis, '')}"
            f"{quotes}", call.evidence)
