"""Search: the query field (placed in the tool bar by the window) and the list of hits.

Enter on a new query runs ``search(query)`` on the search lane of the task runner (a newer
search supersedes an older one); the hits are drawn, then the first one opens in the reader.
Enter on the query already shown asks for the next match, Shift+Enter for the previous one.
Query errors show inline, in one line, never in a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QStackedWidget, QVBoxLayout, QWidget

from desktop.core.errors import ParallaxError
from desktop.core.model import Cancelled, Hit, Progress, SearchResult, Span
from desktop.core.storymap.scope import display_query
from desktop.gui.delegates import HitDelegate
from desktop.gui.models import HIT_ROLE, SearchHitsModel
from desktop.gui.tasks import Lane, TaskHandle, TaskRunner

PLACEHOLDER = 'words, "phrases", AND/OR/NOT, wild*, fuzzy~, title:word'
HINT = "Search results"
SEARCHING = "Searching…"
# "Searching…" shows only when a search takes longer than this: most searches end sooner, and
# the header flickered through it while the window repainted its panel in the middle of the
# search (on the GUI thread, sharing the GIL with the search).
SEARCHING_AFTER_MS = 150
SearchFn = Callable[[str], SearchResult]


OPEN_FIRST = QEvent.Type(QEvent.registerEventType())  # posted: open the first hit
DRAWN = QEvent.Type(QEvent.registerEventType())  # posted: the hits are painted


class _Drawn(QEvent):
    """Posted after a search's results: they are painted when it arrives."""

    def __init__(self, generation: int) -> None:
        super().__init__(DRAWN)
        self.generation = generation


