"""Highlights and notes in the window: the reader's highlight layer, its context-menu actions,
and an undo stack whose commands are AnnotationService calls.

Every command writes through the service at once (one committed transaction), so what the
window shows as done is on disk; undo and redo are further service calls (``restore`` puts
back an annotation with its own id). The service reports each write as a change event; the
reader's highlight layer and the notes panel redraw from those events (``on_docs_changed``),
whoever made the change (a command here, an import, a re-anchoring update).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop.core import styles
from desktop.core.annotations.model import Annotation, Colour
from desktop.core.annotations.service import AnnotationService
from desktop.core.errors import ParallaxError
from desktop.core.events import Change, DocsChanged
from desktop.core.marks import HighlightMark, highlight_marks
from desktop.core.model import Document, Span
from desktop.gui.reader import ReaderContext, ReaderView

HIGHLIGHT_LAYER, HIGHLIGHT_Z = "highlights", 5
NoteAsker = Callable[[QWidget, str, str], "str | None"]


def ask_note(parent: QWidget, title: str, text: str) -> str | None:
    note, ok = QInputDialog.getMultiLineText(parent, title, "Note (Markdown):", text)
    return note if ok else None


def tooltip(a: Annotation, colour: Colour | None) -> str:
    """The highlight's tooltip: its note (or colour meaning) and, when the text changed since
    it was highlighted, both wordings. Rich text built from escaped strings only (Qt would
    otherwise guess whether a note is HTML)."""
    lines = [a.note or (colour.name if colour else a.colour)]
    if a.original:
        lines += ["", "The text changed since you highlighted it.",
                  f"You highlighted: “{a.original}”", f"It now reads: “{a.quote.exact}”"]
    return "<p style='white-space:pre-wrap'>" + html.escape("\n".join(lines)) + "</p>"


def highlight_format(m: HighlightMark, colour: Colour | None) -> QTextCharFormat:
    """How the reader draws a highlight: the colour's own shade with dark text; a dashed
    underline when the words there changed since they were highlighted."""
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(QColor(colour.rgb if colour else styles.HIGHLIGHT_FALLBACK)))
    fmt.setForeground(QBrush(QColor(styles.HIGHLIGHT_TEXT)))
    fmt.setToolTip(tooltip(m.annotation, colour))
    if m.changed:  # the words differ from those highlighted: say so at sight
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(QColor(styles.CHANGED_COLOUR))
    return fmt


class _Command(QUndoCommand):
    def __init__(self, controller: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.c = controller


class AddCommand(_Command):
    def __init__(self, controller: AnnotationController, doc: Document, span: Span, colour: str,
                 note: str = "", tags: Iterable[str] = ()) -> None:
        super().__init__(controller, "Highlight")
        self.doc, self.span, self.colour, self.note, self.tags = doc, span, colour, note, tuple(tags)
        self.annotation: Annotation | None = None

    def redo(self) -> None:
        if self.annotation is None:
            self.annotation = self.c.service.add(self.doc, self.span.start, self.span.end,
                                                 self.colour, self.note, self.tags)
        else:
            self.c.service.restore(self.annotation)

    def undo(self) -> None:
        assert self.annotation is not None
        self.c.service.delete(self.annotation.id)


class EditCommand(_Command):
    def __init__(self, controller: AnnotationController, before: Annotation, after: Annotation) -> None:
        super().__init__(controller, "Edit note")
        self.before, self.after = before, after

    def id(self) -> int:  # consecutive edits of one annotation undo together
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, EditCommand) and other.before.id == self.after.id:
            self.after = other.after
            return True
        return False

    def redo(self) -> None:
        self.c.service.restore(self.after)

    def undo(self) -> None:
        self.c.service.restore(self.before)


class DeleteCommand(_Command):
    def __init__(self, controller: AnnotationController, annotation: Annotation) -> None:
        super().__init__(controller, "Delete highlight")
        self.annotation = annotation

    def redo(self) -> None:
        self.c.service.delete(self.annotation.id)

    def undo(self) -> None:
        self.c.service.restore(self.annotation)


class AnnotationController(QObject):
    """Owns the undo stack; the panel and the reader's menu act through it."""

    sig_error = Signal(str)

    def __init__(self, service: AnnotationService, reader: ReaderView, read_only: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.reader = reader
        self.read_only = read_only
        self.stack = QUndoStack(self)
        self.current_colour = "claim"
        self.ask_note: NoteAsker = ask_note
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.reader.sig_document_shown.connect(self._on_reader_sig_document_shown)
        self.reader.sig_context_menu_requested.connect(self._on_reader_sig_context_menu_requested)

    # -- queries ---------------------------------------------------------------------------
    def colours(self) -> list[Colour]:
        return self.service.colours()

    def at(self, clean_pos: int) -> Annotation | None:
        """The (innermost) highlight under a clean offset of the shown article."""
        doc = self.reader.document_shown()
        if doc is None:
            return None
        marks, _ = highlight_marks(doc, self.service.for_document(doc.id))
        found = [m for m in marks if m.start <= clean_pos < m.end]
        return min(found, key=lambda m: m.end - m.start).annotation if found else None

    # -- commands --------------------------------------------------------------------------
    def _push(self, command: QUndoCommand) -> bool:
        if self.read_only:
            self.sig_error.emit("This library is open read-only: notes cannot be saved.")
            return False
        try:
            self.stack.push(command)
        except ParallaxError as exc:
            self.sig_error.emit(str(exc))
            return False
        return True

    def highlight(self, colour: str | None = None, note: str = "") -> Annotation | None:
        """Highlight the reader's selection (H): in ``colour``, or the last one used."""
        doc, span = self.reader.document_shown(), self.reader.selected_span()
        if doc is None or span is None:
            self.sig_error.emit("Select some text of the article to highlight it.")
            return None
        self.current_colour = colour or self.current_colour
        command = AddCommand(self, doc, span, self.current_colour, note)
        return command.annotation if self._push(command) else None

    def add_note(self, clean_pos: int | None = None) -> Annotation | None:
        """N: a note on the highlight under the pointer, else a new highlight of the selection."""
        existing = self.at(clean_pos) if clean_pos is not None else None
        if existing is None and self.reader.selected_span() is None:
            span = self.reader.textCursor().position()
            existing = self.at(self.reader.to_clean(span) or 0) if span else None
        if existing is not None:
            note = self.ask_note(self.reader, "Edit note", existing.note)
            return self.edit(existing, note=note) if note is not None else None
        if self.reader.selected_span() is None:
            self.sig_error.emit("Select some text of the article to add a note to it.")
            return None
        note = self.ask_note(self.reader, "Add note", "")
        return self.highlight(note=note) if note is not None else None

    def edit(self, before: Annotation, *, colour: str | None = None, note: str | None = None,
             tags: Iterable[str] | str | None = None) -> Annotation | None:
        from desktop.core.annotations.model import clean_tags

        changes: dict[str, object] = {}
        if colour is not None and colour != before.colour:
            changes["colour"] = colour
        if note is not None and note != before.note:
            changes["note"] = note
        if tags is not None and clean_tags(tags) != before.tags:
            changes["tags"] = clean_tags(tags)
        if not changes:
            return before
        after = before.edited(**changes)
        return after if self._push(EditCommand(self, before, after)) else None

    def delete(self, annotation: Annotation) -> None:
        self._push(DeleteCommand(self, annotation))

    def accept_wording(self, before: Annotation) -> Annotation | None:
        """A changed annotation takes the words that stand there now as its own (undoable)."""
        if before.status != "changed":
            return before
        after = before.edited(original="")
        return after if self._push(EditCommand(self, before, after)) else None

    def on_docs_changed(self, event: DocsChanged) -> None:
        """Redraw the highlights when the shown article's annotations (or its text) changed."""
        shown = self.reader.document_shown()
        if shown is not None and event.touches(shown.id, Change.ANNOTATIONS | Change.TEXT):
            self.draw(shown)

    # -- drawing ---------------------------------------------------------------------------
    def draw(self, doc: Document | None) -> None:
        if doc is None:
            return
        colours = {c.key: c for c in self.service.colours()}
        marks, _ = highlight_marks(doc, self.service.for_document(doc.id))
        self.reader.set_layer(HIGHLIGHT_LAYER, [(m, highlight_format(m, colours.get(m.label)))
                                                for m in marks], HIGHLIGHT_Z)

    @Slot(object)
    def _on_reader_sig_document_shown(self, doc: Document | None) -> None:
        self.draw(doc)

    @Slot(object, object)
    def _on_reader_sig_context_menu_requested(self, menu: QMenu, context: ReaderContext) -> None:
        if context.document is None or self.read_only:
            return
        menu.addSeparator()
        if context.selection is not None:
            sub = menu.addMenu("Highlight as")
            for c in self.service.colours():
                action = sub.addAction(c.name)
                action.triggered.connect(lambda _=False, key=c.key: self.highlight(key))
            menu.addAction("Add note…\tN", lambda: self.add_note())
        existing = self.at(context.clean_pos) if context.clean_pos is not None else None
        if existing is not None:
            menu.addAction("Edit note…", lambda: self.add_note(context.clean_pos))
            menu.addAction("Delete highlight", lambda: self.delete(existing))
