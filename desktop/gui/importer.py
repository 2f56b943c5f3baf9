"""Importing files and folders in the background, from File → Import or a drop on the window.

:class:`Importer` turns dropped URLs into paths, runs ``import_paths`` through the task runner
(with progress and cancel in the status bar) and reports a one-line summary with details.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal

from desktop.core.errors import ParallaxError
from desktop.core.model import Cancelled, ImportResult, ImportStatus, Progress
from desktop.gui.tasks import TaskRunner

ImportFn = Callable[[Sequence[Path], Progress, Cancelled], list[ImportResult]]
READ_ONLY_REASON = "This library is open read-only (another Parallax window is using it)."


def paths_from_mime(mime: QMimeData) -> list[Path]:
    """The local files and folders in a drop; anything else is ignored."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def summarise(results: Sequence[ImportResult]) -> tuple[str, str]:
    """("Imported 3, 1 already in library, 1 failed: bad.png: not a text file", details)."""
    if results and results[-1].stopped:
        return stopped_summary(results)
    counts = Counter(r.status for r in results)
    parts = [f"Imported {counts[ImportStatus.IMPORTED]}"]
    if counts[ImportStatus.DUPLICATE]:
        parts.append(f"{counts[ImportStatus.DUPLICATE]} already in library")
    if counts[ImportStatus.SKIPPED]:
        parts.append(f"{counts[ImportStatus.SKIPPED]} skipped")
    if counts[ImportStatus.UPDATED]:
        parts.append(f"{counts[ImportStatus.UPDATED]} updated to a changed version (notes re-anchored)")
    failed = [r for r in results if r.status == ImportStatus.FAILED]
    if len(failed) == 1:
        parts.append(f"1 failed: {Path(failed[0].path).name}: {failed[0].message}")
    elif failed:
        parts.append(f"{len(failed)} failed")
    details = "\n".join(
        f"{r.status.value:>10}  {r.path}" + (f": {r.message}" if r.message else "") for r in results
    )
    return ", ".join(parts), details


def stopped_summary(results: Sequence[ImportResult]) -> tuple[str, str]:
    """An import that stopped (the disk is full): why, what was kept, what was not tried."""
    last = results[-1]
    kept = sum(r.status in (ImportStatus.IMPORTED, ImportStatus.UPDATED) for r in results)
    there = sum(r.status == ImportStatus.DUPLICATE for r in results)
    cause = last.message[:1].upper() + last.message[1:]
    before = (f"{kept} {'file' if kept == 1 else 'files'} imported before it "
              f"{'is' if kept == 1 else 'are'} kept" if kept else "Nothing was imported before it")
    if there:
        before += f" ({there} {'was' if there == 1 else 'were'} already in the library)"
    more = (f" and {last.not_tried} more {'was' if last.not_tried == 1 else 'were'}"
            if last.not_tried else " was")
    text = f"The import stopped. {cause}. {before}; {Path(last.path).name}{more} not imported."
    advice = ("Free some disk space, then import the same files again: those already in the "
              "library are skipped.")
    _, details = summarise(results[:-1]) if len(results) > 1 else ("", "")
    lines = [advice, "", f"{'stopped':>10}  {last.path}: {last.message}"]
    if last.not_tried:
        lines.append(f"{'':>10}  ({last.not_tried} more not tried)")
    return text, "\n".join([*lines[:2], details, *lines[2:]] if details else lines)


class Importer(QObject):
    """Runs imports one at a time; the window shows the summary and reloads the list."""

    sig_import_finished = Signal(str, str, bool)  # summary, details, anything failed
    sig_library_changed = Signal()

    def __init__(
        self,
        import_paths: ImportFn,
        runner: TaskRunner,
        read_only: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._import_paths = import_paths
        self._runner = runner
        self.read_only = read_only
        self._busy = False

    def can_import(self) -> bool:
        return not self.read_only and not self._busy

    def accepts(self, mime: QMimeData) -> bool:
        return not self.read_only and bool(paths_from_mime(mime))

    def import_mime(self, mime: QMimeData) -> bool:
        return self.import_paths(paths_from_mime(mime))

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Start importing ``paths``; False when there is nothing to do or it cannot run now."""
        if not paths or not self.can_import():
            return False
        self._busy = True
        items = list(paths)

        def task(progress: Progress, cancelled: Cancelled) -> list[ImportResult]:
            return self._import_paths(items, progress, cancelled)

        noun = "item" if len(items) == 1 else "items"
        self._runner.start(
            task,
            on_result=self._on_task_finished,
            on_error=self._on_task_failed,
            title=f"Importing {len(items)} {noun}…",
        )
        return True

    def _on_task_finished(self, results: object) -> None:
        self._busy = False
        found = [r for r in results if isinstance(r, ImportResult)] if isinstance(results, list) else []
        summary, details = summarise(found)
        failed = any(r.status == ImportStatus.FAILED for r in found)
        self.sig_import_finished.emit(summary, details, failed)
        self.sig_library_changed.emit()

    def _on_task_failed(self, error: BaseException) -> None:
        self._busy = False
        message = str(error) if isinstance(error, ParallaxError) else f"Import failed: {error!r}"
        self.sig_import_finished.emit(message.splitlines()[0], message, True)
        self.sig_library_changed.emit()
