"""StoryMap: the whole picture of a library (or a selection of it) at one moment: pair
shares, families, passage clusters, and who had what first (pure code over plain data).

Provenance calls are made on demand and remembered: dates and credits are cheap, the text
comparison of a passage's copies is only made where dates and credits say nothing.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.model import Span
from desktop.core.overlap.types import Link
from desktop.core.storymap.clusters import Cluster, Copy, atoms, clusters
from desktop.core.storymap.pairs import Family, PairShare, families, pair_shares
from desktop.core.storymap.provenance import Call, DocInfo, by_text, decide, when

PARAGRAPHS = frozenset({"paragraph", "headline", "subheading", "social"})
MAX_TEXT_COPIES = 8  # copies compared when the text has to tell who had a passage first


@dataclass(frozen=True)
class Article:
    info: DocInfo
    text: str  # clean text
    blocks: tuple[Span, ...]


@dataclass(frozen=True)
class Echo:
    """Another article's copy of the passage under the cursor."""

    cluster: Cluster
    copy: Copy
    paragraph: int  # 1-based paragraph of the copy in its article (0 when unknown)
    kind: str = ""  # how it relates to the copy under the cursor: verbatim | edited | paraphrase


@dataclass
class StoryMap:
    articles: dict[int, Article]
    links: list[Link]
    pairs: list[PairShare] = field(init=False)
    families: list[Family] = field(init=False)
    clusters: list[Cluster] = field(init=False)
    _calls: dict[tuple[str, int], Call] = field(init=False, default_factory=dict)
    _by_pair: dict[tuple[int, int], list[Link]] | None = field(init=False, default=None)
    _texts: dict[int, tuple[int | None, str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        lengths = {d: len(a.text) for d, a in self.articles.items()}
        self.links = [k for k in self.links if k.a.doc in lengths and k.b.doc in lengths]
        self.pairs = pair_shares(self.links, lengths)
        self.families = families(self.pairs)
        units = {d: atoms(a.text, a.blocks) for d, a in self.articles.items()}
        texts = {d: a.text for d, a in self.articles.items()}
        self.clusters = clusters(self.links, units, texts, self._date_rank())
        self._family = {d: n for n, f in enumerate(self.families) for d in f.docs}
        self._family_clusters: dict[int, list[Cluster]] = {}
        for c in self.clusters:
            fams = {self._family.get(d, -1) for d in c.docs}
            if len(fams) == 1 and -1 not in fams:
                self._family_clusters.setdefault(fams.pop(), []).append(c)

    def _date_rank(self) -> dict[int, int]:
        dated = sorted((w[0], d) for d, a in self.articles.items() if (w := when(a.info.date)))
        return {d: n for n, (_, d) in enumerate(dated)}

    def fork(self) -> StoryMap:
        """This map (pairs, families, clusters shared, not recomputed) with its own cache of
        provenance calls: a reader on another thread never races this one's."""
        twin = copy.copy(self)
        twin._calls, twin._texts, twin._by_pair = {}, {}, None
        return twin

    # -- lookups ---------------------------------------------------------------------------
    def family_of(self, doc: int) -> Family | None:
        n = self._family.get(doc)
        return self.families[n] if n is not None else None

    def pair(self, a: int, b: int) -> PairShare | None:
        lo, hi = min(a, b), max(a, b)
        return next((p for p in self.pairs if p.a == lo and p.b == hi), None)

    def paragraph(self, doc: int, pos: int) -> int:
        """1-based number of the paragraph holding ``pos`` (headline and subheadings count)."""
        art = self.articles.get(doc)
        if art is None:
            return 0
        n = 0
        for b in art.blocks:
            if str(b.label) in PARAGRAPHS:
                n += 1
                if b.start <= pos < b.end or pos < b.start:
                    return n
        return n

    def echoes(self, doc: int, pos: int) -> list[Echo]:
        """Every other article's copy of the passages covering ``pos`` in ``doc``."""
        out: list[Echo] = []
        for c in self.clusters:
            here = [cp for cp in c.copies if cp.doc == doc and cp.start <= pos < cp.end]
            if not here:
                continue
            for cp in c.copies:
                if cp.doc != doc and not any(e.copy.doc == cp.doc for e in out):
                    out.append(Echo(c, cp, self.paragraph(cp.doc, cp.start), _kind_between(c, here[0], cp)))
        return out

    def copied_clusters(self, min_docs: int = 2) -> list[Cluster]:
        """Passages found in at least ``min_docs`` articles, most widely copied first."""
        return [c for c in self.clusters if len(c.docs) >= min_docs]

    # -- provenance ------------------------------------------------------------------------
    def _infos(self, docs: Iterable[int]) -> list[DocInfo]:
        return [self.articles[d].info for d in docs if d in self.articles]

    def cluster_call(self, c: Cluster) -> Call:
        key = ("cluster", c.id)
        if key not in self._calls:
            self._calls[key] = decide(self._infos(c.docs), lambda: self._text_call(c))
        return self._calls[key]

    def _text_call(self, c: Cluster) -> tuple[int | None, str]:
        hit = self._texts.get(c.id)
        if hit is None:
            copies = sorted(c.copies, key=lambda cp: -cp.size)[:MAX_TEXT_COPIES]
            if len({cp.doc for cp in copies}) < len(copies):
                hit = None, ""  # a passage twice in one article: the text cannot order them
            else:
                hit = by_text([(cp.doc, self.articles[cp.doc].text[cp.start:cp.end]) for cp in copies])
            self._texts[c.id] = hit
        return hit

    def family_call(self, f: Family) -> Call:
        key = ("family", f.docs[0])
        if key not in self._calls:
            self._calls[key] = decide(self._infos(f.docs), lambda: self._family_text(f))
        return self._calls[key]

    def _family_text(self, f: Family) -> tuple[int | None, str]:
        votes: Counter[int] = Counter()
        for c in self._family_clusters.get(self._family.get(f.docs[0], -1), []):
            if len(c.docs) > 1:
                first, _ = self._text_call(c)
                if first is not None:
                    votes[first] += 1
        if not votes:
            return None, ""
        (best, n), total = votes.most_common(1)[0], sum(votes.values())
        if n * 2 <= total:
            return None, ""
        return best, (f"#{best} holds the shared passages whole in {n} of {total} passage"
                      f"{'s' if total != 1 else ''} where the copies differ")

    def pair_call(self, p: PairShare) -> Call:
        key = ("pair", p.a * 1_000_003 + p.b)
        if key not in self._calls:
            self._calls[key] = decide(self._infos((p.a, p.b)), lambda: self._pair_text(p))
        return self._calls[key]

    def _pair_text(self, p: PairShare) -> tuple[int | None, str]:
        if self._by_pair is None:
            self._by_pair = {}
            for k in self.links:
                self._by_pair.setdefault((min(k.a.doc, k.b.doc), max(k.a.doc, k.b.doc)), []).append(k)
        votes: Counter[int] = Counter()
        notes: dict[int, str] = {}
        for k in self._by_pair.get((p.a, p.b), []):
            first, why = by_text([(e.doc, self.articles[e.doc].text[e.start:e.end])
                                  for e in (k.a, k.b)])
            if first is not None:
                votes[first] += 1
                notes.setdefault(first, why)
        if len(votes) != 1:
            return None, ""
        (best, n), = votes.most_common(1)
        return best, notes[best] + (f" (and in {n - 1} more passage{'s' if n != 2 else ''})"
                                    if n > 1 else "")


_STRENGTH = {"reference": 3, "verbatim": 3, "edited": 2, "paraphrase": 1}
_KIND = {3: "verbatim", 2: "edited", 1: "paraphrase"}


def _kind_between(c: Cluster, here: Copy, there: Copy) -> str:
    """How ``there`` relates to ``here``: the strongest link joining the two articles in this
    passage, else the weaker of the two copies' kinds against the reference."""
    direct = [_STRENGTH.get(str(k.kind), 0) for k in c.links
              if {k.a.doc, k.b.doc} == {here.doc, there.doc}]
    if direct:
        return _KIND[max(direct)]
    return _KIND[min(_STRENGTH.get(here.kind, 1), _STRENGTH.get(there.kind, 1))]
