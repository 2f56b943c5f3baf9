"""The diff strip under the compare view: the word-level difference of one linked pair.

Deleted words are struck through, inserted words underlined, a substitution shows both. Text
goes in with insertText only (article text is untrusted, never HTML).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from desktop.core import styles
from desktop.core.overlap.classify import word_diff
from desktop.core.overlap.types import Link


class DiffStrip(QTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDiff")
        self.setReadOnly(True)
        self.setMinimumHeight(48)
        self.setPlaceholderText("Click a shaded passage, or press F7 for the next difference, to "
                                "see how its twin differs, word by word.")
        self._ops: list[tuple[str, str, str]] = []

    def operations(self) -> list[tuple[str, str, str]]:
        return list(self._ops)

    def show_note(self, text: str) -> None:
        """One line of our own words (no passage is selected)."""
        self.clear()
        self._ops = []
        self.setPlainText(text)

    def show_pair(self, link: Link | None, text_a: str, text_b: str) -> None:
        self.clear()
        self._ops = []
        if link is None:
            return
        self._ops = word_diff(text_a[link.a.start:link.a.end], text_b[link.b.start:link.b.end])
        cursor = self.textCursor()
        plain, dele, ins, head = (QTextCharFormat() for _ in range(4))
        dele.setFontStrikeOut(True)
        dele.setForeground(QColor(styles.DIFF_DELETED))
        ins.setFontUnderline(True)
        ins.setForeground(QColor(styles.DIFF_INSERTED))
        head.setFontWeight(700)
        changes = sum(op != "equal" for op, _, _ in self._ops)
        cursor.insertText(f"{link.kind} · score {link.score:.2f} · {changes} change"
                          f"{'s' if changes != 1 else ''}\n", head)
        for op, a, b in self._ops:
            if op in ("delete", "replace"):
                cursor.insertText(a + " ", dele)
            if op in ("insert", "replace"):
                cursor.insertText(b + " ", ins)
            if op == "equal":
                cursor.insertText(a + " ", plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)
