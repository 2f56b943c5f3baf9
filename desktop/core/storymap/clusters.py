"""One passage and all its copies across N articles (pure code over the stored links).

Links join stretches of two articles that differ from pair to pair (one outlet kept
paragraphs 1–3, another 2–6), so joining link ends directly would melt a whole story into
one "passage". Passages are therefore paragraph-sized *atoms*: the blocks of each article,
a long block (a scraped run-on) cut at sentence ends into pieces of about ``ATOM_TARGET``
characters. A link joins an atom of one article to the atoms of the other that its aligned
stretch maps onto (in proportion inside the link: its words are in order on both sides), and
a cluster is a connected group of atoms. A copy is the part of an atom the links cover.

A copy's kind is the strongest path of links from the cluster's reference copy (verbatim only
when every step is; an ``edited`` link whose two atoms read the same after normalisation is a
verbatim step), so "Outlet C (paraphrase)" means what a reader expects.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.core.model import Span
from desktop.core.overlap.normalize import HONORIFICS, STOPWORDS, normalize_word
from desktop.core.overlap.types import Link, LinkKind

ATOM_MAX = 700  # characters: a longer block is cut into sentence pieces
ATOM_TARGET = 350
ATOM_BLOCKS = frozenset({"headline", "paragraph", "subheading", "social"})
MIN_SHARE = 0.6  # content words of the smaller atom the other must hold for one passage
STRENGTH = {LinkKind.VERBATIM: 3, LinkKind.EDITED: 2, LinkKind.PARAPHRASE: 1}
KIND_OF = {3: "verbatim", 2: "edited", 1: "paraphrase"}
_PUNCT = str.maketrans({c: " " for c in ",;:!?\"“”()[]—–…/"})  # dots and apostrophes: words'
_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*\s+|[.!?][\"”’')]*(?=[A-Z“\"‘])")


@dataclass(frozen=True)
class Copy:
    doc: int
    start: int  # clean-text span of this article's copy
    end: int
    kind: str = ""  # against the reference copy: reference | verbatim | edited | paraphrase

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class Cluster:
    id: int
    copies: list[Copy]  # the reference first, then by article and position
    links: list[Link] = field(default_factory=list)
    docs: list[int] = field(init=False)  # the articles holding a copy, in id order

    def __post_init__(self) -> None:
        self.docs = sorted({c.doc for c in self.copies})

    @property
    def reference(self) -> Copy:
        return self.copies[0]

    def copy_in(self, doc: int) -> Copy | None:
        return next((c for c in self.copies if c.doc == doc), None)


def atoms(text: str, blocks: Sequence[Span]) -> list[tuple[int, int]]:
    """The passage units of one article, in text order."""
    out: list[tuple[int, int]] = []
    for b in blocks:
        if str(b.label) not in ATOM_BLOCKS or b.end <= b.start:
            continue
        if b.end - b.start <= ATOM_MAX:
            out.append((b.start, b.end))
            continue
        start = b.start
        for m in _SENTENCE_END.finditer(text, b.start, b.end):
            if m.end() - start >= ATOM_TARGET and b.end - m.end() >= ATOM_TARGET // 3:
                out.append((start, m.end()))
                start = m.end()
        out.append((start, b.end))
    return out


@dataclass
class _Node:
    doc: int
    atom: int
    start: int  # the covered part of the atom
    end: int


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[tuple[int, int], _Node] = {}
        self.parent: dict[tuple[int, int], tuple[int, int]] = {}
        self.edges: list[tuple[tuple[int, int], tuple[int, int], Link]] = []

    def node(self, doc: int, atom: int, start: int, end: int) -> tuple[int, int]:
        key = (doc, atom)
        n = self.nodes.get(key)
        if n is None:
            self.nodes[key] = _Node(doc, atom, start, end)
            self.parent[key] = key
        else:
            n.start, n.end = min(n.start, start), max(n.end, end)
        return key

    def find(self, x: tuple[int, int]) -> tuple[int, int]:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: tuple[int, int], y: tuple[int, int], link: Link) -> None:
        self.edges.append((x, y, link))
        self.parent[self.find(x)] = self.find(y)


def _covering(units: list[tuple[int, int]], lo: int, hi: int) -> list[int]:
    return [n for n, (s, e) in enumerate(units) if s < hi and e > lo]


def _map_link(g: _Graph, k: Link, units: Mapping[int, list[tuple[int, int]]], kinds: _Kinds) -> None:
    """Join the atoms of the two ends that hold the same words (content words shared by at
    least ``MIN_SHARE`` of the smaller); a paraphrase joins the atoms its sentences sit in."""
    ua, ub = units.get(k.a.doc, []), units.get(k.b.doc, [])
    near_a, near_b = _covering(ua, k.a.start, k.a.end), _covering(ub, k.b.start, k.b.end)
    if k.kind == LinkKind.PARAPHRASE:
        if near_a and near_b:
            i, j = near_a[0], near_b[0]
            g.join(g.node(k.a.doc, i, k.a.start, k.a.end), g.node(k.b.doc, j, k.b.start, k.b.end), k)
        return
    la, lb = max(1, k.a.end - k.a.start), max(1, k.b.end - k.b.start)
    for i in near_a:
        sa = kinds.content(k.a.doc, ua[i])
        # where atom i falls in the other end, in proportion (its words are in order there)
        lo = k.b.start + (max(ua[i][0], k.a.start) - k.a.start) * lb // la - ATOM_MAX
        hi = k.b.start + (min(ua[i][1], k.a.end) - k.a.start) * lb // la + ATOM_MAX
        for j in near_b:
            if ub[j][1] <= lo or ub[j][0] >= hi:
                continue
            sb = kinds.content(k.b.doc, ub[j])
            shared = len(sa & sb)
            if shared >= 3 and shared >= MIN_SHARE * min(len(sa), len(sb)):
                x = g.node(k.a.doc, i, max(ua[i][0], k.a.start), min(ua[i][1], k.a.end))
                y = g.node(k.b.doc, j, max(ub[j][0], k.b.start), min(ub[j][1], k.b.end))
                g.join(x, y, k)


def clusters(links: Iterable[Link], units: Mapping[int, list[tuple[int, int]]],
             texts: Mapping[int, str], rank: Mapping[int, int] | None = None) -> list[Cluster]:
    """Passages shared by several articles, most widely copied first. ``units`` are each
    article's atoms, ``rank`` orders articles (e.g. by publication) to choose each cluster's
    reference copy; without one the longest copy is the reference."""
    g = _Graph()
    kinds = _Kinds(texts)
    for k in links:
        _map_link(g, k, units, kinds)
    members: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for key in g.nodes:
        members.setdefault(g.find(key), []).append(key)
    edges: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int], Link]]] = {}
    for e in g.edges:
        edges.setdefault(g.find(e[0]), []).append(e)
    out = [_cluster(g, sorted(keys), edges.get(root, []), rank or {}, kinds)
           for root, keys in members.items()]
    out = [c for c in out if len(c.docs) > 1]
    out.sort(key=lambda c: (-len(c.docs), -c.reference.size, c.reference.doc, c.reference.start))
    for n, c in enumerate(out, 1):
        c.id = n
    return out


class _Kinds:
    """Words of the covered stretches and of whole atoms, cached for one build."""

    def __init__(self, texts: Mapping[int, str]) -> None:
        self.texts = texts
        self._keys: dict[tuple[int, int, int], tuple[str, ...]] = {}
        self._sets: dict[tuple[int, int, int], frozenset[str]] = {}

    def words(self, doc: int, start: int, end: int) -> tuple[str, ...]:
        """Normalised words (house style ignored: case, quote marks, Mr, spelling)."""
        key = (doc, start, end)
        hit = self._keys.get(key)
        if hit is None:
            words = self.texts.get(doc, "")[start:end].translate(_PUNCT).split()
            hit = self._keys[key] = tuple(w for w in map(normalize_word, words) if w)
        return hit

    def keys(self, n: _Node) -> tuple[str, ...]:
        return self.words(n.doc, n.start, n.end)

    def content(self, doc: int, span: tuple[int, int]) -> frozenset[str]:
        """The atom's distinct content words (cheap: lower case, no stop words)."""
        key = (doc, *span)
        hit = self._sets.get(key)
        if hit is None:
            words = _WORDS.findall(self.texts.get(doc, "")[span[0]:span[1]].lower())
            hit = self._sets[key] = frozenset(words).difference(STOPWORDS)
        return hit

    def cheap(self, n: _Node) -> list[str]:
        text = self.texts.get(n.doc, "")[n.start:n.end].lower()
        words = _WORDS.findall(text.replace(".", "").replace("'", "").replace("’", ""))
        return [w for w in words if w not in HONORIFICS]

    def strength(self, x: _Node, y: _Node, link: Link) -> int:
        """An edited link's two atoms may read the same (the edits were elsewhere)."""
        if link.kind != LinkKind.EDITED:
            return STRENGTH[link.kind]
        cx, cy = self.cheap(x), self.cheap(y)
        same = cx == cy or (len(cx) == len(cy) and self.keys(x) == self.keys(y))
        return STRENGTH[LinkKind.VERBATIM if same else LinkKind.EDITED]


