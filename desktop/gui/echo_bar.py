"""The strip under the reader: for the passage under the cursor, every other article holding
it — "Also in: AFP ¶3 · Outlet B ¶2 (edited) · Outlet C (paraphrase)", each a link into the
compare view — and otherwise where the article stands in the story (its family, who had it
first). Outlets and titles are untrusted: they are button and label text, never HTML.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from desktop.core.storymap.snapshot import MapSnapshot
from desktop.core.storymap.story import Echo
from desktop.gui.models import safe_tooltip


def echo_text(snap: MapSnapshot, e: Echo) -> str:
    """"AFP ¶3", "Outlet B ¶2 (edited)", "#7 (paraphrase)"."""
    info = snap.smap.articles[e.copy.doc].info
    name = info.source or f"#{e.copy.doc}"
    where = f" ¶{e.paragraph}" if e.paragraph else ""
    kind = "" if (e.kind or e.copy.kind) in ("verbatim", "reference") else f" ({e.kind or e.copy.kind})"
    return f"{name}{where}{kind}"


class ElidedLabel(QLabel):
    """One line of plain text, elided to the room it gets (never widening the window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        super().setText(shown)


class EchoBar(QFrame):
    sig_echo_chosen = Signal(int, int, int)  # other doc, its copy's clean start, end
    sig_map_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("echoBar")
        self.label = ElidedLabel()
        self.label.setObjectName("echoLabel")
        self.more = QToolButton()  # the echoes that do not fit, in a menu
        self.more.setAutoRaise(True)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(QMenu(self.more))
        self.more.hide()
        self.links = QWidget()  # the echo links: as many as fit, never widening the window
        self.links.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._links_row = QHBoxLayout(self.links)
        self._links_row.setContentsMargins(0, 0, 0, 0)
        self._links_row.setSpacing(2)
        self._links_row.addStretch(1)
        self._echoes: list[tuple[str, str, Echo]] = []
        self.open_map = QPushButton("Story map")
        self.open_map.setFlat(True)
        self.open_map.setToolTip("The whole picture: families, passages, quotes (Ctrl+M)")
        self.buttons: list[QToolButton] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 3, 6, 3)
        self._row.setSpacing(4)
        self._row.addWidget(self.label, 1)
        self._row.addWidget(self.links, 100)
        self._row.addWidget(self.more)
        self._row.addWidget(self.open_map)
        self.open_map.clicked.connect(self.sig_map_requested)
        probe = QToolButton()
        probe.setText("Ag")
        self.setFixedHeight(max(probe.sizeHint().height(), self.open_map.sizeHint().height()) + 6)
        probe.deleteLater()  # one height whatever it shows: the reader above never jumps
        self.hide()

    def texts(self) -> list[str]:
        return [b.text() for b in self.buttons]

    def _clear(self) -> None:
        for b in self.buttons:
            self._links_row.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        self._echoes = []
        self.more.hide()
        self.links.hide()

    def show_echoes(self, snap: MapSnapshot, echoes: list[Echo]) -> None:
        self._clear()
        self.label.setText("Also in:")
        self.label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.label.setFixedWidth(self.label.fontMetrics().horizontalAdvance("Also in:") + 6)
        self.label.setToolTip("")
        for n, e in enumerate(echoes):
            info = snap.smap.articles[e.copy.doc].info
            tip = safe_tooltip(f"#{e.copy.doc} {info.title}\nCompare this passage with its copy there")
            self._echoes.append((echo_text(snap, e), tip, e))
            button = QToolButton()
            button.setObjectName("echoLink")
            button.setAutoRaise(True)
            button.setText(echo_text(snap, e))
            button.setToolTip(tip)
            button.clicked.connect(
                lambda _=False, cp=e.copy: self.sig_echo_chosen.emit(cp.doc, cp.start, cp.end))
            self._links_row.insertWidget(n, button)
            self.buttons.append(button)
        self.links.show()
        self.show()
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def shown_texts(self) -> list[str]:
        """The echo links visible now (the rest are in the "more" menu)."""
        return [b.text() for b in self.buttons if not b.isHidden()]

    def _fit(self) -> None:
        """Show the echo links that fit; the rest go to the "+N more" menu."""
        if not self.buttons:
            return
        room = self.width() - self.label.width() - 60
        used, shown = 0, 0
        for b in self.buttons:
            used += b.sizeHint().width() + 2
            fits = used <= room or shown == 0
            b.setVisible(fits)
            shown += fits
        rest = self._echoes[shown:]
        self.more.setVisible(bool(rest))
        if rest:
            self.more.setText(f"+{len(rest)} more")
            menu = self.more.menu()
            menu.clear()
            for text, _, e in rest:
                action = menu.addAction(text)
                action.triggered.connect(
                    lambda _=False, cp=e.copy: self.sig_echo_chosen.emit(cp.doc, cp.start, cp.end))

    def show_story(self, text: str, tip: str = "") -> None:
        """No shared passage under the cursor: where the article stands in the story."""
        self._clear()
        self.label.setMinimumWidth(0)
        self.label.setMaximumWidth(16_777_215)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setText(text)
        self.label.setToolTip(safe_tooltip(tip) if tip else "")
        self.setVisible(bool(text))
