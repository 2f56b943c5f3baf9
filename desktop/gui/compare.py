"""The compare view: two articles side by side with their shared passages.

Each column is a :class:`ReaderView` (so text is drawn exactly as in the reader, never as
HTML); link ends are a shading layer by kind. The gutter joins twin passages, the overview
strips show where reuse sits in each whole article, the figures line gives the pair's shares,
counts by kind and longest passage. Clicking a passage selects its link: the other column
scrolls to the twin and the diff strip shows the word-level difference. Scrolling one column
keeps the other aligned on the passage in view. As in a diff tool, F7 / Shift+F7 (or Alt+Down
/ Alt+Up) step to the next / previous difference: each shared passage in reading order and
each paragraph found in one article only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ParallaxError
from desktop.core.library import Library
from desktop.core.marks import BlockMark, LinkMark, block_marks, link_marks
from desktop.core.model import Document
from desktop.core.overlap.types import Link
from desktop.core.titles import display_title
from desktop.gui.compare_diff import DiffStrip
from desktop.gui.compare_gutter import Gutter, OverviewStrip, SpanY, kind_colour
from desktop.gui.reader import ReaderView

COLUMN_SCALE = 0.88  # the columns' type against the reader's: two columns fit a laptop
NEXT_KEYS, PREVIOUS_KEYS = ("F7", "Alt+Down"), ("Shift+F7", "Alt+Up")
Stop = tuple[str, Link | tuple[int, int]]  # ("link", link) | ("a" | "b", unique block)


class CompareView(QWidget):
    sig_close_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self._library = library
        self.links: list[Link] = []  # oriented A → B
        self.selected: Link | None = None
        self._syncing = False
        self.pick_a, self.pick_b = QComboBox(), QComboBox()
        for combo in (self.pick_a, self.pick_b):
            # long titles must not make the window wider than a laptop screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.close_button = QPushButton("Back to reader")
        self.previous = QPushButton("▲ Previous")
        self.next = QPushButton("▼ Next difference")
        self.previous.setToolTip("The previous difference (Shift+F7, Alt+Up)")
        self.next.setToolTip("The next difference: a shared passage or a paragraph only one "
                             "article has (F7, Alt+Down)")
        self.position = QLabel()
        self.stops: list[Stop] = []
        self.stop = -1
        self.column_a, self.column_b = ReaderView(), ReaderView()
        self.strip_a, self.strip_b = OverviewStrip(), OverviewStrip()
        self.gutter = Gutter()
        self.diff = DiffStrip()
        self._assemble()
        self._connect_signals()

    def _assemble(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.pick_a, 1)
        top.addWidget(QLabel("↔"))
        top.addWidget(self.pick_b, 1)
        top.addWidget(self.previous)
        top.addWidget(self.next)
        top.addWidget(self.position)
        top.addWidget(self.close_button)
        holder = QWidget()
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(0)
        for w in (self.strip_a, self.column_a, self.gutter, self.column_b, self.strip_b):
            columns.addWidget(w, 1 if isinstance(w, ReaderView) else 0)
        # the columns over the diff strip; the person can give the diff more room (kept)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(holder)
        self.splitter.addWidget(self.diff)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([10_000, 96])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.figures)
        layout.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.pick_a.currentIndexChanged.connect(self._on_pick_changed)
        self.pick_b.currentIndexChanged.connect(self._on_pick_changed)
        self.close_button.clicked.connect(self.sig_close_requested)
        self.next.clicked.connect(self.next_difference)
        self.previous.clicked.connect(self.previous_difference)
        for keys, slot in ((NEXT_KEYS, self.next_difference), (PREVIOUS_KEYS, self.previous_difference)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        escape = QShortcut(QKeySequence("Escape"), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.sig_close_requested)
        self.column_a.cursorPositionChanged.connect(lambda: self._on_column_clicked("a"))
        self.column_b.cursorPositionChanged.connect(lambda: self._on_column_clicked("b"))
        for column in (self.column_a, self.column_b):
            column.installEventFilter(self)  # a resize reflows the text: keep the twins in view
        self.column_a.verticalScrollBar().valueChanged.connect(lambda _: self._on_scrolled("a"))
        self.column_b.verticalScrollBar().valueChanged.connect(lambda _: self._on_scrolled("b"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.selected is not None:
            QTimer.singleShot(0, self._scroll_to_selected)
        return super().eventFilter(watched, event)

    # -- public --------------------------------------------------------------------------
    def reload_choices(self) -> None:
        docs = self._library.list_documents()
        for combo in (self.pick_a, self.pick_b):
            with QSignalBlocker(combo):
                current = combo.currentData()
                combo.clear()
                for d in docs:
                    combo.addItem(f"#{d.id}  {display_title(d.title, d.path)}", d.id)
                if current is not None:
                    combo.setCurrentIndex(max(0, combo.findData(current)))

    def default_pair(self) -> tuple[int, int] | None:
        """The pair sharing the most text (the sample pair in a new library)."""
        best: tuple[int, tuple[int, int]] | None = None
        for k in self._library.links.all_links():
            size = k.a.end - k.a.start
            if best is None or size > best[0]:
                best = (size, (k.a.doc, k.b.doc))
        if best is not None:
            return best[1]
        ids = [d.id for d in self._library.list_documents()]
        return (ids[0], ids[1]) if len(ids) >= 2 else None

    def set_point_size(self, reader_size: float) -> None:
        """The columns' type, a little smaller than the reader's (two columns side by side)."""
        for column in (self.column_a, self.column_b):
            column.set_point_size(round(reader_size * COLUMN_SCALE * 2) / 2)

    def show_pair(self, a: int, b: int, focus: Link | None = None) -> bool:
        self.reload_choices()
        try:
            doc_a, doc_b = self._library.get_document(a), self._library.get_document(b)
        except ParallaxError:
            return False
        for combo, doc_id in ((self.pick_a, a), (self.pick_b, b)):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(doc_id)))
        self.column_a.show_document(doc_a)
        self.column_b.show_document(doc_b)
        self.links = self._library.links.pair(a, b) if a != b else []
        self._draw(doc_a, doc_b)
        self.stops = self._differences(doc_a, doc_b)
        self.select(focus.seen_from(a) if focus is not None else None)
        return True

    # -- differences, as in a diff tool ------------------------------------------------------
    def _differences(self, doc_a: Document, doc_b: Document) -> list[Stop]:
        """Shared passages in A's reading order, with the paragraphs only A has where they
        stand in A and those only B has after the passage that precedes them in B."""
        keyed: list[tuple[tuple[int, int, int], Stop]] = [
            ((k.a.start, 1, k.b.start), ("link", k)) for k in self.links]
        alone_a = self._unique_blocks(doc_a, link_marks(doc_a.id, self.links))
        keyed += [((b.start, 0, -1), ("a", (b.start, b.end))) for b in alone_a]
        for b in self._unique_blocks(doc_b, link_marks(doc_b.id, self.links)):
            s, e = b.start, b.end
            before = [k for k in self.links if k.b.end <= s]
            at = max((k.a.end for k in before), default=0)
            keyed.append(((at, 2, s), ("b", (s, e))))
        return [stop for _, stop in sorted(keyed, key=lambda x: x[0])]

    @Slot()
    def next_difference(self) -> None:
        self._go(self.stop + 1 if self.stop + 1 < len(self.stops) else 0)

    @Slot()
    def previous_difference(self) -> None:
        self._go(self.stop - 1 if self.stop > 0 else len(self.stops) - 1)

    def _go(self, n: int) -> None:
        if not self.stops:
            return
        kind, what = self.stops[n]
        if isinstance(what, Link):
            self.select(what)
        else:
            self._show_unique(kind, what)
        self.stop = n
        self._show_position()

    def _show_unique(self, side: str, span: tuple[int, int]) -> None:
        """A paragraph one article has and the other not: shown, marked, said."""
        self.selected = None
        self.gutter.set_selected(None)
        column = self.column_a if side == "a" else self.column_b
        other = self.column_b if side == "a" else self.column_a
        fmt = QTextCharFormat()
        fmt.setBackground(kind_colour("unique", 90))
        column.set_layer("selected", [(BlockMark(span[0], span[1]), fmt)], z=1)
        other.set_layer("selected", [])
        self._syncing = True
        self._scroll_to(column, span[0])
        self._syncing = False
        doc = column.document_shown()
        self.diff.show_note(f"Only in {side.upper()}" + (f" (#{doc.id})" if doc else "")
                            + ": the other article has no counterpart of this paragraph.")

    def _show_position(self) -> None:
        n = len(self.stops)
        self.position.setText(f"{self.stop + 1} of {n}" if self.stop >= 0 and n else
                              (f"{n} differences" if n else "no differences"))

    def select(self, link: Link | None) -> None:
        """Make ``link`` current: both columns scroll to its ends, the diff strip shows it."""
        self.selected = link
        self.stop = next((n for n, (_, what) in enumerate(self.stops) if what == link), -1) \
            if link is not None else -1
        self._show_position()
        self.gutter.set_selected(link)
        a, b = self.column_a.document_shown(), self.column_b.document_shown()
        self.diff.show_pair(link, a.text if a else "", b.text if b else "")
        self._scroll_to_selected()
        QTimer.singleShot(0, self._scroll_to_selected)  # again once a new layout has settled
        self._draw_selection()

    @Slot()
    def _scroll_to_selected(self) -> None:
        link = self.selected
        if link is None:
            return
        self._syncing = True
        self._scroll_to(self.column_a, link.a.start)
        self._scroll_to(self.column_b, link.b.start)
        self._syncing = False
        self.gutter.update()

    # -- drawing ---------------------------------------------------------------------------
    def _draw(self, doc_a: Document, doc_b: Document) -> None:
        unique: list[int] = []
        sides = ((self.column_a, self.strip_a, doc_a), (self.column_b, self.strip_b, doc_b))
        for column, strip, doc in sides:
            marks = link_marks(doc.id, self.links)  # the same marks the reader draws
            column.set_layer("links", [(m, self._link_format(m)) for m in marks])
            alone = self._unique_blocks(doc, marks)
            strip.set_marks(len(doc.clean.text), [(m.start, m.end, m.link_kind) for m in marks]
                            + [(b.start, b.end, "unique") for b in alone])
            unique.append(len(alone))
        self.gutter.set_links(self.links, self._y_of(self.column_a), self._y_of(self.column_b))
        self._show_figures(doc_a, doc_b, unique[0], unique[1])

    def _draw_selection(self) -> None:
        for column in (self.column_a, self.column_b):
            doc = column.document_shown()
            marks = link_marks(doc.id, [self.selected]) if self.selected and doc else ()
            column.set_layer("selected", [(m, self._link_format(m, 130)) for m in marks], z=1)

    @staticmethod
    def _link_format(m: LinkMark, alpha: int = 70) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(kind_colour(m.link_kind, alpha))
        if alpha < 100:
            fmt.setToolTip(f"{m.link_kind} · score {m.score:.2f} — click to see its twin")
        return fmt

    @staticmethod
    def _unique_blocks(doc: Document, shared: Sequence[LinkMark]) -> list[BlockMark]:
        """Blocks with no shared text at all: unique to this article in the pair."""
        return [b for b in block_marks(doc) if not any(m.start < b.end and b.start < m.end for m in shared)]

    def _show_figures(self, doc_a: Document, doc_b: Document, unique_a: int, unique_b: int) -> None:
        if doc_a.id == doc_b.id:
            self.figures.setText("The same article on both sides: choose another one.")
            return
        st = self._library.links.stats(doc_a.id, doc_b.id)
        counts = ", ".join(f"{n} {kind}" for kind, n in st.counts.items() if n) or "no shared passages"
        self.figures.setText(
            f"{st.share_a:.0%} of A appears in B · {st.share_b:.0%} of B appears in A · {counts} · "
            f"longest shared passage {st.longest:,} characters · "
            f"A adds {_blocks(unique_a)}, B adds {_blocks(unique_b)} (unshaded)")

    def _y_of(self, column: ReaderView) -> SpanY:
        """Top and bottom of a clean span of ``column`` in gutter coordinates."""
        def span_y(start: int, end: int) -> tuple[float, float] | None:
            if column.document_shown() is None:
                return None
            cur = column.textCursor()
            cur.setPosition(column.to_position(start))
            y0 = column.cursorRect(cur).top()
            cur.setPosition(column.to_position(end))
            y1 = column.cursorRect(cur).bottom()
            origin = QPoint(0, 0)
            shift = column.viewport().mapTo(self, origin).y() - self.gutter.mapTo(self, origin).y()
            return float(y0 + shift), float(y1 + shift)
        return span_y

    # -- scrolling -------------------------------------------------------------------------
    @staticmethod
    def _scroll_to(column: ReaderView, clean_pos: int) -> None:
        cur = column.textCursor()
        cur.setPosition(column.to_position(clean_pos))
        bar = column.verticalScrollBar()
        bar.setValue(bar.value() + column.cursorRect(cur).top() - 40)

    def _top_clean(self, column: ReaderView) -> int | None:
        return column.to_clean(column.cursorForPosition(column.viewport().rect().topLeft()).position())

    @Slot()
    def _on_scrolled(self, side: str) -> None:
        self._update_strips()
        self.gutter.update()
        if self._syncing or not self.links:
            return
        src, dst = (self.column_a, self.column_b) if side == "a" else (self.column_b, self.column_a)
        pos = self._top_clean(src)
        if pos is None:
            return
        ends = [((k.a, k.b) if side == "a" else (k.b, k.a)) for k in self.links]
        here = [e for e in ends if e[0].start <= pos < e[0].end]
        if not here:
            return
        mine, twin = here[0]
        frac = (pos - mine.start) / max(1, mine.end - mine.start)
        self._syncing = True
        self._scroll_to(dst, twin.start + int(frac * (twin.end - twin.start)))
        self._syncing = False

    def _update_strips(self) -> None:
        for column, strip in ((self.column_a, self.strip_a), (self.column_b, self.strip_b)):
            bar = column.verticalScrollBar()
            total = max(1, bar.maximum() + bar.pageStep())
            strip.set_view(bar.value() / total, (bar.value() + bar.pageStep()) / total)

    # -- slots -----------------------------------------------------------------------------
    @Slot()
    def _on_pick_changed(self) -> None:
        a, b = self.pick_a.currentData(), self.pick_b.currentData()
        if a is not None and b is not None:
            self.show_pair(int(a), int(b))

    def _on_column_clicked(self, side: str) -> None:
        column = self.column_a if side == "a" else self.column_b
        if self._syncing or column.textCursor().hasSelection():
            return
        pos = column.to_clean(column.textCursor().position())
        if pos is None:
            return
        for k in self.links:
            end = k.a if side == "a" else k.b
            if end.start <= pos < end.end:
                if k != self.selected:
                    self.select(k)
                return


def _blocks(n: int) -> str:
    return f"{n} paragraph{'s' if n != 1 else ''}"