def _cluster(g: _Graph, keys: list[tuple[int, int]], edges: list, rank: Mapping[int, int],
             kinds: _Kinds) -> Cluster:
    nodes = [g.nodes[k] for k in keys]
    ref = min(range(len(nodes)), key=lambda n: (rank.get(nodes[n].doc, 1 << 30),
                                                -(nodes[n].end - nodes[n].start), nodes[n].doc,
                                                nodes[n].start))
    index = {k: n for n, k in enumerate(keys)}
    adj: dict[int, list[tuple[int, int]]] = {}
    for x, y, link in edges:
        w = kinds.strength(g.nodes[x], g.nodes[y], link)
        adj.setdefault(index[x], []).append((index[y], w))
        adj.setdefault(index[y], []).append((index[x], w))
    best = _widest(adj, ref)
    copies = [Copy(n.doc, n.start, n.end,
                   "reference" if i == ref else KIND_OF.get(best.get(i, 1), "paraphrase"))
              for i, n in enumerate(nodes)]
    ordered = [copies[ref]] + [c for i, c in enumerate(copies) if i != ref]
    links = list({id(k): k for _, _, k in edges}.values())
    return Cluster(0, ordered, links)


def _widest(adj: dict[int, list[tuple[int, int]]], start: int) -> dict[int, int]:
    """For each node, the strongest path from ``start``: the best of the weakest steps."""
    best = {start: 4}
    heap = [(-4, start)]
    while heap:
        s, n = heapq.heappop(heap)
        if -s < best.get(n, 0):
            continue
        for m, w in adj.get(n, []):
            got = min(-s, w)
            if got > best.get(m, 0):
                best[m] = got
                heapq.heappush(heap, (-got, m))
    return best
