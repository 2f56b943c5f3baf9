"""The window's analysis in worker processes: attached to a writable library's services (none
to a read-only one), the same links and quotes as analysis in one process, and closing gives
the services back their own computing."""

from __future__ import annotations

from pathlib import Path

from desktop.core.analysis_workers import AnalysisWorkers
from desktop.core.entities.recognizer import SpacyRecognizer
from desktop.core.library import Library
from tests.core.test_link_process import state
from tests.core.test_overlap_order import make_set


def test_analysis_in_workers_equals_analysis_here_and_close_restores(tmp_path: Path) -> None:
    files = make_set(tmp_path / "set", n_docs=24)
    with Library.open(tmp_path / "here") as here:
        here.import_paths(files)
        here.analyse_pending(recognise=False)
        expected = state(here), here.storymap.quotes.stored()
    with Library.open(tmp_path / "workers") as lib:
        lib.import_paths(files)
        recognizer = lib.entities.recognizer
        workers = AnalysisWorkers.attach(lib)
        try:
            assert lib.links.planner is workers.planner is not None
            assert lib.storymap.quotes.extractor is workers.quotes is not None
            assert lib.names.index.remote is workers.names is not None
            if isinstance(recognizer, SpacyRecognizer):
                assert lib.entities.recognizer is workers.recognizer
            report = lib.analyse_pending(recognise=False)
            assert report.linked == len(files) and report.quoted == len(files)
            assert workers.planner.worker.running and workers.quotes.worker.running
            assert (state(lib), lib.storymap.quotes.stored()) == expected
        finally:
            workers.close()
        assert lib.links.planner is None and lib.storymap.quotes.extractor is None
        assert lib.names.index.remote is None
        assert lib.entities.recognizer is recognizer


def test_a_read_only_library_gets_no_workers(tmp_path: Path) -> None:
    Library.open(tmp_path / "lib").close()
    with Library.open(tmp_path / "lib", read_only=True) as lib:
        workers = AnalysisWorkers.attach(lib)
        assert workers.planner is None and lib.links.planner is None
        assert workers.names is None and lib.names.index.remote is None
        workers.close()
