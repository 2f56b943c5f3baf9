"""One local Dask cluster (2 worker processes) for the batch tests, and a small corpus.

The cluster is shared by the session's runs (each run starts no cluster of its own: it is
given the scheduler's address, as on a real cluster). Its workers are forked from a fork
server that preloaded the batch code and the entity model (warm.py), so starting them, and
restarting one a test killed, costs a fork rather than an interpreter importing spaCy.
PARALLAX_BATCH_CRASH points the workers at a folder where a test names tasks that must kill
their worker once.

Every batch test has a time limit (pytest-timeout, the ``timeout`` mark of each module) and
the cluster's waits are bounded (cluster.py): a cluster that hangs (a worker that never comes
back, a shuffle waiting on a dead peer) fails the test with every thread's stack instead of
stopping the suite.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the batch tests need the extra parallax[batch]")

from tests.batch.cluster import CLOSE, START
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
    import multiprocessing

    import dask
    from distributed import Client, LocalCluster
    from distributed.utils import get_mp_context

    os.environ["PARALLAX_BATCH_CRASH"] = str(crash_dir)  # inherited by the worker processes
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        get_mp_context()  # Dask sets its own preload list once; ours replaces it
        multiprocessing.get_context("forkserver").set_forkserver_preload(
            ["distributed", "tests.batch.warm"])
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
            with Client(cluster, timeout=START) as client:
                client.wait_for_workers(2, timeout=START)
            yield cluster.scheduler_address
            cluster.close(timeout=CLOSE)
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
