"""Preloaded by the test cluster's fork server (conftest.py): every worker, and every worker
the nanny starts again after a test killed one, is a fork of one process that has already
imported the batch code and loaded the small entity model, instead of a fresh interpreter
importing them (2-4 CPU seconds each: most of the batch tests' time on a busy machine)."""

from __future__ import annotations

import dask.dataframe  # noqa: F401  (the pairs stage)
import distributed.shuffle  # noqa: F401
import pyarrow.dataset  # noqa: F401

from desktop.batch import pairs, search, tasks  # noqa: F401

MODEL = "sm"  # the model the batch tests run (test_batch.MODEL)

list(tasks.recognizer(MODEL).recognize(["Warm up in Paris."]))  # loads the model
