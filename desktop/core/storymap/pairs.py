"""Shared text between every two articles, the ranking of the most-reused pairs, and
families: groups of articles joined by reuse (pure code over the stored links).

``a_in_b`` is the share of A's clean characters inside links to B (overlapping link ends
counted once), also split by kind. A family is a connected group of articles where each is
joined to another by at least one verbatim or edited passage; a paraphrase alone does not
make two articles one family (two reports of one event say the same things).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.core.intervals import covered
from desktop.core.overlap.types import Link, LinkKind

KINDS = (LinkKind.VERBATIM, LinkKind.EDITED, LinkKind.PARAPHRASE)
REUSE = frozenset({LinkKind.VERBATIM, LinkKind.EDITED})


@dataclass(frozen=True)
class PairShare:
    a: int  # the smaller id
    b: int
    a_in_b: float  # share of a's clean characters found in b
    b_in_a: float
    a_by_kind: Mapping[str, float]
    b_by_kind: Mapping[str, float]
    passages: Mapping[str, int]  # links by kind
    shared_a: int  # characters of a inside links to b
    shared_b: int
    longest: int  # characters of the longest passage (longer end)

    @property
    def top(self) -> float:
        """The larger of the two shares: how much one of them took from the other."""
        return max(self.a_in_b, self.b_in_a)

    @property
    def reuse(self) -> bool:
        return any(self.passages.get(str(k), 0) for k in REUSE)

    def share_of(self, doc: int) -> float:
        return self.a_in_b if doc == self.a else self.b_in_a


@dataclass
class Family:
    docs: list[int]
    pairs: list[PairShare] = field(default_factory=list)  # its pairs, most reused first

    @property
    def shared_chars(self) -> int:
        return sum(p.shared_a + p.shared_b for p in self.pairs)


def pair_shares(links: Iterable[Link], lengths: Mapping[int, int]) -> list[PairShare]:
    """One entry per pair of articles sharing at least one link, most reused first."""
    by_pair: dict[tuple[int, int], list[Link]] = {}
    for k in links:
        k = k if k.a.doc < k.b.doc else k.flipped()
        by_pair.setdefault((k.a.doc, k.b.doc), []).append(k)
    out = [_share(a, b, ks, lengths.get(a, 0) or 1, lengths.get(b, 0) or 1)
           for (a, b), ks in by_pair.items()]
    return rank(out)


def rank(pairs: Iterable[PairShare]) -> list[PairShare]:
    return sorted(pairs, key=lambda p: (-p.top, -(p.shared_a + p.shared_b), p.a, p.b))


def _share(a: int, b: int, links: list[Link], len_a: int, len_b: int) -> PairShare:
    a_kind, b_kind, counts = {}, {}, {}
    for kind in KINDS:
        ks = [k for k in links if k.kind == kind]
        counts[str(kind)] = len(ks)
        a_kind[str(kind)] = covered((k.a.start, k.a.end) for k in ks) / len_a
        b_kind[str(kind)] = covered((k.b.start, k.b.end) for k in ks) / len_b
    shared_a = covered((k.a.start, k.a.end) for k in links)
    shared_b = covered((k.b.start, k.b.end) for k in links)
    longest = max(max(k.a.end - k.a.start, k.b.end - k.b.start) for k in links)
    return PairShare(a, b, min(1.0, shared_a / len_a), min(1.0, shared_b / len_b), a_kind, b_kind,
                     counts, shared_a, shared_b, longest)


def families(pairs: Iterable[PairShare]) -> list[Family]:
    """Connected groups of articles joined by verbatim or edited reuse, largest first."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = list(pairs)
    for p in pairs:
        if p.reuse:
            parent[find(p.a)] = find(p.b)
    groups: dict[int, list[int]] = {}
    for doc in list(parent):
        groups.setdefault(find(doc), []).append(doc)
    fams = {root: Family(sorted(docs)) for root, docs in groups.items()}
    for p in pairs:
        root = find(p.a) if p.a in parent else None
        if root is not None and root == find(p.b) and root in fams:
            fams[root].pairs.append(p)
    out = list(fams.values())
    for f in out:
        f.pairs = rank(f.pairs)
    return sorted(out, key=lambda f: (-len(f.docs), -f.shared_chars, f.docs[0]))


def family_of(fams: Iterable[Family]) -> dict[int, int]:
    """Document → index of its family in ``fams``."""
    return {doc: n for n, f in enumerate(fams) for doc in f.docs}
