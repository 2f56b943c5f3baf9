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
from desktop.core.model import BlockKind, Cancelled, Document, never_cancelled

_TITLE_BLOCKS = {BlockKind.HEADLINE, BlockKind.SUBHEADING, BlockKind.RELATED}


def document_mentions(doc: Document, recognizer: Recognizer, lexicon: Lexicon | None = None,
                      here: DocCorrections | None = None) -> list[Mention]:
    """The entity mentions of one document (clean-text offsets), in text order."""
    cands = find_candidates(doc, recognizer)
    lex = lexicon if lexicon is not None else lexicon_of([(doc.clean.text, cands)])
    return resolve(doc.clean.text, cands, lex, here)


def lexicon_of(found: Sequence[tuple[str, Sequence[Candidate]]]) -> Lexicon:
    """A lexicon from (clean text, candidates) pairs, as the store would build it."""
    rows: Counter[tuple[str, str, str]] = Counter()
    for text, cands in found:
        for c in cands:
            surface = text[c.start:c.end]
            if not c.titlecase or " " not in surface:
                rows[(c.key, surface, str(c.label))] += 1
    return Lexicon([(k, s, lab, n) for (k, s, lab), n in rows.items()])


def find_candidates(doc: Document, recognizer: Recognizer, n_process: int = 1) -> list[Candidate]:
    """Run the recogniser over one article's blocks and clean what it finds."""
    found = document_candidates([doc], recognizer, n_process)
    assert found is not None
    return found[0]


def document_candidates(docs: Sequence[Document], recognizer: Recognizer, n_process: int = 1,
                        cancelled: Cancelled = never_cancelled) -> list[list[Candidate]] | None:
    """Candidates per document; None when cancelled (checked every few blocks)."""
    pieces: list[str] = []
    owners: list[tuple[int, int, bool]] = []  # (doc index, block start, titlecase)
    for i, doc in enumerate(docs):
        for block in doc.clean.blocks:
            text = doc.clean.text[block.start:block.end]
            for off, piece in split_long(text):
                pieces.append(piece)
                owners.append((i, block.start + off, is_titlecase(block.label, piece)))
    raw = recognizer.recognize(pieces, n_process) if pieces else iter(())
    out: list[list[Candidate]] = [[] for _ in docs]
    for n, ((i, start, title), piece, ents) in enumerate(zip(owners, pieces, raw, strict=True)):
        if n % 32 == 31 and cancelled():
            return None
        out[i] += candidates_in_block(piece, start, ents, title)
    return out


def is_titlecase(kind: str, text: str) -> bool:
    """Headline style: capitals there say little about names ("Xi Set to Meet")."""
    if kind in _TITLE_BLOCKS:
        return True
    text = text.strip()
    if len(text) > 150 or text[-1:] in ".!?\"”’:":
        return False
    words = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
