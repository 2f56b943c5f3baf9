"""SQLite errors as one line a person can act on.

SQLite reports a full disk, an I/O error, a damaged file or a read-only file with an error
code; Python turns them all into ``sqlite3.OperationalError``/``DatabaseError``. This module
maps them to the library's own errors (desktop/core/errors.py) so that the CLI prints one line
and the window shows one dialog, and so that an import can tell "stop now: the disk is full"
from "this one file failed".
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from desktop.core.errors import DiskFull, LibraryDamaged, LibraryError, WriteFailed

# primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


# errors raised without a code (by hand, or by older drivers) are recognised by their text
_BY_MESSAGE = (("disk is full", SQLITE_FULL), ("disk i/o error", SQLITE_IOERR),
               ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB),
               ("readonly database", SQLITE_READONLY), ("database is locked", SQLITE_BUSY),
               ("unable to open database", SQLITE_CANTOPEN))


def primary_code(exc: sqlite3.Error) -> int:
    code = int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code:
        return code
    text = str(exc).lower()
    return next((c for words, c in _BY_MESSAGE if words in text), 0)


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, DiskFull):
        return True
    if isinstance(exc, sqlite3.Error):
        return primary_code(exc) == SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def from_sqlite(exc: sqlite3.Error, path: Path | None = None) -> LibraryError:
    """The library error that says what went wrong with ``path`` (library.sqlite)."""
    where = f" ({path})" if path is not None else ""
    code = primary_code(exc)
    if is_disk_full(exc):
        return DiskFull(f"the disk is full: the library could not be written{where}")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return LibraryDamaged(f"the library file is damaged{where}: {exc}")
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return WriteFailed(f"the library cannot be written{where}: the file or folder is read-only")
    if code == SQLITE_IOERR:
        return WriteFailed(f"a disk error stopped the library from being written{where}: {exc}")
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return WriteFailed(f"the library is busy (another program holds it){where}")
    if code == SQLITE_CANTOPEN:
        return LibraryError(f"the library file cannot be opened{where}")
    return LibraryError(f"library error{where}: {exc}")


def known(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` is about the file or the disk (worth one line for the user), rather
    than a programming error (bad SQL), which should surface as itself."""
    return is_disk_full(exc) or primary_code(exc) in (
        SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT,
        SQLITE_CANTOPEN, SQLITE_NOTADB)


def from_os_error(exc: OSError, what: str) -> LibraryError:
    """An OSError while writing ``what`` (a file the user named, the index...), as one line."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"the disk is full: could not write {what}")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteFailed(f"cannot write {what}: permission denied (read-only?)")
    return WriteFailed(f"cannot write {what}: {reason}")
