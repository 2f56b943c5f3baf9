"""Recognition in a worker process finds what the same model finds in this process, keeps
going in this process when the worker dies, stops the worker on close, and
ends the worker when the process that started it is killed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from desktop.core.entities.recognizer import MODEL_PACKAGE, SpacyRecognizer
from desktop.core.entities.recognizer_process import ProcessRecognizer
from tests.support.orphans import workers_outliving

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
    assert not workers_outliving(ORPHAN_SCRIPT, tmp_path), "the worker outlived its parent"
