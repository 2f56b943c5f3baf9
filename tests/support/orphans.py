"""Do a process's workers end when it is killed? Shared by the worker-process tests and the
bundle test: start a parent, learn its workers' ids, kill the parent with -9 (no clean-up runs
in it), then wait for the workers to go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # this checkout: its desktop package


def running(pid: int) -> bool:
    """Whether ``pid`` still runs; a zombie has ended (it only waits to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text("ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def still_running_after(pids: list[int], seconds: float = 20, poll: float = 0.1) -> list[int]:
    """The ``pids`` still running after waiting up to ``seconds`` for them to end; those are
    killed before returning, so a failing test leaves nothing behind."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if running(p)]
        time.sleep(poll)
    for p in alive:
        os.kill(p, signal.SIGKILL)
    return alive


def workers_outliving(script: str, tmp_path: Path) -> list[int]:
    """Run ``script`` as a parent process; it prints its workers' ids on one line, then waits.
    Kill it with -9 and return the workers still running 20 s later."""
    path = tmp_path / "parent.py"
    path.write_text(script, encoding="utf-8")
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    parent = subprocess.Popen([sys.executable, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert pids, "the parent did not start a worker"
    finally:
        parent.kill()  # kill -9: no clean-up runs in the parent
        parent.wait()
    return still_running_after(pids)
