"""The PyInstaller bundle (``make package`` → dist/parallax/) starts without the project's
virtual environment. Skipped until a bundle has been built; ``make test`` never builds one."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from desktop.version import __version__
from tests.support.orphans import still_running_after

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


def test_the_bundled_window_analyses_in_its_worker_processes_and_they_end_with_it(
        tmp_path: Path) -> None:
    """The frozen window starts its workers (spawn re-runs the bundle's executable:
    ``freeze_support`` in main.py), links and finds quotes through them, and a kill -9 of the
    window ends them (core/worker_process.py)."""
    import signal
    import sqlite3
    import time

    lib = tmp_path / "lib"
    result = run("--library", str(lib), "import", str(ROOT / "resources" / "samples"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen"}
    window = subprocess.Popen([str(BUNDLE), "--library", str(lib)], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        done = (0, 0)
        while time.monotonic() < deadline:
            workers = _worker_children(window.pid)
            db = sqlite3.connect(f"{(lib / 'library.sqlite').as_uri()}?mode=ro", uri=True)
            with db:
                done = (db.execute("SELECT count(*) FROM link_done").fetchone()[0],
                        db.execute("SELECT count(*) FROM quotes_done").fetchone()[0])
            db.close()
            if len(workers) >= 2 and done == (2, 2):
                break
            time.sleep(0.5)
        assert done == (2, 2), "the window did not link and find quotes"
        assert len(workers) >= 2, f"worker processes of the window: {workers}"
    finally:
        window.send_signal(signal.SIGKILL)
        window.wait()
    assert not still_running_after(workers, poll=0.2), "worker processes outlived the window"


def _worker_children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text("ascii")
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"--multiprocessing-fork" in cmd:
            out.append(int(entry.name))
    return out
