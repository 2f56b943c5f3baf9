"""What to import from the files and folders a user named: a list, one entry per file.

Folders are walked recursively in name order, skipping hidden files and folders. Decisions
(docs/import.md):

* **Symbolic links inside an imported folder** are followed when they lead to a file inside
  that folder (the duplicate check then reports the second copy). A link that leads out of
  the folder, a link to a folder (links can make loops) and a broken link are not followed:
  each gets its own "skipped" line saying so. A file the user named explicitly is always
  read, link or not: they chose it.
* **File names that are not valid UTF-8** (bytes from another system's encoding) are read
  like any other; they are shown and stored with the undecodable bytes escaped (``\\xe9``),
  see :func:`display_path`.
* A file that vanishes between the listing and its reading gets its own "no such file" line
  from the reader; the rest of the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

Found = tuple[Path, str | None]  # (file, None) to import, or (path, why not)


def display_path(path: Path | str) -> str:
    """``path`` as a printable, storable string: undecodable name bytes become ``\\xNN``."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def _link(child: Path, root_real: Path, supported: frozenset[str]) -> Found:
    """A symbolic link met while walking a folder."""
    try:
        target = child.resolve(strict=True)
    except (OSError, RuntimeError):
        return child, "skipped: a broken link (its target does not exist)"
    if target.is_dir():
        return child, f"skipped: a link to a folder ({display_path(target)}); import that folder itself"
    if not _inside(target, root_real):
        return child, (f"skipped: a link to a file outside the imported folder ({display_path(target)});"
                       " import that file itself")
    ext = child.suffix.lower()
    if ext not in supported:
        return child, f"skipped: not an article ({ext or 'no extension'})"
    return child, None


def _walk(folder: Path, root_real: Path, supported: frozenset[str]) -> Iterator[Found]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        yield folder, "cannot open folder: permission denied"
        return
    except OSError as e:
        yield folder, f"cannot open folder: {(e.strerror or 'input/output error').lower()}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file(follow_symlinks=False)
        except OSError:
            is_link = is_dir = is_file = False
        if is_link:
            yield _link(child, root_real, supported)
        elif is_dir:
            yield from _walk(child, root_real, supported)
        elif is_file:
            ext = child.suffix.lower()
            if ext in supported:
                yield child, None
            else:
                yield child, f"skipped: not an article ({ext or 'no extension'})"


def iter_article_files(paths: Sequence[Path], supported: frozenset[str]) -> Iterator[Found]:
    """Expand files and folders into (file, None) to import or (path, message) not to.

    A file named explicitly is always yielded for import (so an unsupported one gets a clear
    refusal from the reader).
    """
    for raw in paths:
        p = Path(raw)
        try:
            is_dir = p.is_dir()
            exists = is_dir or p.exists()
        except (OSError, ValueError):
            is_dir, exists = False, False
        if not exists:
            yield p, "no such file or folder"
        elif is_dir:
            try:
                root_real = p.resolve()
            except (OSError, RuntimeError):
                root_real = p.absolute()
            yield from _walk(p, root_real, supported)
        else:
            yield p, None
