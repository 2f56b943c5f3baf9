"""Where the bundled resources live, from a source checkout or a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: next to the package, or inside the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path(name: str = "parallax.svg") -> Path:
    return resources_dir() / "icons" / name


def style_path(name: str) -> Path:
    return resources_dir() / "styles" / name
