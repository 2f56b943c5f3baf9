"""Where the bundled resources/ folder is: beside the package, or inside a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def sample_files() -> list[Path]:
    return sorted((resource_dir() / "samples").glob("*.txt"))
