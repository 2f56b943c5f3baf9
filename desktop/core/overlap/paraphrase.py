"""Lexical paraphrase: the same statement or quote in other words, within linked articles.

Runs on sentences no verbatim/edited link covers. Sentences are compared by their
content-word stems (Porter); names count for less, so two sentences that only share names
never match. A pair is a paraphrase when:

- most of their content stems are shared (Dice ≥ ``MIN_DICE``, with ``MIN_SHARED`` stems,
  three of them not names), or
- a quote of one reappears in the other (most of its content words: direct speech turned
  into reported speech), provided the two still share a fair part of their wording (Dice ≥
  ``MIN_WORDING``) or stronger evidence holds: a name in common and at least ``STRONG_QUOTE``
  of the quote's words; and the other sentence is not a bag of everything (a list of points
  holding a short quote's few words is no paraphrase of it), or
- a heavy rewrite: the two share a run of ``RUN_WORDS`` identical words and a fair part of
  their wording (Dice ≥ ``MIN_WORDING``). The rewritten sentences around such a pair (within
  ``NEAR`` sentences, in any order, Dice ≥ ``NEAR_DICE``) join it, and matched sentences next
  to each other on both sides become one passage: one link per rewritten passage.

Shared wording is not enough when the facts differ: outlets and series reuse a sentence's
frame with other names and figures in it ("Following the race, Busch became championship
leader with 80 points" / "…, Edwards became … with 42 points"; a monthly polling line; the
top-ten finishers of two races). A pair where each side has figures the other lacks, more of
them than the figures they share, or likewise names (a name of one side that the other never
mentions), is a template filled in twice, not a paraphrase (``facts_differ``). A quote found
again in reported speech is exempt: its words are the evidence, and a changed figure in a
quote is what the quote check flags.

Between articles that share no verbatim or edited passage (``anchored=False``) only rewrites
count, and only as passages of at least ``UNANCHORED_SENTENCES`` sentences: two unrelated
articles never get a paraphrase link from common words, nor from one stock sentence they share.
Social posts take part here (they never seed verbatim/edited reuse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from whoosh.lang.porter import stem

from desktop.core.model import Span
from desktop.core.overlap.normalize import WORD, is_content, normalize_word
from desktop.core.words import CACHE_SIZE

PARAPHRASE_BLOCKS = frozenset({"headline", "paragraph", "subheading", "social"})
SENTENCE = re.compile(r"[^\s].*?(?:[.!?…]+[\"”’')]*(?=\s|$)|[.!?…]+[\"”’')]+(?=[A-Z“\"])|$)", re.S)
QUOTE = re.compile(r"[“\"”]([^“”\"]{8,}?)[”\"“]")
MIN_SHARED = 5
MIN_DICE = 0.55
MIN_QUOTE_WORDS = 3
MIN_QUOTE_SHARE = 0.75
MIN_WORDING = 0.3  # Dice below which only stronger evidence makes a paraphrase
STRONG_QUOTE = 5  # quote words found, with a name in common: strong enough on its own
MIN_OTHER_SHARE = 0.25  # of the other sentence's stems a quote's matched words must make up
RUN_WORDS = 8  # identical words in a row that anchor a heavy rewrite
NEAR = 2  # sentences around an anchored rewrite that may join it
NEAR_DICE = 0.25
UNANCHORED_SENTENCES = 2


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    stems: frozenset[str]
    names: frozenset[str]
    quotes: tuple[frozenset[str], ...]
    words: tuple[str, ...] = ()  # normalised words in order (for runs of identical words)
    numbers: frozenset[str] = frozenset()  # figures, digits or spelled out ("8" for "eight")
    block: int = 0
    index: int = 0  # position in the article's sentence list


@lru_cache(maxsize=CACHE_SIZE)
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
    out: list[Sentence] = []
    for b, block in enumerate(blocks):
        if str(block.label) not in PARAPHRASE_BLOCKS:
            continue
        for m in SENTENCE.finditer(text, block.start, block.end):
            body = m.group()
            stems, names = _stems(body)
            if len(stems) < MIN_QUOTE_WORDS:
                continue
            quotes = tuple(q for q in (_stems(x.group(1))[0] for x in QUOTE.finditer(body))
                           if len(q) >= MIN_QUOTE_WORDS)
            words = tuple(w for w in (normalize_word(x) for x in WORD.findall(body)) if w)
            out.append(Sentence(m.start(), m.start() + len(body.rstrip()), stems, names, quotes,
                                words, _numbers(body), b, len(out)))
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {w: str(n) for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}


def _numbers(text: str) -> frozenset[str]:
    """The figures of a sentence: digits (thousands separators dropped) and number words.
    Figures compare loosely (``_same_figure``): only figures that cannot be one another count
    as different."""
    found = {m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    found |= {_NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _NUMBER_WORDS}
    return frozenset(found)


def facts_differ(x: Sentence, y: Sentence) -> bool:
    """Two sentences of one frame filled with other facts: figures, or names, on both sides
    that the other never mentions, outnumbering the ones they share."""
    only_xn = frozenset(n for n in x.numbers if not any(_same_figure(n, m) for m in y.numbers))
    only_yn = frozenset(m for m in y.numbers if not any(_same_figure(n, m) for n in x.numbers))
    if _outnumbered(only_xn, only_yn, (x.numbers | y.numbers) - only_xn - only_yn):
        return True
    only_x, only_y = x.names - y.stems, y.names - x.stems
    return _outnumbered(only_x, only_y, (x.names | y.names) - only_x - only_y)


def _same_figure(n: str, m: str) -> bool:
    """Could two figures be one written differently? Equal, one the whole or decimal part of
    the other (6.6 cut to 6), or the digits of one leading the other's (1.2 million written
    1200000; two digits at least)."""
    if n == m or n in m.split(".") or m in n.split("."):
        return True
    dn, dm = sorted((n.replace(".", ""), m.replace(".", "")), key=len)
    return len(dn) >= 2 and dm.startswith(dn)


def _outnumbered(only_x: frozenset[str], only_y: frozenset[str], shared: frozenset[str]) -> bool:
    return bool(only_x) and bool(only_y) and len(only_x) + len(only_y) > len(shared)


def _dice(x: Sentence, y: Sentence) -> float:
    return 2 * len(x.stems & y.stems) / (len(x.stems) + len(y.stems))


def _quote_score(x: Sentence, y: Sentence) -> float:
    best = 0.0
    for q in x.quotes:
        found = q & y.stems
        shared = len(found)
        if (shared >= MIN_QUOTE_WORDS and shared / len(q) >= MIN_QUOTE_SHARE
                and shared >= MIN_OTHER_SHARE * len(y.stems)):
            strong = shared >= STRONG_QUOTE and bool(x.names & y.names)
            if strong or _dice(x, y) >= MIN_WORDING:
                best = max(best, 0.5 + 0.4 * shared / len(q))
    return best


def run_length(x: Sentence, y: Sentence) -> int:
    """The longest run of identical normalised words the two share (with two content words)."""
    sm = SequenceMatcher(None, x.words, y.words, autojunk=False)
    m = sm.find_longest_match(0, len(x.words), 0, len(y.words))
    if m.size and sum(1 for w in x.words[m.a:m.a + m.size] if is_content(w)) >= 2:
        return m.size
    return 0


def similarity(x: Sentence, y: Sentence, *, anchored: bool = True) -> float:
    """0 when the pair is not a paraphrase, else a score in (0, 1]. ``anchored``: the two
    articles already share verbatim or edited text."""
    dice = _dice(x, y)
    differ = facts_differ(x, y)
    if dice >= MIN_WORDING and not differ and run_length(x, y) >= RUN_WORDS:
        return max(dice, 0.5)  # a heavy rewrite around identical words
    if not anchored:
        return 0.0
    shared = x.stems & y.stems
    plain = shared - x.names - y.names
    quote = max(_quote_score(x, y), _quote_score(y, x))
    if len(shared) >= MIN_SHARED and len(plain) >= 3 and dice >= MIN_DICE and not differ:
        return max(quote, dice)
    return quote


def match(xs: list[Sentence], ys: list[Sentence], *,
          anchored: bool = True) -> list[tuple[Sentence, Sentence, float]]:
    """One-to-one sentence pairs, best first; rewritten neighbours of an anchored rewrite join."""
    scored = []
    for x in xs:
        for y in ys:
            if len(x.stems & y.stems) >= MIN_QUOTE_WORDS:
                s = similarity(x, y, anchored=anchored)
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
    anchors = [(x, y) for x, y, _ in out if run_length(x, y) >= RUN_WORDS]
    for ax, ay in anchors:
        near_x = [x for x in xs if x.block == ax.block and 0 < abs(x.index - ax.index) <= NEAR]
        near_y = [y for y in ys if y.block == ay.block and 0 < abs(y.index - ay.index) <= NEAR]
        pairs = sorted(((_dice(x, y), x, y) for x in near_x for y in near_y), key=lambda t: -t[0])
        for d, x, y in pairs:
            if (d >= NEAR_DICE and x.start not in used_x and y.start not in used_y
                    and not facts_differ(x, y)):
                used_x.add(x.start)
                used_y.add(y.start)
                out.append((x, y, round(d, 4)))
    return out


def passages(pairs: list[tuple[Sentence, Sentence, float]], *,
             min_sentences: int = 1) -> list[tuple[int, int, int, int, float]]:
    """Matched sentences next to each other on both sides (same blocks, at most one sentence
    apart, in any order) as one passage: (a start, a end, b start, b end, mean score); only
    passages of at least ``min_sentences`` sentence pairs."""
    groups: list[list[tuple[Sentence, Sentence, float]]] = []
    for p in sorted(pairs, key=lambda t: t[0].start):
        for g in groups:
            if any(x.block == p[0].block and y.block == p[1].block
                   and abs(x.index - p[0].index) <= 2 and abs(y.index - p[1].index) <= 2
                   for x, y, _ in g):
                g.append(p)
                break
        else:
            groups.append([p])
    out = []
    for g in groups:
        if len(g) < min_sentences:
            continue
        out.append((min(x.start for x, _, _ in g), max(x.end for x, _, _ in g),
                    min(y.start for _, y, _ in g), max(y.end for _, y, _ in g),
                    round(sum(s for _, _, s in g) / len(g), 4)))
    return out


def same_words(x: str, y: str) -> bool:
    """Are two passages the same words once normalised (quote style, case, house style)?"""
    return ([w for w in map(normalize_word, WORD.findall(x)) if w]
            == [w for w in map(normalize_word, WORD.findall(y)) if w])


def uncovered(sents: list[Sentence], covered: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences less than half covered by the given character spans."""
    out = []
    for s in sents:
        inside = sum(max(0, min(s.end, e) - max(s.start, b)) for b, e in covered)
        if inside * 2 < s.end - s.start:
            out.append(s)
    return out
