"""The PyInstaller bundle (``make package`` → dist/parallax/) starts without the project's
virtual environment. Skipped until a bundle has been built; ``make test`` never builds one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from desktop.version import __version__

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "parallax" / "parallax"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BUNDLE.is_file(), reason="no bundle in dist/parallax (run `make package`)"),
]


def run(*args: str, home: Path, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the bundle with a bare environment: no virtual environment, no PYTHONPATH."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", **env}
    return subprocess.run([str(BUNDLE), *args], env=clean, cwd=home, capture_output=True,
                          text=True, timeout=timeout)


def test_bundle_prints_its_version(tmp_path: Path) -> None:
    result = run("--version", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Parallax {__version__}"


def test_bundle_imports_and_searches(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    result = run("--library", str(lib), "import", str(ROOT / "resources" / "samples"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 imported" in result.stdout
    result = run("--library", str(lib), "search", "Putin", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 2
    result = run("--library", str(lib), "entities", "--doc", "1", "--json", home=tmp_path, timeout=120)
    if result.returncode == 2 and "invalid choice" in result.stderr:
        return  # a bundle built before the entities feature
    assert result.returncode == 0, result.stderr
    mentions = json.loads(result.stdout)["documents"][0]["mentions"]
    assert {"text": "Vladimir Putin", "label": "PERSON"}.items() <= next(
        m for m in mentions if m["text"] == "Vladimir Putin").items()  # the bundled spaCy model


def test_bundle_opens_the_window(tmp_path: Path) -> None:
    """The hidden --smoke-test shows the window (offscreen), loads the bundled spaCy model when
    it was bundled, and quits; settings land under $HOME/.config/Parallax/."""
    result = run("--library", str(tmp_path / "lib"), "--smoke-test", home=tmp_path, timeout=120,
                 QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    assert "window shown" in result.stdout
    assert "spaCy model:" in result.stdout and "Traceback" not in result.stderr
    assert (tmp_path / ".config" / "Parallax" / "Parallax.conf").is_file()
