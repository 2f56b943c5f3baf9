"""Lexical paraphrase: the same statement or quote in other words, within linked articles.

Runs only on pairs of articles that already share text (so two unrelated articles never get
a paraphrase link) and only on sentences no verbatim/edited link covers. Sentences are
compared by their content-word stems (Porter); names count for less, so two sentences that
only share names never match. A quote is matched when most of its content words reappear in
one sentence of the other article, which catches direct speech turned into reported speech.
Social posts take part here (they never seed verbatim/edited reuse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter import stem

from desktop.core.model import Span
from desktop.core.overlap.normalize import WORD, is_content, normalize_word

PARAPHRASE_BLOCKS = frozenset({"headline", "paragraph", "subheading", "social"})
SENTENCE = re.compile(r"[^\s].*?(?:[.!?…]+[\"”’')]*(?=\s|$)|[.!?…]+[\"”’')]+(?=[A-Z“\"])|$)", re.S)
QUOTE = re.compile(r"[“\"”]([^“”\"]{8,}?)[”\"“]")
MIN_SHARED = 5
MIN_DICE = 0.55
MIN_QUOTE_WORDS = 3
MIN_QUOTE_SHARE = 0.75


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    stems: frozenset[str]
    names: frozenset[str]
    quotes: tuple[frozenset[str], ...]


@lru_cache(maxsize=200_000)
def _stem_of(word: str) -> str:
    """The Porter stem of a word's normalised form; '' when it is not a content word."""
    norm = normalize_word(word)
    return stem(norm) if norm and is_content(norm) else ""


def _stems(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Content stems of a text, and those of capitalised words not first (names)."""
    words = WORD.findall(text)
    stems = [_stem_of(w) for w in words]
    names = frozenset(s for k, (w, s) in enumerate(zip(words, stems, strict=True))
                      if s and k and w[0].isupper())
    return frozenset(s for s in stems if s), names


def sentences(text: str, blocks: tuple[Span, ...] | list[Span]) -> list[Sentence]:
    out = []
    for block in blocks:
        if str(block.label) not in PARAPHRASE_BLOCKS:
            continue
        for m in SENTENCE.finditer(text, block.start, block.end):
            body = m.group()
            stems, names = _stems(body)
            if len(stems) < MIN_QUOTE_WORDS:
                continue
            quotes = tuple(q for q in (_stems(x.group(1))[0] for x in QUOTE.finditer(body))
                           if len(q) >= MIN_QUOTE_WORDS)
            out.append(Sentence(m.start(), m.start() + len(body.rstrip()), stems, names, quotes))
    return out


def _quote_score(x: Sentence, y: Sentence) -> float:
    best = 0.0
    for q in x.quotes:
        shared = len(q & y.stems)
        if shared >= MIN_QUOTE_WORDS and shared / len(q) >= MIN_QUOTE_SHARE:
            best = max(best, 0.5 + 0.4 * shared / len(q))
    return best


def similarity(x: Sentence, y: Sentence) -> float:
    """0 when the pair is not a paraphrase, else a score in (0, 1]."""
    shared = x.stems & y.stems
    plain = shared - x.names - y.names
    quote = max(_quote_score(x, y), _quote_score(y, x))
    if len(shared) < MIN_SHARED or len(plain) < 3:
        return quote
    dice = 2 * len(shared) / (len(x.stems) + len(y.stems))
    return max(quote, dice if dice >= MIN_DICE else 0.0)


def match(xs: list[Sentence], ys: list[Sentence]) -> list[tuple[Sentence, Sentence, float]]:
    """One-to-one sentence pairs, best first."""
    scored = []
    for x in xs:
        for y in ys:
            if len(x.stems & y.stems) >= MIN_QUOTE_WORDS:
                s = similarity(x, y)
                if s > 0:
                    scored.append((s, x.start, y.start, x, y))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_x: set[int] = set()
    used_y: set[int] = set()
    out = []
    for s, _, _, x, y in scored:
        if x.start not in used_x and y.start not in used_y:
            used_x.add(x.start)
            used_y.add(y.start)
            out.append((x, y, round(s, 4)))
    return out


def uncovered(sents: list[Sentence], covered: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences less than half covered by the given character spans."""
    out = []
    for s in sents:
        inside = sum(max(0, min(s.end, e) - max(s.start, b)) for b, e in covered)
        if inside * 2 < s.end - s.start:
            out.append(s)
    return out
