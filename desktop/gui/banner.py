"""A calm, non-modal banner for notices and import summaries (one line; two when a warning
follows a warning), with optional details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class Banner(QFrame):
    """Hidden until :meth:`show_message`; the user closes it (nothing blocks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._details = ""
        self.details_dialog: NoticeDetails | None = None
        self._label = QLabel()
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # file names are untrusted text
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long message (a file's path, two warnings) wraps: it must never widen the window
        # past the screen and squeeze the panels
        self._label.setWordWrap(True)
        self._label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._details_button = QPushButton("Details…")
        self._details_button.setFlat(True)
        self._close = QPushButton("✕")
        self._close.setFlat(True)
        self._close.setToolTip("Dismiss")
        self._close.setFixedWidth(28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._details_button)
        layout.addWidget(self._close)
        self.hide()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._close.clicked.connect(self._on_close_clicked)
        self._details_button.clicked.connect(self._on_details_button_clicked)

    def show_message(self, text: str, details: str = "", *, warning: bool = False,
                     replace: bool = False) -> None:
        """Show ``text``. A warning still on show is not lost when another message comes: it
        moves to the details of the new one, and when the new one is a warning too, its line
        stays on show above it (an import stopped by a full disk, then the analysis failing
        for the same reason: the first says what was kept). ``replace`` is for a message that
        settles the one on show (the index rebuilt, after "being rebuilt")."""
        shown = self._label.text()
        headline = text
        if self.isVisible() and self.property("warning") and shown != text:
            earlier = "\n".join(x for x in (shown, self._details) if x)
            details = "\n\n".join(x for x in (details, f"Earlier:\n{earlier}") if x)
            if warning and not replace:
                headline = f"{shown.splitlines()[-1]}\n{text}"  # the two latest warnings
        self._label.setText(headline)
        self._details = details
        self._details_button.setVisible(bool(details))
        self.setProperty("warning", warning)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def text(self) -> str:
        return self._label.text() if self.isVisible() else ""

    @Slot()
    def _on_close_clicked(self) -> None:
        self.hide()

    @Slot()
    def _on_details_button_clicked(self) -> None:
        self.details_dialog = NoticeDetails(self._label.text(), self._details, self)
        self.details_dialog.show()


class NoticeDetails(QDialog):
    """The details of a notice (an import's file-by-file report): large enough to read,
    resizable, selectable plain text (file names are untrusted)."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Details")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)
        head = QLabel(summary)
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(900, int(screen.width() * 0.7)) if screen is not None else 900
        height = min(560, int(screen.height() * 0.7)) if screen is not None else 560
        self.resize(width, height)
