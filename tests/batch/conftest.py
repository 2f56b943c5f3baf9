"""One local Dask cluster (2 worker processes) for the batch tests, and a small corpus.

The cluster is shared by the module's runs (each run starts no cluster of its own: it is
given the scheduler's address, as on a real cluster). PARALLAX_BATCH_CRASH points the
workers at a folder where a test names tasks that must kill their worker once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the batch tests need the extra parallax[batch]")

from tests.conftest import WEB, WIRE
from tests.core.test_overlap_order import make_set


@pytest.fixture(scope="session")
def crash_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    (folder / "crash").write_text("")
    return folder


@pytest.fixture(scope="session")
def scheduler(crash_dir: Path) -> Iterator[str]:
    import logging

    from distributed import LocalCluster

    os.environ["PARALLAX_BATCH_CRASH"] = str(crash_dir)  # inherited by the worker processes
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address
    os.environ.pop("PARALLAX_BATCH_CRASH", None)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """36 made-up articles sharing passages, the two sample articles (a wire story and its
    web rework, with names for the recogniser), an exact duplicate and a file with no text."""
    folder = tmp_path_factory.mktemp("corpus") / "set"
    make_set(folder)
    shutil.copy(WIRE, folder / "wire.txt")
    shutil.copy(WEB, folder / "web.txt")
    shutil.copy(WIRE, folder / "wire-copy.txt")
    (folder / "empty.txt").write_text("   \n")
    return folder
