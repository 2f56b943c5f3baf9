"""Quote extraction in a worker process: what the window uses.

Finding an article's quotes (quotes.py: quote marks, attribution grammar, speakers) is pure
Python over its clean text, its blocks and its recognised names. The quote store gathers
those inputs in the library's process (the names come from the entity service's consolidation,
which needs the library lexicon held there) and passes a batch of them to a
:class:`~desktop.core.worker_process.WorkerProcess`; the quotes come back and are stored in
the library's process in one transaction per batch, as before. The worker is pure: it reads
nothing and writes nothing, so a dead worker loses nothing (the batch is extracted here, and
every later one). Cancelling asks it to stop at its next article; what it found so far is
stored, as in this process.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.model import Cancelled, Span, never_cancelled
from desktop.core.storymap.names import Name
from desktop.core.storymap.quotes import Quote, extract
from desktop.core.worker_process import WorkerGone, WorkerProcess, stop_asked

# one article to read: (id, clean text, blocks, recognised names or None when not recognised)
Input = tuple[int, str, tuple[Span, ...], Sequence[Name] | None]
# its quotes with their words, and whether names were used
Found = tuple[int, list[tuple[Quote, str]], bool]


def extract_batch(inputs: Sequence[Input], stop: Cancelled = never_cancelled) -> list[Found]:
    """The quotes of each article, in order; stops between articles when ``stop()``."""
    out: list[Found] = []
    for doc_id, text, blocks, names in inputs:
        if stop():
            break
        quotes = extract(text, blocks, names or ())
        out.append((doc_id, [(q, q.text(text)) for q in quotes], names is not None))
    return out


def _extract(inputs: list[Input]) -> list[Found]:
    return extract_batch(inputs, stop_asked)


class ProcessQuotes:
    """QuoteService's extraction done in a worker process (same quotes)."""

    def __init__(self) -> None:
        self.worker = WorkerProcess("quotes")

    def extract(self, inputs: Sequence[Input], cancelled: Cancelled) -> list[Found] | None:
        """The batch's quotes, or None when there is no worker (extract them here)."""
        if self.worker.broken:
            return None
        try:
            return self.worker.call(_extract, list(inputs), cancelled=cancelled)
        except WorkerGone:
            return None

    def close(self) -> None:
        self.worker.close()