class SearchField(QLineEdit):
    """Enter submits, Shift+Enter asks for the previous match, Escape clears."""

    sig_submitted = Signal(str)
    sig_previous_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(380)
        self.setMaximumWidth(520)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.sig_previous_requested.emit()
            else:
                self.sig_submitted.emit(self.text())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """Hit list with a one-line header (count or error). Emits the hit the user picks."""

    sig_hit_selected = Signal(object)  # Hit
    sig_next_requested = Signal()
    sig_previous_requested = Signal()
    sig_results_changed = Signal()

    def __init__(self, search: SearchFn, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._runner = runner
        self._generation = 0
        self._task: TaskHandle | None = None  # the search running or waiting, if any
        self._shown_query: str | None = None
        self._open_pending = False  # the first hit of the last search is about to open
        self._release_background: Callable[[], None] | None = None  # see run_query
        self.field = SearchField()
        self._model = SearchHitsModel(parent=self)
        self._header = QLabel(HINT)
        self._header.setObjectName("searchHeader")
        self._header.setTextFormat(Qt.TextFormat.PlainText)
        self._header.setWordWrap(False)
        self._header.setProperty("error", False)
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.setInterval(SEARCHING_AFTER_MS)
        self._searching.timeout.connect(self._on_searching_timeout)
        self._list = QListView()
        self._list.setObjectName("hitList")
        self._list.setModel(self._model)
        self._list.setItemDelegate(HitDelegate(self._list))
        self._list.setUniformItemSizes(True)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._empty = QLabel()
        self._empty.setObjectName("emptyState")
        self._empty.setTextFormat(Qt.TextFormat.PlainText)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(self._stack, 1)
        self._show_empty("")
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.field.sig_submitted.connect(self._on_field_sig_submitted)
        self.field.sig_previous_requested.connect(self.sig_previous_requested)
        self._list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self._list.clicked.connect(self._on_list_clicked)

    # -- public --------------------------------------------------------------------------
    def run_query(self, query: str, *, quietly: bool = False) -> None:
        """Search for ``query`` in the background; a newer search supersedes this one. A
        quiet search (a refresh) keeps the hit the person was on and opens nothing."""
        query = query.strip()
        if self._task is not None:  # superseded: stop it, or never start it
            self._task.cancel()
            self._task = None
        self._generation += 1
        generation = self._generation
        self._open_pending = False
        self._shown_query = query
        self._searching.stop()
        self._let_background_go()
        if not query:
            self._apply(SearchResult(query=""))
            return
        # Background work (recognition, linking) steps aside at its next check from here
        # until the hits are painted and the first hit is open (docs/ARCHITECTURE.md).
        self._release_background = self._runner.hold_background()
        if not quietly:
            self._searching.start()

        def task(progress: Progress, cancelled: Cancelled) -> SearchResult:
            return self._search(query)

        handle = self._runner.start(
            task,
            on_result=lambda r: self._on_task_finished(generation, r, quietly),
            on_error=lambda e: self._on_task_failed(generation, query, e),
            lane=Lane.SEARCH,
        )
        if handle in self._runner.active():  # (a synchronous runner has finished it already)
            self._task = handle
            handle.sig_done.connect(self._on_task_sig_done)

    def query(self) -> str:
        """The query whose results are shown ("" when none)."""
        return self._shown_query or ""

    def search_for(self, query: str) -> None:
        """Run ``query`` as if typed in the search field (it shows there)."""
        self.field.setText(query)
        self.run_query(query)

    def refresh(self, *, quietly: bool = False) -> None:
        """Run the shown query again (after an import, say); ``quietly`` keeps the hit the
        person was on selected and does not open another article."""
        if self._shown_query:
            self.run_query(self._shown_query, quietly=quietly)

    def matches_for(self, doc_id: int) -> tuple[Span, ...]:
        return next((h.matches for h in self._model.hits() if h.doc.id == doc_id), ())

    def is_settled(self) -> bool:
        """No search is running and no first hit waits to open."""
        return self._task is None and not self._open_pending

    def result_count(self) -> int:
        return self._model.rowCount()

    def select_row(self, row: int) -> None:
        index = self._model.index(row, 0)
        if index.isValid():
            self._list.setCurrentIndex(index)

    def header_text(self) -> str:
        return self._header.text()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    # -- slots ---------------------------------------------------------------------------
    @Slot()
    def _on_searching_timeout(self) -> None:
        if self._task is not None:  # (still running: say so)
            self._set_header(SEARCHING, error=False)

    @Slot(str)
    def _on_field_sig_submitted(self, text: str) -> None:
        if text.strip() and text.strip() == self._shown_query and self._model.rowCount():
            self.sig_next_requested.emit()
        else:
            self.run_query(text)

    @Slot(QItemSelection, QItemSelection)
    def _on_list_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._emit_hit(indexes[0])

    @Slot(QModelIndex)
    def _on_list_clicked(self, index: QModelIndex) -> None:
        """A click on the hit already selected opens it again (the reader may show another)."""
        if self._list.selectionModel().isSelected(index):
            self._emit_hit(index)

    def _emit_hit(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, Hit):
            self.sig_hit_selected.emit(hit)

    @Slot(object)
    def _on_task_sig_done(self, handle: TaskHandle) -> None:
        if self._task is handle:
            self._task = None

    def _on_task_finished(self, generation: int, result: object, quietly: bool = False) -> None:
        if generation == self._generation and isinstance(result, SearchResult):
            self._apply(result, quietly)

    def _on_task_failed(self, generation: int, query: str, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._searching.stop()
        self._model.set_hits(())
        message = str(error) if isinstance(error, ParallaxError) else f"Search failed: {error}"
        self._set_header(message.splitlines()[0] if message else "Search failed", error=True)
        self._show_empty(query, failed=True)
        self.sig_results_changed.emit()
        self._post_drawn()

    # -- helpers -------------------------------------------------------------------------
    def _apply(self, result: SearchResult, quietly: bool = False) -> None:
        self._searching.stop()
        current = self._list.currentIndex().data(HIT_ROLE)
        # a refresh that found what is shown changes nothing: no reset, no flicker, no jump
        same = quietly and _same_hits(self._model.hits(), result.hits)
        scrolled = self._list.verticalScrollBar().value()
        if not same:
            self._model.set_hits(result.hits)
            # Lay the new rows out now, so the list paints in the same update as the header,
            # before the first hit opens. (A reset lays them out from a zero timer, which Qt
            # runs after every posted event: the open request too, so the hits often appeared
            # only after the first article had been opened.)
            self._list.doItemsLayout()
        if not result.query:
            self._set_header(HINT, error=False)
        elif not result.hits:
            self._set_header(f"No matches for “{display_query(result.query)}”", error=False)
        else:
            total = max(result.total, len(result.hits))
            about = "" if result.total_exact else "about "
            shown = f"{len(result.hits)} of {about}{total:,}" if total > len(result.hits) else f"{total}"
            noun = "article matches" if total == 1 else "articles match"
            self._set_header(f"{shown} {noun} “{display_query(result.query)}”", error=False)
        self._show_empty(result.query)
        if same:
            self._let_background_go()
            return
        if quietly:  # the person stays where they were in the list; the reader is left alone
            self._reselect(current.doc.id if isinstance(current, Hit) else None)
            self._list.verticalScrollBar().setValue(scrolled)
        self.sig_results_changed.emit()
        if result.hits and not quietly:
            # The hits are drawn first, then the first one opens (opening an article costs
            # more than drawing the list). Qt posts paint requests at low priority, so the
            # request to open is posted at that priority too, after them.
            self._open_pending = True
            QCoreApplication.postEvent(self, QEvent(OPEN_FIRST), Qt.EventPriority.LowEventPriority.value)
        self._post_drawn()

    def customEvent(self, event: QEvent) -> None:
        if event.type() == OPEN_FIRST:
            self._open_first()
        elif isinstance(event, _Drawn):
            if event.generation == self._generation:  # (not a newer search's)
                self._let_background_go()
        else:
            super().customEvent(event)

    def _post_drawn(self) -> None:
        """Let background work go on once what was just shown is painted and the first hit
        opened (posted at the paint requests' priority after OPEN_FIRST, so it comes after them)."""
        QCoreApplication.postEvent(self, _Drawn(self._generation),
                                   Qt.EventPriority.LowEventPriority.value)

    def _let_background_go(self) -> None:
        if self._release_background is not None:
            self._release_background()
            self._release_background = None

    def _open_first(self) -> None:
        """Open the first hit, unless a newer search ran or a hit was picked meanwhile."""
        if not self._open_pending:
            return  # a newer search came since (it posts its own)
        self._open_pending = False
        if not self._list.currentIndex().isValid():
            self.select_row(0)

    def _reselect(self, doc_id: int | None) -> None:
        """Select ``doc_id``'s hit again without telling anyone (nothing new to open)."""
        row = next((i for i, h in enumerate(self._model.hits()) if h.doc.id == doc_id), None)
        if row is None:
            return
        with QSignalBlocker(self._list.selectionModel()):
            self._list.setCurrentIndex(self._model.index(row, 0))

    def _set_header(self, text: str, *, error: bool) -> None:
        self._header.setText(text)
        if self._header.property("error") != error:  # (the style sheet draws errors in red)
            self._header.setProperty("error", error)
            self._header.style().unpolish(self._header)
            self._header.style().polish(self._header)

    def _show_empty(self, query: str, failed: bool = False) -> None:
        if self._model.rowCount():
            self._stack.setCurrentWidget(self._list)
            return
        if failed:
            self._empty.setText("Fix the query and press Enter again.")
        elif query:
            self._empty.setText(f"No matches for “{display_query(query)}”.\n"
                                "Try fewer words, or wild* and fuzzy~.")
        else:
            self._empty.setText(f"Search all articles.\n\n{PLACEHOLDER}")
        self._stack.setCurrentWidget(self._empty)


def _same_hits(shown: tuple[Hit, ...], found: tuple[Hit, ...]) -> bool:
    """The same articles in the same order with the same matches and titles."""
    return len(shown) == len(found) and all(
        a.doc == b.doc and a.matches == b.matches for a, b in zip(shown, found, strict=True))
