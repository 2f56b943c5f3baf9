"""Typography and colours of the reader, derived from the palette so light and dark both read well.

One :class:`ReaderStyle` gives a block format and a character format for each block kind,
the metadata line, and the two search-match colours. Nothing here knows about documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
)

from desktop.core import styles
from desktop.core.model import BlockKind

SERIF_FAMILIES = ("Source Serif 4", "Noto Serif", "Charter", "Georgia", "DejaVu Serif", "serif")
SANS_FAMILIES = ("Inter", "Noto Sans", "Segoe UI", "Helvetica Neue", "DejaVu Sans", "sans-serif")
BASE_POINT_SIZE = 12.0
MEASURE_CHARS = 70  # characters per line of body text
LINE_HEIGHT = 150  # percent


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of the way from ``a`` to ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def _first_installed(families: tuple[str, ...]) -> list[str]:
    installed = set(QFontDatabase.families())
    found = [f for f in families if f in installed]
    return found or list(families)


@dataclass(frozen=True)
class MatchColours:
    match: QColor
    current: QColor
    text: QColor


class ReaderStyle:
    """Formats for one palette and one zoom level (points of body text)."""

    def __init__(self, palette: QPalette, point_size: float = BASE_POINT_SIZE) -> None:
        self.palette = palette
        self.point_size = point_size
        self.dark = is_dark(palette)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.base = palette.color(QPalette.ColorRole.Base)
        self.muted = blend(self.base, self.text, 0.62)
        self.tint = blend(self.base, palette.color(QPalette.ColorRole.Highlight), 0.10)
        self.rule = blend(self.base, palette.color(QPalette.ColorRole.Highlight), 0.55)
        self.serif = _first_installed(SERIF_FAMILIES)
        self.sans = _first_installed(SANS_FAMILIES)

    # -- fonts and measure ---------------------------------------------------------------
    def body_font(self) -> QFont:
        font = QFont()
        font.setFamilies(self.serif)
        font.setPointSizeF(self.point_size)
        return font

    def matches(self) -> MatchColours:
        if self.dark:
            return MatchColours(QColor(112, 92, 24), QColor(214, 118, 28), QColor(255, 255, 255))
        return MatchColours(QColor(styles.MATCH_COLOUR), QColor(styles.CURRENT_MATCH_COLOUR),
                            QColor(0, 0, 0))

    # -- formats -------------------------------------------------------------------------
    def _char(self, scale: float = 1.0, *, sans: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies(self.sans if sans else self.serif)
        fmt.setFontPointSize(self.point_size * scale)
        fmt.setForeground(QBrush(self.text))
        return fmt

    def _block(self, top: float, bottom: float, line_height: int = LINE_HEIGHT) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(top * self.point_size)
        fmt.setBottomMargin(bottom * self.point_size)
        fmt.setLineHeight(line_height, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        return fmt

    def char_format(self, kind: str) -> QTextCharFormat:
        if kind == BlockKind.HEADLINE:
            fmt = self._char(1.75)
            fmt.setFontWeight(QFont.Weight.Bold)
        elif kind == BlockKind.SUBHEADING:
            fmt = self._char(1.15, sans=True)
            fmt.setFontWeight(QFont.Weight.DemiBold)
        elif kind == BlockKind.CAPTION:
            fmt = self._char(0.85, sans=True)
            fmt.setFontItalic(True)
            fmt.setForeground(QBrush(self.muted))
        elif kind == BlockKind.RELATED:
            fmt = self._char(0.85, sans=True)
            fmt.setForeground(QBrush(self.muted))
        elif kind == BlockKind.SOCIAL:
            fmt = self._char(0.92, sans=True)
        else:
            fmt = self._char()
        return fmt

    def block_format(self, kind: str) -> QTextBlockFormat:
        if kind == BlockKind.HEADLINE:
            return self._block(0.0, 0.4, 120)
        if kind == BlockKind.SUBHEADING:
            return self._block(1.2, 0.4, 130)
        if kind in (BlockKind.CAPTION, BlockKind.RELATED):
            return self._block(0.2, 0.9, 135)
        if kind == BlockKind.LINE:  # a line of a list or table: lines stay together
            return self._block(0.0, 0.15)
        if kind == BlockKind.SOCIAL:
            fmt = self._block(0.3, 1.0, 140)
            fmt.setLeftMargin(1.5 * self.point_size)
            fmt.setRightMargin(1.5 * self.point_size)
            fmt.setBackground(QBrush(self.tint))
            return fmt
        return self._block(0.0, 0.85)

    def meta_formats(self) -> tuple[QTextBlockFormat, QTextCharFormat]:
        """The line under the headline: outlet · date · url · file."""
        block = self._block(0.0, 2.0, 130)
        char = self._char(0.85, sans=True)
        char.setForeground(QBrush(self.muted))
        return block, char
