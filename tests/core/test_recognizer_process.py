"""Recognition in a worker process finds what the same model finds in this process, keeps
going in this process when the worker dies, stops the worker on close, and
ends the worker when the process that started it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core.entities.recognizer import MODEL_PACKAGE, SpacyRecognizer
from desktop.core.entities.recognizer_process import ProcessRecognizer

spacy_sm = pytest.importorskip(MODEL_PACKAGE, reason="the small spaCy model is not installed")

TEXTS = ["Vladimir Putin met Xi Jinping in Samarkand on Thursday.",
         "The United Nations said Ukraine and Russia would talk in Istanbul.",
         "", "Reuters reported from Moscow."] * 3


def test_the_worker_finds_what_the_model_finds_here() -> None:
    here = SpacyRecognizer("sm", batch_size=4)
    worker = ProcessRecognizer(SpacyRecognizer("sm", batch_size=4))
    try:
        assert worker.name == here.name
        assert list(worker.recognize(TEXTS)) == list(here.recognize(TEXTS))
        assert worker.worker.running  # it did run in the worker
    finally:
        worker.close()
    assert not worker.worker.running


def test_a_dead_worker_leaves_recognition_to_this_process() -> None:
    here = SpacyRecognizer("sm", batch_size=4)
    worker = ProcessRecognizer(here)
    try:
        expected = list(here.recognize(TEXTS))
        first = worker.recognize(TEXTS)
        assert next(first) == expected[0]
        pids = worker.worker.process_ids()
        assert pids
        for pid in pids:  # the worker dies mid-run
            os.kill(pid, signal.SIGKILL)
        assert [expected[0], *first] == expected  # the rest, found here
        assert list(worker.recognize(TEXTS)) == expected and not worker.worker.running
    finally:
        worker.close()


ORPHAN_SCRIPT = """
import sys
from desktop.core.entities.recognizer import SpacyRecognizer
from desktop.core.entities.recognizer_process import ProcessRecognizer

if __name__ == "__main__":
    worker = ProcessRecognizer(SpacyRecognizer("sm", batch_size=4))
    list(worker.recognize(["Vladimir Putin met Xi Jinping."]))
    print(*worker.worker.process_ids(), flush=True)
    sys.stdin.read()  # until the test kills this process
"""


def test_the_worker_ends_when_the_window_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    root = str(Path(__file__).resolve().parents[2])  # this checkout's desktop package
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (root, os.environ.get("PYTHONPATH"))))}
    parent = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=root, env=env)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert pids, "the parent did not start a worker"
    finally:
        parent.kill()  # kill -9: no clean-up runs in the parent
        parent.wait()
    deadline = time.monotonic() + 20
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in pids if _running(p)]
        time.sleep(0.1)
    for p in alive:  # (do not leave it behind if the test fails)
        os.kill(p, signal.SIGKILL)
    assert not alive, "the worker outlived its parent"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended; it only waits for its (gone) parent's successor to reap it
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
