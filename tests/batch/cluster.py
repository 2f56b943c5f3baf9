"""Bounded waits on the test cluster (conftest.py): a cluster that does not come up, or a
killed worker that is not replaced, fails with a clear message instead of hanging."""

from __future__ import annotations

START = 120  # seconds for the cluster, or a restarted worker, to come up (load 25 included)
CLOSE = 60  # seconds for it to shut down


def two_workers(scheduler: str) -> None:
    """Wait until the cluster has its two workers: a test that kills workers starts, and
    leaves the next test, a full cluster."""
    from distributed import Client

    with Client(scheduler, timeout=START) as client:
        client.wait_for_workers(2, timeout=START)
