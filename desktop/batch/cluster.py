"""The Dask cluster of a batch run: an existing scheduler (--scheduler) or a local cluster,
quiet logs, and Ctrl+C told once (not by every worker process)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop.batch.inputs import InputError

if TYPE_CHECKING:
    from desktop.batch.run import Options


class _CancelledGather(logging.Filter):
    """Ctrl+C during a Dask computation (the pairs stage) leaves the client's gather task with
    its AllExit unread, and asyncio logs "Task exception was never retrieved" when it is
    collected, after "interrupted": a line that says nothing to the person who pressed it."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return type(exc).__name__ != "AllExit"


@contextmanager
def client_for(opts: Options) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    for name in ("distributed", "distributed.shuffle", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    quiet = logging.getLogger("asyncio")
    if not any(isinstance(f, _CancelledGather) for f in quiet.filters):
        quiet.addFilter(_CancelledGather())
    if opts.scheduler:
        try:
            client = Client(opts.scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:  # refused, timed out, bad address
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"cannot reach the Dask scheduler at {opts.scheduler} ({text})") from None
        with client:
            yield client
        return
    with _deaf_to_ctrl_c():  # the worker processes inherit it; this process gets it back
        cluster = LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    with cluster, Client(cluster) as client:
        yield client


@contextmanager
def _deaf_to_ctrl_c() -> Iterator[None]:
    """Ctrl+C in a terminal reaches every process of the job: the local cluster's worker
    processes, started while SIGINT is ignored, keep ignoring it (Python installs its handler
    only where SIGINT is not ignored), so the command stops with one line and closes its
    cluster, instead of each worker printing a traceback as it dies."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
