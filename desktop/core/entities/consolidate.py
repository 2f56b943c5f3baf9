"""Stored candidates of one article -> the mentions drawn on it.

Each mention gets one label (the library's majority for its surface form, or the user's) and
one canonical entity name (a short form such as "Putin" or "US" becomes the full name it
stands for: "Vladimir Putin", "United States"). Known names the model missed in this article
are found again; multi-word candidates in headline-style blocks are trusted only as far as
they contain known names ("Xi Set to Meet" -> "Xi"); members of a list of names take the
list's label; the user's own marks and rejections for this article come last.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desktop.core.entities.aliases import FAMILY_CONFIDENCE
from desktop.core.entities.candidates import CONNECTORS, Candidate
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import (
    MAX_NAME_WORDS,
    WORD,
    Lexicon,
    dominant,
    is_initialism,
)
from desktop.core.model import Span, SpanKind

_WORD = WORD
_LIST_GAP = re.compile(r"^(?:,\s*|,?\s+(?:and|or)\s+)$")
_LISTABLE = {Label.PERSON, Label.ORG, Label.PLACE, Label.GROUP}
IN_ARTICLE_CONFIDENCE = 0.95  # a short form and the one full name it fits in the article
LIBRARY_CONFIDENCE = 0.8  # ... times the full name's share, when only the library knows it


@dataclass(frozen=True, order=True)
class Mention:
    """One entity mention: clean-text offsets, label, canonical entity name, text as written."""

    start: int
    end: int
    label: Label
    entity: str
    text: str
    # how sure the link to ``entity`` is: 1.0 for the name itself or the user's merge, less
    # for an automatic alias (a surname to the full name in this article, an initialism...)
    confidence: float = field(default=1.0, compare=False)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, SpanKind.ENTITY, str(self.label))


@dataclass
class DocCorrections:
    """The corrections that hold in one article only (clean-text offsets)."""

    added: list[tuple[int, int, Label]] = field(default_factory=list)
    rejected: set[tuple[int, int]] = field(default_factory=set)


def resolve(text: str, candidates: Sequence[Candidate], lex: Lexicon,
            here: DocCorrections | None = None, breaks: Sequence[int] = ()) -> list[Mention]:
    """Mentions of one article; ``breaks`` are the line breaks no name may cross."""
    here = here or DocCorrections()
    rejected = lex.corrections.rejected
    cands = [c for c in _unglue(text, _untitle(text, candidates, lex, breaks), lex)
             if c.key not in rejected]
    cands += _propagate(text, cands, lex, breaks)
    cands.sort(key=lambda c: (c.start, -c.end))
    in_doc = Counter(lex.alias(c.key) for c in cands)
    seen: dict[tuple[str, str, Label, bool], tuple[Label, str, float]] = {}
    mentions = [_mention(text, c, lex, in_doc, seen) for c in cands]
    mentions = _list_labels(text, mentions, cands, lex)
    return _apply_here(text, mentions, here, lex)


def _untitle(text: str, cands: Sequence[Candidate], lex: Lexicon,
             breaks: Sequence[int]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        if c.titlecase and " " in text[c.start:c.end] and c.key not in lex.votes:
            inner = [m for m in _scan(text, c.start, c.end, lex, breaks, lex.all_surface_keys)
                     if m.key != c.key]
            words = text[c.start:c.end].split()
            if len(inner) >= 2 or any(w.islower() and w not in CONNECTORS for w in words):
                out += inner
                continue
        out.append(c)
    return out


def _unglue(text: str, cands: Sequence[Candidate], lex: Lexicon) -> list[Candidate]:
    """Cut a place glued before a person's name ("Senator from Vermont Bernie Sanders"):
    the first words are a name the library knows as a place, the rest at least two words."""
    out: list[Candidate] = []
    for c in cands:
        words = list(_WORD.finditer(text, c.start, c.end))
        cut = None
        if c.label == Label.PERSON and len(words) >= 3 and not c.confident:
            for n in range(1, min(2, len(words) - 2) + 1):
                key = entity_key(text[c.start:words[n - 1].end()])
                if lex.label(key) == Label.PLACE and sum(lex.votes[key].values()) >= 2:
                    cut = n
                    break
        if cut is None:
            out.append(c)
            continue
        head_end, rest = words[cut - 1].end(), words[cut].start()
        out += [Candidate(c.start, head_end, Label.PLACE, entity_key(text[c.start:head_end]),
                          c.titlecase),
                Candidate(rest, c.end, Label.PERSON, entity_key(text[rest:c.end]), c.titlecase)]
    return out


def _scan(text: str, lo: int, hi: int, lex: Lexicon, breaks: Sequence[int] = (),
          known: dict[str, str] | None = None) -> list[Candidate]:
    """Known surface forms in text[lo:hi], longest first, as candidates.

    Only a word that begins some known name starts a look-up (lex.first_words), and a name is
    looked for only across words joined by a space or a hyphen: one pass over the words."""
    known = lex.surface_keys if known is None else known
    firsts = lex.first_words
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, lo, hi)]
    n = len(words)
    out: list[Candidate] = []
    i = 0
    while i < n:
        s, first_end = words[i]
        first = text[s:first_end]
        if not first[0].isupper() or (first not in firsts and first.rstrip(".") not in firsts):
            i += 1
            continue
        found = None
        last = i  # the last word joined to word i by single spaces or hyphens only
        while last + 1 < min(n, i + MAX_NAME_WORDS) and \
                text[words[last][1]:words[last + 1][0]] in (" ", "-"):
            last += 1
        for j in range(last, i - 1, -1):
            if j > i and breaks and _crosses(breaks, s, words[j][1]):
                continue
            e = words[j][1]
            surface = text[s:e]
            key = known.get(surface) or (known.get(surface[:-1]) if surface.endswith(".") else None)
            if key is not None:
                e = e if surface in known else e - 1
                found = (j, Candidate(s, e, lex.label(key) or Label.OTHER, key))
                break
        if found:
            out.append(found[1])
            i = found[0] + 1
        else:
            i += 1
    return out


def _crosses(breaks: Sequence[int], s: int, e: int) -> bool:
    i = bisect_left(breaks, s)
    return i < len(breaks) and breaks[i] < e


def _propagate(text: str, cands: Sequence[Candidate], lex: Lexicon,
               breaks: Sequence[int]) -> list[Candidate]:
    taken = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in taken]
    out = []
    common: dict[str, bool] = {}
    words: set[str] | None = None  # the article's words as written, read when first needed
    for c in _scan(text, 0, len(text), lex, breaks):
        word = text[c.start:c.end]
        if " " not in word and not word.isupper() and c.key not in lex.corrections.added:
            # a capitalised common word ("State", "Home", "Park") is a name only where the
            # model says so: not looked for in an article that also uses it in lower case
            if word not in common:
                if word.isalnum():
                    words = set(re.findall(r"\w+", text)) if words is None else words
                    common[word] = word.lower() in words
                else:
                    common[word] = re.search(rf"\b{re.escape(word.lower())}\b",
                                             text) is not None
            if common[word]:
                continue
        i = bisect_left(starts, c.end)  # taken spans starting before c ends: only the last
        if i and taken[i - 1][1] > c.start:  # few can overlap (candidates do not overlap)
            continue
        out.append(c)
    return out


def _canonical(c: Candidate, surface: str, lex: Lexicon,
               in_doc: Counter[str]) -> tuple[str, float]:
    """The entity a candidate names, and how sure that is.

    A short form ("Bolton", "SCO") stands for the one full name it fits in this article; if
    two fit here (two people named Clinton) it stays itself. With none here, it stands for
    the full name the library clearly knows it by (twice any other), less surely."""
    key = lex.alias(c.key)
    if key != c.key:
        user = c.key in lex.corrections.aliases
        return key, 1.0 if user else FAMILY_CONFIDENCE
    expansions = Counter({k: n for k, n in lex.expansions(key, surface).items()
                          if not lex.split_apart(key, k)})
    own = lex.label(key)
    if own not in (Label.PERSON, None) and not is_initialism(surface):
        # a word the library knows as something else stands for a person's full name unless
        # it is seen as that something else more than twice as often ("Raisi", a place twice,
        # is Ebrahim Raisi; "Twitter", an organisation 65 times, is not the person "Twitter bio")
        weight = sum(lex.votes[key].values())
        expansions = Counter({k: n for k, n in expansions.items() if 2 * n >= weight})
    here = [k for k in expansions if in_doc[k]]
    if len(here) == 1:
        return lex.alias(here[0]), IN_ARTICLE_CONFIDENCE
    if here or not (lex.label(key) in (Label.PERSON, None) or is_initialism(surface)):
        return key, 1.0
    best = dominant(expansions)
    if best is None:
        return key, 1.0
    if is_initialism(surface) and own is not None and own != lex.label(best):
        # only another article spells it out, as a name of another kind: "CI" (a confidence
        # interval, called a person) is not the "Crown Inn" (a place) of a story elsewhere in
        # the library (on pdf-real 11 of 12 library-only initialism expansions were wrong, 8
        # of them across kinds; "FAA", ORG both ways, is kept)
        return key, 1.0
    return lex.alias(best), LIBRARY_CONFIDENCE * expansions[best] / sum(expansions.values())


def _mention(text: str, c: Candidate, lex: Lexicon, in_doc: Counter[str],
             seen: dict[tuple[str, str, Label, bool], tuple[Label, str, float]]) -> Mention:
    surface = text[c.start:c.end]
    memo = (c.key, surface, c.label, c.confident)  # the same name again: the same answer
    if memo not in seen:
        canon, sure = _canonical(c, surface, lex, in_doc)
        # the user's word first, then what the sentence itself says, then the library's vote
        label = (lex.corrections.relabels.get(c.key) or (c.label if c.confident else None)
                 or lex.label(canon) or lex.label(c.key) or c.label)
        seen[memo] = (label, lex.display(canon, surface), sure)
    label, entity, sure = seen[memo]
    return Mention(c.start, c.end, label, entity, surface, sure)


def _list_labels(text: str, mentions: list[Mention], cands: Sequence[Candidate],
                 lex: Lexicon) -> list[Mention]:
    """Names in one list ("Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan") share the label
    most of them have."""
    out = list(mentions)
    run: list[int] = []
    for i in range(len(out) + 1):
        if i < len(out) and run and _LIST_GAP.match(text[out[run[-1]].end:out[i].start]):
            run.append(i)
            continue
        if len(run) >= 3:
            _relabel_run(out, run, cands, lex)
        run = [i]
    return out


def _relabel_run(out: list[Mention], run: list[int], cands: Sequence[Candidate],
                 lex: Lexicon) -> None:
    counts = Counter(out[i].label for i in run if out[i].label in _LISTABLE)
    if not counts:
        return
    label, n = counts.most_common(1)[0]
    if n * 3 < len(run) * 2 or label == Label.GROUP:
        return
    for i in run:
        m = out[i]
        if m.label != label and m.label in _LISTABLE and \
                cands[i].key not in lex.corrections.relabels:
            out[i] = Mention(m.start, m.end, label, m.entity, m.text, m.confidence)


def _apply_here(text: str, mentions: Iterable[Mention], here: DocCorrections,
                lex: Lexicon) -> list[Mention]:
    kept = [m for m in mentions if (m.start, m.end) not in here.rejected]
    for s, e, label in here.added:
        surface = text[s:e]
        if entity_key(surface) in lex.corrections.rejected:
            continue  # rejected everywhere after it was marked here
        canon = lex.alias(entity_key(surface))
        kept = [m for m in kept if m.end <= s or m.start >= e]
        kept.append(Mention(s, e, label, lex.display(canon, surface), surface))
    return sorted(kept)
