"""Recognition of one or more documents, pure: no store, no index, no Qt.

``document_candidates(docs, recognizer)`` runs the model over each document's blocks and
cleans what it finds (what the store keeps); ``document_mentions(doc, recognizer, lexicon)``
is the one entry point from a document (blocks + clean text) to the mentions drawn on it,
used by the desktop service and by batch runs alike. Without a lexicon the document is
consolidated on its own (its own candidates are the only votes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from desktop.core.entities.candidates import Candidate, candidates_in_block
from desktop.core.entities.consolidate import DocCorrections, Mention, resolve
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.recognizer import Recognizer, split_long
from desktop.core.entities.spelled import with_spelled_out
from desktop.core.entities.storage import vote_rows
from desktop.core.entities.structure import model_pieces, structural_breaks
from desktop.core.model import Cancelled, Document, never_cancelled


def document_mentions(doc: Document, recognizer: Recognizer, lexicon: Lexicon | None = None,
                      here: DocCorrections | None = None) -> list[Mention]:
    """The entity mentions of one document (clean-text offsets), in text order."""
    cands = find_candidates(doc, recognizer)
    lex = lexicon if lexicon is not None else lexicon_of([(doc.clean.text, cands)])
    return resolve(doc.clean.text, cands, lex, here, structural_breaks(doc))


def lexicon_of(found: Sequence[tuple[str, Sequence[Candidate]]]) -> Lexicon:
    """A lexicon from (clean text, candidates) pairs, as the store would build it."""
    rows: Counter[tuple[str, str, str]] = Counter()
    for text, cands in found:
        rows.update(vote_rows(text, cands))
    return Lexicon([(k, s, lab, n) for (k, s, lab), n in rows.items()])


def find_candidates(doc: Document, recognizer: Recognizer, n_process: int = 1) -> list[Candidate]:
    """Run the recogniser over one article's blocks and clean what it finds."""
    found = document_candidates([doc], recognizer, n_process)
    assert found is not None
    return found[0]


def model_inputs(docs: Sequence[Document]) -> tuple[list[str], list[tuple[int, int, bool]]]:
    """The texts the model reads for ``docs``, each with (doc index, clean start, titlecase)."""
    texts: list[str] = []
    owners: list[tuple[int, int, bool]] = []
    for i, doc in enumerate(docs):
        for piece in model_pieces(doc):
            for off, part in split_long(piece.text):
                texts.append(part)
                owners.append((i, piece.start + off, piece.titlecase))
    return texts, owners


def document_candidates(docs: Sequence[Document], recognizer: Recognizer, n_process: int = 1,
                        cancelled: Cancelled = never_cancelled) -> list[list[Candidate]] | None:
    """Candidates per document; None when cancelled (checked every few pieces).

    The model reads each block line by line and shouting lines truecased (structure.py); the
    long forms of the article's own initialisms it missed are added (spelled.py)."""
    texts, owners = model_inputs(docs)
    raw = recognizer.recognize(texts, n_process) if texts else iter(())
    out: list[list[Candidate]] = [[] for _ in docs]
    for n, ((i, start, title), part, ents) in enumerate(zip(owners, texts, raw, strict=True)):
        if n % 32 == 31 and cancelled():
            return None
        out[i] += candidates_in_block(part, start, ents, title)
    # "Group of Seven" where the article writes "G7" (spelled.py)
    return [with_spelled_out(doc.clean.text, found, structural_breaks(doc))
            for doc, found in zip(docs, out, strict=True)]
