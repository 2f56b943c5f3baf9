"""A guard against a PySide6 6.12.0 reference-count bug on Python 3.11.

PySide6 6.12.0's bindings return ``None`` from every void C++ method without taking a new
reference (harmless on Python >= 3.12, where PEP 683 made ``None``, ``True`` and ``False``
immortal). On 3.11 each call such as ``QLabel.setText`` drops one reference to ``None``;
after a few thousand calls the interpreter aborts with "none_dealloc: deallocating None".
Giving those singletons a huge reference count makes them immortal in practice, as 3.12 does.
Remove this module once the project requires Python >= 3.12 or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40  # far more references than any process can drop
_applied = False


def _affected() -> bool:
    return sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def immortalise_singletons() -> bool:
    """Raise the reference counts of None/True/False once; True if it did anything."""
    global _applied
    if _applied or not _affected():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every PyObject on CPython release builds
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _applied = True
    return True
