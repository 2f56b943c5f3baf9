"""Choosing what to export (one article, a pair, the whole library) and writing it safely.

Writing is atomic: the export goes to a temporary file beside the target, which is then
renamed over it (``--force``) or hard-linked into place, which fails if a file appeared there
meanwhile, so an existing file is never overwritten without being asked.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import ParallaxError
from desktop.core.export.spans import Bundle
from desktop.core.marks import gather
from desktop.core.model import Document
from desktop.version import __version__

if TYPE_CHECKING:
    from desktop.core.library import Library
    from desktop.core.storymap.article_story import ArticleStory

log = logging.getLogger(__name__)

FORMATS = ("md", "html", "json", "pdf")
SUFFIXES = {"md": ".md", "html": ".html", "json": ".json", "pdf": ".pdf"}


class ExportError(ParallaxError):
    """An export could not be written (target exists, folder missing...)."""


def build_bundle(library: Library, doc_ids: Sequence[int], scope: str,
                 exported_at: str | None = None) -> Bundle:
    """Gather the marks of ``doc_ids`` (in that order) for any exporter."""
    if scope == "pair" and (len(doc_ids) != 2 or doc_ids[0] == doc_ids[1]):
        raise ExportError("a pair export needs two different articles")
    twins: dict[int, Document] = {}
    articles = []
    for doc_id in doc_ids:
        doc = twins.get(doc_id) or library.get_document(doc_id)
        twins[doc_id] = doc
        articles.append(gather(library, doc, twins))
    when = exported_at or datetime.now(UTC).isoformat(timespec="seconds")
    return Bundle(scope, tuple(articles), tuple(library.annotations.colours()), when,
                  f"Parallax {__version__}", stories=_stories(library, doc_ids))


def _stories(library: Library, doc_ids: Sequence[int]) -> dict[int, ArticleStory]:
    """Each article's family and quotes' status (when the library has a story map)."""
    try:
        return dict(library.storymap.article_stories(doc_ids))
    except Exception:  # the story map must not break an export
        log.exception("story of %s unavailable", list(doc_ids))
        return {}


def scope_ids(library: Library, doc: int | None = None, pair: Sequence[int] | None = None,
              everything: bool = False) -> tuple[str, list[int]]:
    if pair:
        return "pair", list(pair)
    if doc is not None:
        library.get_document(doc)  # NotFound for an unknown id
        return "doc", [doc]
    if everything:
        return "all", [d.id for d in library.list_documents()]
    raise ExportError("say what to export: --doc DOC, --pair DOC DOC or --all")


def render_text(bundle: Bundle, fmt: str) -> str:
    """The export as text for the text formats (md, html, json); PDF is made by the GUI layer."""
    from desktop.core.export import annotations_json, html, markdown

    renderers = {"md": markdown.render, "html": html.render, "json": annotations_json.render}
    if fmt not in renderers:
        raise ExportError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    return renderers[fmt](bundle)


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file; refuse to replace unless ``force``.
    Any failure (full disk, read-only folder, a folder at ``path``) is one ExportError line and
    leaves neither a partial file at ``path`` nor the temporary file behind."""
    path = path.expanduser().absolute()
    if not path.parent.is_dir():
        raise ExportError(f"no such folder: {path.parent}")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name to export to")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to replace it")
    _remove_stale_parts(path)
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part",
                                   dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise ExportError(f"{path} exists; use --force to replace it") from None
            except OSError as exc:  # a file system without hard links
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                    raise
                if path.exists():
                    raise ExportError(f"{path} exists; use --force to replace it") from None
                os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(_why(exc, path)) from None
    finally:
        if tmp and os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def _remove_stale_parts(path: Path) -> None:
    """Temporary files of earlier exports to ``path`` whose process died (kill -9, power cut)."""
    for part in path.parent.glob(f".{path.name}.*.part"):
        pid = part.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                part.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _why(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: {path} was not written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write in {path.parent}: permission denied (a read-only folder?)"
    if exc.errno == errno.EISDIR:
        return f"{path} is a folder; give a file name to export to"
    return f"cannot write {path}: {exc.strerror or exc}"
