"""Quotes extracted in a worker process (what the window does) equal the quotes extracted in
this process, with and without recognised names; a dead worker leaves extraction here."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from desktop.core.library import Library
from desktop.core.storymap.quote_process import ProcessQuotes, extract_batch
from tests.conftest import WEB, WIRE

SAID = ('"We will not give up," Maria Lopez said on Monday. The ministry, which the mayor '
        'called "slow", said: "Talks go on." "It is over," he told Reuters.')


def test_quotes_from_the_worker_equal_quotes_found_here(tmp_path: Path) -> None:
    story = tmp_path / "said.txt"
    story.write_text(SAID + "\n", encoding="utf-8")
    stored = []
    worker = ProcessQuotes()
    try:
        for name, extractor in (("here", None), ("worker", worker)):
            with Library.open(tmp_path / name) as lib:
                lib.import_paths([WIRE, WEB, story])
                lib.storymap.quotes.extractor = extractor
                lib.storymap.update_pending()
                assert lib.storymap.pending() == []
                stored.append(lib.storymap.quotes.stored())
        assert worker.worker.running  # it did extract there
    finally:
        worker.close()
    assert stored[0] == stored[1] and sum(len(q) for q in stored[0].values()) > 5


def test_names_reach_the_worker_and_a_dead_worker_leaves_extraction_here() -> None:
    start = SAID.index("Maria")
    names = [(start, start + len("Maria Lopez"), "PERSON"),
             (SAID.index("Reuters"), SAID.index("Reuters") + 7, "ORG")]
    inputs = [(1, SAID, (), names), (2, SAID, (), None)]
    expected = extract_batch(inputs)
    assert expected[0][2] and not expected[1][2] and expected[0][1]
    worker = ProcessQuotes()
    try:
        assert worker.extract(inputs, lambda: False) == expected
        for pid in worker.worker.process_ids():
            os.kill(pid, signal.SIGKILL)
        assert worker.extract(inputs, lambda: False) is None  # the caller extracts itself
        assert worker.worker.broken
    finally:
        worker.close()
