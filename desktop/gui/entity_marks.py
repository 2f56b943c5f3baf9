"""How entity mentions look in the reader: colours, underline styles, tints and tooltips.

Colours and underline patterns come from the one style table, core/styles.py (Okabe–Ito;
each label also has its own underline style, so the type reads without colour).
Marks are a soft tint plus an underline, lighter on dark palettes. Nothing here knows about
documents: it gives the entity marks of core/marks.py their QTextCharFormats for
ReaderView.set_layer.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QBrush, QColor, QPalette, QTextCharFormat

from desktop.core import styles
from desktop.core.entities.consolidate import Mention
from desktop.core.entities.labels import Label
from desktop.core.marks import EntityMark, alias_note
from desktop.gui.reader import ReaderView
from desktop.gui.reader_style import is_dark

_U = QTextCharFormat.UnderlineStyle
_PATTERNS = {"solid": _U.SingleUnderline, "dashed": _U.DashUnderline, "dotted": _U.DotLine,
             "dashdot": _U.DashDotLine, "dashdotdot": _U.DashDotDotLine}
# label -> (colour, underline style), both from the one style table (core/styles.py)
LABEL_STYLE: dict[Label, tuple[str, QTextCharFormat.UnderlineStyle]] = {
    label: (styles.entity_colour(label.value), _PATTERNS[styles.ENTITY_UNDERLINES[label.value]])
    for label in Label}
LAYER = "entities"
LAYER_Z = -10  # under highlights, link ends and search matches


def label_colour(label: Label, dark: bool) -> QColor:
    colour = QColor(LABEL_STYLE[label][0])
    return colour.lighter(145) if dark else colour


def tint(label: Label, dark: bool) -> QColor:
    """A soft background: people, organisations and places a little stronger than the rest."""
    colour = label_colour(label, dark)
    alpha = 52 if dark else 32
    colour.setAlpha(alpha if label.value in styles.PRIMARY_ENTITIES else alpha * 2 // 3)
    return colour


def tooltip(m: Mention | EntityMark) -> str:
    """The entity, its label, the form written here and, for a form taken as another name
    ("Bolton" for John Bolton), how sure that is. Plain text (Qt shows rich text only when it
    looks like markup: article words are kept from looking like it)."""
    note = alias_note(m.entity, m.text, m.confidence)  # (core/marks.py: the exports' too)
    return _plain(f"{m.entity} — {m.label}" + (f" ({note})" if note else ""))


def _plain(text: str) -> str:
    return text.replace("<", "‹").replace(">", "›")


class EntityFormats:
    """QTextCharFormats per label for one palette, shared by every mark of that label."""

    def __init__(self, palette: QPalette) -> None:
        self.dark = is_dark(palette)
        self._base: dict[Label, QTextCharFormat] = {}
        for label, (_, style) in LABEL_STYLE.items():
            fmt = QTextCharFormat()
            fmt.setBackground(QBrush(tint(label, self.dark)))
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(label_colour(label, self.dark))
            self._base[label] = fmt

    def format(self, m: EntityMark) -> QTextCharFormat:
        fmt = QTextCharFormat(self._base[_label(m)])
        fmt.setToolTip(tooltip(m))
        return fmt


def _label(m: EntityMark) -> Label:
    return Label.__members__.get(m.label, Label.OTHER)


def entity_layer(marks: Sequence[EntityMark], formats: EntityFormats, shown: Collection[Label],
                 window: tuple[int, int] | None = None) -> list[tuple[EntityMark, QTextCharFormat]]:
    """The entity marks whose label is switched on (and that lie in ``window``, clean
    offsets, when given: marks are in text order), with their formats."""
    cache: dict[tuple[str, str, str], QTextCharFormat] = {}
    out = []
    first = 0
    if window is not None:
        first = max(0, bisect_left([m.start for m in marks], window[0]) - 1)
    for m in marks[first:]:
        if window is not None and m.start >= window[1]:
            break
        if _label(m) not in shown or (window is not None and m.end <= window[0]):
            continue
        key = (m.entity, m.label, m.text)
        fmt = cache.get(key)
        if fmt is None:
            fmt = cache[key] = formats.format(m)
        out.append((m, fmt))
    return out


def mention_at(mentions: Sequence[Mention], pos: int | None) -> Mention | None:
    if pos is None:
        return None
    for m in mentions:
        if m.start <= pos < m.end:
            return m
    return None


def visible_range(reader: ReaderView) -> tuple[int, int]:
    """The clean-text range shown in the reader's viewport (the whole text when unknown)."""
    doc = reader.document_shown()
    text_len = len(doc.clean.text) if doc is not None else 0
    viewport = reader.viewport()
    top = reader.to_clean(reader.cursorForPosition(QPoint(0, 0)).position())
    bottom = reader.to_clean(reader.cursorForPosition(
        QPoint(viewport.width() - 1, viewport.height() - 1)).position())
    lo = 0 if top is None else top
    hi = text_len if bottom is None or bottom < lo else bottom
    return lo, hi


def drawn_window(view: tuple[int, int], text_len: int) -> tuple[int, int]:
    """The range to draw marks in: the view widened by its own length (at least 3,000
    characters) on each side, so scrolling a little needs no redraw. Drawing only these
    marks keeps opening a long article fast: every mark costs Qt a text cursor."""
    lo, hi = view
    margin = max(hi - lo, 3000)
    return max(0, lo - margin), min(text_len, hi + margin)


def needs_redraw(view: tuple[int, int], drawn: tuple[int, int], text_len: int) -> bool:
    """True when the view has come within half a screen of an edge of the drawn range that is
    not an end of the text (so the marks are always drawn to the first and last word)."""
    top, bottom = view
    lo, hi = drawn
    slack = max(1, (bottom - top) // 2)
    return (lo > 0 and top - slack < lo) or (hi < text_len and bottom + slack > hi)
