"""One quote across articles: groups of occurrences, altered wording, conflicting speakers.

Two quotes are the same quote when, word stems compared (``understands`` = ``understand``),
most of the shorter one reappears in order in the longer one: at least ``MIN_MATCHED`` words
and ``MIN_COVER`` of the shorter, two of them content words. That catches a partial quote
inside a full one (``"understands your questions and concerns"`` inside ``"We understand
your questions and concern about this. …"``). Quotes of fewer than ``SHORT`` words group
only when their words are identical and their articles are related (share text), so a scare
quote (``"alternative"``) never joins unrelated stories. Candidates come from an index of
word-stem trigrams, so a library's quotes are grouped in about linear time.

Sameness is not chained: every two occurrences in a group must pass that test with each other
(complete linkage), the closest pairs joined first. Otherwise a long occurrence holding two
different statements (a quote that runs on because its closing mark was lost, or a full quote
of which two partial quotes were taken) would make those two statements one quote "worded
differently"; now the long occurrence joins the statement it shares most words with.

A group is ``altered`` when its wordings differ beyond quote marks, case and punctuation
(and British/American spelling, which is house style) where they overlap: each occurrence
is compared with the group's reference wording (the most frequent, then the longest) and the
word diff of the overlap is kept. ``speakers_differ`` when the same words are attributed to
two different named speakers (surnames compared: "Mr Putin" = "Vladimir Putin").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher

from desktop.core.overlap.normalize import STOPWORDS
from desktop.core.storymap.speakers import GROUP, PERSON, Speaker
from desktop.core.words import quote_form, quote_stem

WORD = re.compile(r"[^\W_]+(?:[’'.][^\W_]+)*")  # "no-limits" = "no limits"
MIN_MATCHED = 3
MIN_COVER = 0.7
SHORT = 4  # fewer words: grouped only when identical and in related articles
LOOSE_MATCHED = 6  # words an unrelated pair must share in order
LOOSE_COVER = 0.8
STRAY_GAP = 3  # words between a lone matching word and the rest of an alignment


@dataclass(frozen=True)
class QuoteItem:
    """One occurrence: the quote of ``doc`` at position ``index`` of its quote list."""

    doc: int
    index: int
    text: str  # the quoted words (parts joined by " … ")
    speaker: Speaker


@dataclass(frozen=True)
class Change:
    op: str  # replace | delete | insert (delete: words of the reference left out)
    before: str  # the reference's words
    after: str  # this occurrence's words


@dataclass
class QuoteGroup:
    id: int
    items: list[QuoteItem]
    reference: int  # index into items of the reference wording
    changes: list[list[Change]] = field(default_factory=list)  # per item, against the reference
    altered: bool = False
    speakers_differ: bool = False

    @property
    def docs(self) -> list[int]:
        return sorted({i.doc for i in self.items})

    def speaker_names(self) -> list[str]:
        """Named speakers, most frequent first."""
        names = Counter(i.speaker.name for i in self.items if i.speaker.known)
        return [n for n, _ in names.most_common()]


def words(text: str) -> list[str]:
    return WORD.findall(text)


@dataclass
class _Prepared:
    item: QuoteItem
    surface: list[str]
    keys: list[str]
    stems: list[str]


def _prepare(item: QuoteItem) -> _Prepared:
    surface = words(item.text)
    keys = [quote_form(w) for w in surface]
    return _Prepared(item, surface, keys, [quote_stem(k) for k in keys])


def _same_quote(x: _Prepared, y: _Prepared, related: bool) -> int:
    """How many words the two quotes share in order when they are the same quote, else 0."""
    short = min(len(x.stems), len(y.stems))
    if short < SHORT:
        return short if related and x.keys == y.keys else 0
    blocks = SequenceMatcher(None, x.stems, y.stems, autojunk=False).get_matching_blocks()
    matched = [x.stems[b.a + k] for b in blocks if b.size >= 2 for k in range(b.size)]
    content = sum(1 for s in matched if s not in STOPWORDS and len(s) > 2)
    need, cover = (MIN_MATCHED, MIN_COVER) if related else (LOOSE_MATCHED, LOOSE_COVER)
    ok = len(matched) >= need and content >= 2 and len(matched) >= cover * short
    return len(matched) if ok else 0


def _candidates(prepared: list[_Prepared]) -> set[tuple[int, int]]:
    index: dict[tuple[str, ...], list[int]] = {}
    for n, p in enumerate(prepared):
        if len(p.stems) < SHORT:
            grams = {tuple(p.keys)}
        else:
            grams = {tuple(p.stems[k:k + 3]) for k in range(len(p.stems) - 2)}
            grams = {g for g in grams if any(s not in STOPWORDS for s in g)}
        for g in grams:
            index.setdefault(g, []).append(n)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > 200:  # a stock phrase: it says nothing about sameness
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b))
    return pairs


def group_quotes(items: Sequence[QuoteItem],
                 related: Callable[[int, int], bool] | None = None) -> list[QuoteGroup]:
    """Groups of the same quote in two or more articles, largest first."""
    prepared = [_prepare(i) for i in items]
    scores: dict[tuple[int, int], int] = {}  # words shared when the same quote, else 0

    def score(a: int, b: int) -> int:
        if (a, b) not in scores:
            da, db = prepared[a].item.doc, prepared[b].item.doc
            near = da == db or related is None or related(da, db)
            scores[(a, b)] = scores[(b, a)] = _same_quote(prepared[a], prepared[b], near)
        return scores[(a, b)]

    # the trigram index only proposes pairs: two wordings of one quote may share no trigram
    # (``we see this as a net`` / ``we this as net``), so a cluster checks its other pairs
    same = {(a, b): s for a, b in _candidates(prepared) if (s := score(a, b))}
    members = _complete_linkage(len(prepared), same, score)
    groups = [_finish([prepared[n] for n in ns]) for ns in members
              if len({prepared[n].item.doc for n in ns}) > 1]
    size = {id(p.item): len(p.keys) for p in prepared}
    groups.sort(key=lambda g: (-len(g.docs), -max(size[id(i)] for i in g.items), g.items[0].doc,
                               g.items[0].index))
    for k, g in enumerate(groups, 1):
        g.id = k
    return groups


def _complete_linkage(count: int, same: dict[tuple[int, int], int],
                      score: Callable[[int, int], int]) -> list[list[int]]:
    """Clusters in which every two members are the same quote (``score`` > 0), joined along
    the proposed pairs ``same``, closest first (most words shared, then text order, so the
    result does not depend on set order)."""
    cluster = list(range(count))
    members: dict[int, list[int]] = {n: [n] for n in range(count)}
    for a, b in sorted(same, key=lambda ab: (-same[ab], ab)):
        ca, cb = cluster[a], cluster[b]
        if ca == cb:
            continue
        if all(score(x, y) for x in members[ca] for y in members[cb]):
            small, big = sorted((ca, cb), key=lambda c: len(members[c]))
            for x in members.pop(small):
                cluster[x] = big
                members[big].append(x)
    return list(members.values())


def _finish(members: list[_Prepared]) -> QuoteGroup:
    members.sort(key=lambda p: (p.item.doc, p.item.index))
    counts = Counter(tuple(p.keys) for p in members)
    ref = max(range(len(members)), key=lambda n: (counts[tuple(members[n].keys)],
                                                  len(members[n].keys), -n))
    group = QuoteGroup(0, [p.item for p in members], ref)
    group.changes = [diff(members[ref], p) if n != ref else [] for n, p in enumerate(members)]
    group.altered = any(group.changes)
    group.speakers_differ = len(speaker_keys(group.items)) > 1
    return group


def diff(ref: _Prepared, other: _Prepared) -> list[Change]:
    """Word changes of ``other`` against ``ref`` where the two overlap: the overlap is found
    on word stems (so ``understands`` meets ``understand``), then compared word for word."""
    blocks = [b for b in SequenceMatcher(None, ref.stems, other.stems, autojunk=False)
              .get_matching_blocks() if b.size]
    blocks = _trim_strays(blocks)
    if not blocks:
        return []
    i0, j0 = blocks[0].a, blocks[0].b
    i1, j1 = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    sm = SequenceMatcher(None, ref.keys[i0:i1], other.keys[j0:j1], autojunk=False)
    return [Change(op, " ".join(ref.surface[i0 + a1:i0 + a2]), " ".join(other.surface[j0 + b1:j0 + b2]))
            for op, a1, a2, b1, b2 in sm.get_opcodes() if op != "equal"]


def _trim_strays(blocks: list[Match]) -> list[Match]:
    """The alignment without a lone matching word at either end that lies far from the rest
    (``parliament`` of a run-on text forty words on): it would stretch the overlap, and the
    diff, over words the two quotes do not share."""
    def far(x: Match, y: Match) -> bool:
        return max(y.a - (x.a + x.size), y.b - (x.b + x.size)) > STRAY_GAP

    while len(blocks) > 1 and blocks[-1].size < 2 and far(blocks[-2], blocks[-1]):
        blocks = blocks[:-1]
    while len(blocks) > 1 and blocks[0].size < 2 and far(blocks[0], blocks[1]):
        blocks = blocks[1:]
    return blocks


def speaker_key(s: Speaker) -> str:
    """Who a named speaker is, for comparing attributions ('' when the text names nobody)."""
    if not s.known or s.kind not in {PERSON, GROUP}:
        return ""
    return quote_form(s.name.split()[-1]).removesuffix("'s")


def speaker_keys(items: Sequence[QuoteItem]) -> set[str]:
    return {k for k in (speaker_key(i.speaker) for i in items) if k}
