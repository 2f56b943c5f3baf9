"""Recognition in a worker process finds what the same model finds in this process, keeps
going in this process when the worker dies, and stops the worker on close."""

from __future__ import annotations

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
        assert worker._pool is not None  # it did run in the worker
    finally:
        worker.close()
    assert worker._pool is None


def test_a_dead_worker_leaves_recognition_to_this_process() -> None:
    here = SpacyRecognizer("sm", batch_size=4)
    worker = ProcessRecognizer(here)
    try:
        expected = list(here.recognize(TEXTS))
        first = worker.recognize(TEXTS)
        assert next(first) == expected[0]
        pool = worker._pool
        assert pool is not None
        for process in list(pool._processes.values()):  # the worker dies mid-run
            process.kill()
        assert [expected[0], *first] == expected  # the rest, found here
        assert list(worker.recognize(TEXTS)) == expected and worker._pool is None
    finally:
        worker.close()
