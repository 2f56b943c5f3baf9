"""File → Export…: choose a format and a scope (this article, a compare pair, the whole
library) and a file; an existing file is replaced only after the user confirms. The export
itself runs off the GUI thread (PDF layout, which needs Qt's text engine, finishes on it) and
is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.export.bundle import SUFFIXES, build_bundle, render_text, write_atomic
from desktop.core.export.spans import Bundle
from desktop.core.library import Library
from desktop.core.model import Cancelled, DocSummary, Progress
from desktop.core.storymap.scope import WHOLE, Scope
from desktop.gui.tasks import TaskRunner

FORMAT_NAMES = [("md", "Markdown (.md)"), ("html", "HTML page (.html)"),
                ("json", "Annotations, W3C JSON-LD (.json)"), ("pdf", "PDF (.pdf)"),
                ("map-html", "Story map — HTML page (.html)"), ("map-json", "Story map — JSON (.json)"),
                ("map-csv", "Story map — pairs as CSV (.csv)"), ("quotes-csv", "Quote table — CSV (.csv)"),
                ("quotes-json", "Quote table — JSON (.json)")]
MAP_FORMATS = {"map-html": ("html", False), "map-json": ("json", False), "map-csv": ("csv", False),
               "quotes-csv": ("csv", True), "quotes-json": ("json", True)}  # (format, quote table)


def is_map_format(fmt: str) -> bool:
    return fmt in MAP_FORMATS


def suffix(fmt: str) -> str:
    return "." + MAP_FORMATS[fmt][0] if fmt in MAP_FORMATS else SUFFIXES[fmt]


@dataclass(frozen=True)
class ExportOptions:
    fmt: str
    scope: str  # doc | pair | all | map (the story map shown)
    doc_ids: tuple[int, ...]
    path: Path
    force: bool = False
    map_scope: Scope = WHOLE  # story-map formats: what the map is made of


def confirm_overwrite(parent: QWidget, path: Path) -> bool:
    answer = QMessageBox.question(parent, "Replace file?",
                                  f"{path.name} already exists in {path.parent}. Replace it?")
    return answer == QMessageBox.StandardButton.Yes


class ExportDialog(QDialog):
    def __init__(self, docs: list[DocSummary], shown: int | None, pair: tuple[int, int] | None,
                 folder: Path, parent: QWidget | None = None, *, comparing: bool = False,
                 fmt: str = "", map_scope: Scope = WHOLE) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.confirm: Callable[[QWidget, Path], bool] = confirm_overwrite
        self._docs, self._shown, self._folder = docs, shown, folder
        self._map_scope = map_scope
        self.format = QComboBox()
        for key, name in FORMAT_NAMES:
            self.format.addItem(name, key)
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self.map = QRadioButton(f"The story map shown: {map_scope.label}")
        self.this = QRadioButton("This article")
        self.pair = QRadioButton("Compare pair: this article and")
        self.other = QComboBox()
        for d in docs:
            if d.id != shown:
                self.other.addItem(f"#{d.id} {d.title}", d.id)
        self.all = QRadioButton(f"Whole library ({len(docs)} articles)")
        group = QButtonGroup(self)
        for button in (self.map, self.this, self.pair, self.all):
            group.addButton(button)
        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        self._build(browse, pair, comparing)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        group.buttonToggled.connect(self._suggest_path)
        self._on_format_changed()

    def _build(self, browse: QPushButton, pair: tuple[int, int] | None, comparing: bool) -> None:
        form = QFormLayout()
        form.addRow("Format", self.format)
        scope = QVBoxLayout()
        scope.addWidget(self.map)
        scope.addWidget(self.this)
        row = QHBoxLayout()
        row.addWidget(self.pair)
        row.addWidget(self.other, 1)
        scope.addLayout(row)
        scope.addWidget(self.all)
        form.addRow("Export", scope)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form.addRow("File", where)
        std = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(std.Ok | std.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        has_doc = self._shown is not None
        self.this.setEnabled(has_doc)
        self.pair.setEnabled(has_doc and self.other.count() > 0)
        self.other.setEnabled(self.pair.isEnabled())
        if pair is not None and has_doc:
            other = pair[1] if pair[0] == self._shown else pair[0]
            self.other.setCurrentIndex(max(self.other.findData(other), 0))
        if comparing and pair is not None and has_doc:
            self.pair.setChecked(True)
        else:
            (self.this if has_doc else self.all).setChecked(True)
        self._suggest_path()

    @Slot()
    def _on_format_changed(self) -> None:
        """Story-map formats export a map (the one shown, or the whole library's); the
        others export articles (this one, a pair, all)."""
        mapping = is_map_format(str(self.format.currentData()))
        self.map.setVisible(mapping and not self._map_scope.whole)
        for button in (self.this, self.pair, self.other):
            button.setVisible(not mapping)
        self.all.setText("The story map of the whole library" if mapping else
                         f"Whole library ({len(self._docs)} articles)")
        if mapping and (self.this.isChecked() or self.pair.isChecked()):
            (self.all if self._map_scope.whole else self.map).setChecked(True)
        elif not mapping and self.map.isChecked():
            (self.this if self._shown is not None else self.all).setChecked(True)
        self._suggest_path()

    def options(self) -> ExportOptions:
        fmt = str(self.format.currentData())
        ids: tuple[int, ...]
        if is_map_format(fmt):
            made_of = self._map_scope if self.map.isChecked() else WHOLE
            ids = made_of.ids if made_of.ids is not None else tuple(d.id for d in self._docs)
            return ExportOptions(fmt, "map", ids, Path(self.path.text()).expanduser(), map_scope=made_of)
        if self.pair.isChecked() and self._shown is not None:
            scope, ids = "pair", (self._shown, int(self.other.currentData()))
        elif self.this.isChecked() and self._shown is not None:
            scope, ids = "doc", (self._shown,)
        else:
            scope, ids = "all", tuple(d.id for d in self._docs)
        return ExportOptions(fmt, scope, ids, Path(self.path.text()).expanduser())

    @Slot()
    def _suggest_path(self) -> None:
        current = Path(self.path.text()) if self.path.text() else None
        folder = current.parent if current else self._folder
        o = self.options()
        stem = {"doc": f"article-{o.doc_ids[0] if o.doc_ids else ''}",
                "pair": "pair-" + "-".join(map(str, o.doc_ids)), "all": "library",
                "map": "quote-table" if o.fmt.startswith("quotes") else "story-map"}[o.scope]
        self.path.setText(str(folder / (stem + suffix(o.fmt))))

    @Slot()
    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.path.setText(name)

    def accept(self) -> None:
        o = self.options()
        if not o.path.name or not o.path.parent.is_dir():
            QMessageBox.warning(self, "Export", f"No such folder: {o.path.parent}")
            return
        if o.path.exists() and not self.confirm(self, o.path):
            return
        super().accept()


class Exporter(QObject):
    """Runs one export: gather and render in the background, PDF layout on the GUI thread."""

    sig_export_finished = Signal(str, bool)  # message, failed

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._runner = runner

    def export(self, o: ExportOptions) -> None:
        force = o.path.exists()  # the dialog asked before replacing it
        if is_map_format(o.fmt):
            self._export_map(o, force)
            return

        def task(progress: Progress, cancelled: Cancelled) -> Bundle | Path:
            bundle = build_bundle(self._library, list(o.doc_ids), o.scope)
            if o.fmt == "pdf":
                return bundle
            return write_atomic(o.path, render_text(bundle, o.fmt).encode("utf-8"), force=force)

        self._runner.start(task, on_result=lambda r: self._on_result(r, o, force),
                           on_error=self._on_error, title="Exporting…")

    def _export_map(self, o: ExportOptions, force: bool) -> None:
        fmt, quotes = MAP_FORMATS[o.fmt]
        what = "quote table" if quotes else "story map"
        title = "Story map" + ("" if o.map_scope.whole else f" of {o.map_scope.label}")

        def task(progress: Progress, cancelled: Cancelled) -> Path:
            from desktop.core.export import storymap

            text = storymap.render(self._library, fmt, quotes=quotes, doc_ids=o.map_scope.ids, title=title)
            return write_atomic(o.path, text.encode("utf-8"), force=force)

        self._runner.start(
            task, on_result=lambda path: self.sig_export_finished.emit(
                f"Exported the {what} of {o.map_scope.label} to {path}", False),
            on_error=self._on_error, title=f"Exporting the {what}…")

    def _on_result(self, result: Bundle | Path, o: ExportOptions, force: bool) -> None:
        try:
            if isinstance(result, Bundle):
                from desktop.gui.export_pdf import pdf_bytes

                result = write_atomic(o.path, pdf_bytes(result), force=force)
        except Exception as exc:
            self._on_error(exc)
            return
        n = len(o.doc_ids)
        self.sig_export_finished.emit(f"Exported {n} article{'s' if n != 1 else ''} to {result}", False)

    def _on_error(self, exc: BaseException) -> None:
        self.sig_export_finished.emit(f"Export failed: {exc}", True)
