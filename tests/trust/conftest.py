"""Fixtures shared by the trust tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.library import Library
from tests.conftest import WEB, WIRE


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A closed library folder holding the two samples."""
    folder = tmp_path / "lib"
    with Library.open(folder) as lib:
        lib.import_paths([WIRE, WEB])
    return folder
