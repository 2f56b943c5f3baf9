"""Link data shared by the overlap modules, the facade, the CLI and the compare view."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LinkKind(StrEnum):
    VERBATIM = "verbatim"  # identical after normalisation
    EDITED = "edited"  # small edits (words added, dropped, substituted)
    PARAPHRASE = "paraphrase"  # the same statement or quote in other words


@dataclass(frozen=True, order=True)
class LinkEnd:
    """One side of a link: a clean-text span of a document."""

    doc: int
    start: int
    end: int


@dataclass(frozen=True)
class Link:
    a: LinkEnd
    b: LinkEnd
    kind: LinkKind
    score: float
    id: int = 0

    def flipped(self) -> Link:
        return Link(self.b, self.a, self.kind, self.score, self.id)

    def seen_from(self, doc: int) -> Link:
        """The link oriented so that ``a`` is the end in ``doc``."""
        return self if self.a.doc == doc else self.flipped()


@dataclass(frozen=True)
class PairStats:
    """Figures for one pair of articles."""

    share_a: float  # share of A's clean characters inside links to B
    share_b: float
    counts: dict[str, int]  # passages by kind
    longest: int  # characters of the longest shared passage (max of both ends)
