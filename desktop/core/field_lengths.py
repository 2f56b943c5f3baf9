"""BM25F scoring with each field's document lengths read once per searcher.

whoosh's BM25F asks the segment reader for the scored document's field length at every
score: a column read and a byte decoding in Python, 12 % of the slowest searches at 10,000
articles (a prefix of a common stem, or ``which NOT x``, scores thousands of articles). The
searcher is kept open between queries (``SearchIndex.searching``), so the lengths are read
once per segment and field, the first time a query scores that field, with the reader's own
``doc_field_length`` (the same values, so the same scores), and live as long as the searcher:
when the index changes the searcher is replaced and its lengths go with it. About 1 ms per
1,000 articles for a field, once.
"""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F, BM25FScorer

_CACHE = "_parallax_field_lengths"  # on the segment reader: {field: [length per docnum]}


def field_lengths(reader: Any, fieldname: str) -> list[int]:
    """Every document's length in ``fieldname`` (1 when it has none, as BM25F asks), by
    document number of ``reader`` (a segment reader)."""
    cached: dict[str, list[int]] = reader.__dict__.setdefault(_CACHE, {})
    lengths = cached.get(fieldname)
    if lengths is None:
        lengths = [reader.doc_field_length(n, fieldname, 1) for n in range(reader.doc_count_all())]
        cached[fieldname] = lengths
    return lengths


class PreloadedLengthsBM25F(BM25F):
    """whoosh's BM25F (same parameters, same scores) reading field lengths from
    :func:`field_lengths`."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer) and hasattr(scorer, "dfl"):
            scorer.dfl = field_lengths(searcher.reader(), fieldname).__getitem__
        return scorer
