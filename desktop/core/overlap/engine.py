"""One article prepared for linking, and the links between two prepared articles (pure code).

``link_pair`` is the whole comparison of two articles: seeds, alignment, classification and,
for pairs that share text, lexical paraphrase on the sentences left over. It knows nothing of
the store; service.py feeds it and saves what it returns.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

from desktop.core.model import Span
from desktop.core.overlap import paraphrase
from desktop.core.overlap.align import align
from desktop.core.overlap.classify import char_span, classify, filled_template, merge_reordered
from desktop.core.overlap.normalize import Tokens, tokenize
from desktop.core.overlap.seeds import SeedIndex, ngram_hashes, seed_pairs
from desktop.core.overlap.types import Link, LinkEnd, LinkKind

SAMPLE = 2


@dataclass
class Prepared:
    """What linking needs of one article, computed once per run."""

    doc: int
    text: str
    blocks: tuple[Span, ...]
    tokens: Tokens
    seeds: SeedIndex
    key: str = ""  # the content hash: which side of a pair the article is (candidates.orient)
    _sentences: list[paraphrase.Sentence] | None = field(default=None, repr=False)
    _packed: bytes | None = field(default=None, repr=False)  # the sentences, pickled (shed)

    @property
    def sentences(self) -> list[paraphrase.Sentence]:
        if self._sentences is None:
            self._sentences = (pickle.loads(self._packed) if self._packed is not None
                               else paraphrase.sentences(self.text, self.blocks))
        return self._sentences

    def shed(self) -> int:
        """Keep the paraphrase sentences only packed: pickled, about 6 KB instead of 37 KB of
        live sets for a 300-word article, restored in 0.2 ms where computing them again takes
        1.7-2.7 ms (our own objects, never read from outside). Returns the bytes newly packed."""
        if self._sentences is None:
            return 0
        added = 0
        if self._packed is None:
            self._packed = pickle.dumps(self._sentences, protocol=pickle.HIGHEST_PROTOCOL)
            added = len(self._packed)
        self._sentences = None
        return added

    def distinct_hashes(self) -> list[int]:
        """The hashes posted in the inverted index: one in SAMPLE (by value, so two articles
        sample the same n-grams); alignment itself uses every hash."""
        return self.seeds.distinct(SAMPLE)


def prepare(doc: int, text: str, blocks: tuple[Span, ...], key: str = "") -> Prepared:
    tokens = tokenize(text, blocks)
    return Prepared(doc, text, blocks, tokens, SeedIndex(ngram_hashes(tokens)), key)


def link_pair(a: Prepared, b: Prepared, *, with_paraphrase: bool = True) -> list[Link]:
    """Every passage A and B share. Callers put the article with the smaller content hash on
    side A (candidates.orient), so a pair always gives the same links."""
    if a.doc == b.doc:
        return []
    pairs = seed_pairs(a.seeds, b.seeds)
    if not pairs:
        return []
    links = []
    for p in align(pairs, a.tokens, b.tokens):
        kind, score = classify(p, a.tokens, b.tokens)
        if kind == LinkKind.EDITED and filled_template(p, a.text, a.tokens, b.text, b.tokens):
            continue  # the same frame reporting other names: not reuse
        sa = char_span(a.text, a.tokens, p.a0, p.a1)
        sb = char_span(b.text, b.tokens, p.b0, p.b1)
        links.append(Link(LinkEnd(a.doc, *sa), LinkEnd(b.doc, *sb), kind, score))
    if with_paraphrase:  # without shared passages only rewrites around identical words count
        links += paraphrase_links(a, b, links)
    return merge_reordered(links, a.blocks, b.blocks) if len(links) > 1 else links


def paraphrase_links(a: Prepared, b: Prepared, links: list[Link]) -> list[Link]:
    xs = paraphrase.uncovered(a.sentences, [(k.a.start, k.a.end) for k in links])
    ys = paraphrase.uncovered(b.sentences, [(k.b.start, k.b.end) for k in links])
    found = paraphrase.match(xs, ys, anchored=bool(links))
    out = []
    for a0, a1, b0, b1, score in paraphrase.passages(
            found, min_sentences=1 if links else paraphrase.UNANCHORED_SENTENCES):
        # a sentence too short to seed reuse but word for word the same is verbatim
        same = paraphrase.same_words(a.text[a0:a1], b.text[b0:b1])
        out.append(Link(LinkEnd(a.doc, a0, a1), LinkEnd(b.doc, b0, b1),
                        LinkKind.VERBATIM if same else LinkKind.PARAPHRASE, 1.0 if same else score))
    return out
