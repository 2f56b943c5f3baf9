"""Every direct quotation of one article, with its speaker where the text says (pure code).

``extract(text, blocks)`` pairs the quotation marks (quotemarks.py), joins a quote that runs
over several paragraphs, keeps a quote whose opening mark was lost only when an attribution
follows it, finds each quote's speaker (speakers.py), joins a quote split by its attribution
(``"…," Putin said, "…"`` and ``"…," Mr Kirby told CNN. "…"``) into one quote of several
parts, lets a quote without attribution take the speaker of the quote it continues (the same
sentence, or a paragraph that is nothing but a quote right after one), and resolves he/she.
Recognised names, where given, are evidence (names.py): a speaker that is a recognised place
is unknown, an organisation is a group, a recognised person may be what he/she points to.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop.core.model import Span
from desktop.core.storymap import speakers
from desktop.core.storymap.grammar import DETERMINERS, NAMING, POSSESSIVE_PRONOUNS, SPEECH, Tok, tokens
from desktop.core.storymap.names import Name
from desktop.core.storymap.quotemarks import Part, block_parts, starts_block
from desktop.core.storymap.speakers import GROUP, PERSON, PRONOUN, UNKNOWN, Speaker

_BOUNDARY = re.compile(r"[.!?…]+[\"”’']*(?:\s+|(?=[A-Z“\"‘]))")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Jr|Lt|Col|Gov|Prof|No|Inc|Ltd|Co|vs|v)"
                     r"|\b[A-Z]|(?:[A-Za-z]\.){1,}[A-Za-z])$")
_FULL_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+(?:von|van|der|de|al|bin|la|le|da))*\s+([A-Z][\w’'-]+)\b")
MAX_ATTRIBUTION_REST = 5  # words allowed after an attribution between two parts ("told CNN")


@dataclass(frozen=True)
class Quote:
    """One quotation: ``[start, end)`` from its first opening mark to its last closing mark,
    ``parts`` the quoted words inside the marks (several when an attribution splits it)."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    speaker: Speaker
    block: int  # index of the block it begins in

    def text(self, clean: str) -> str:
        return " … ".join(clean[a:b] for a, b in self.parts)

    def words(self, clean: str) -> int:
        return sum(len(clean[a:b].split()) for a, b in self.parts)


@dataclass
class _Draft:
    parts: list[Part]
    speaker: Speaker = UNKNOWN
    said_end: int = -1  # where an attribution after the quote ends
    settled: bool = False  # its speaker was found to be nobody: it takes no other's

    @property
    def open(self) -> int:
        return self.parts[0].open

    @property
    def close(self) -> int:
        return self.parts[-1].close


def _sentence_start(text: str, lo: int, pos: int) -> int:
    start = lo
    for m in _BOUNDARY.finditer(text, lo, pos):
        if not _ABBREV.search(text, lo, m.start()):
            start = m.end()
    return start


def _sentence_end(text: str, pos: int, hi: int) -> int:
    for m in _BOUNDARY.finditer(text, pos, hi):
        if not _ABBREV.search(text, pos, m.start()):
            return m.start() + 1
    return hi


def _chain(text: str, blocks: tuple[Span, ...] | list[Span], parts: list[Part]) -> list[_Draft]:
    """Parts grouped into quotes: a paragraph left open continues into the next one."""
    out: list[_Draft] = []
    for p in parts:
        last = out[-1].parts[-1] if out else None
        if (last is not None and last.tail and 0 < p.block - last.block <= 2
                and (p.lead or starts_block(text, p, blocks[p.block]))):
            out[-1].parts.append(p)
        else:
            out.append(_Draft([p]))
    return out


def _attribute(text: str, blocks: tuple[Span, ...] | list[Span], drafts: list[_Draft]) -> list[_Draft]:
    kept = []
    for n, d in enumerate(drafts):
        first, last = d.parts[0], d.parts[-1]
        block = blocks[last.block]
        nxt = drafts[n + 1].open if n + 1 < len(drafts) else block.end
        found = None
        if not last.tail and text[last.start:last.end][-1:] not in ".":
            found = speakers.after(text, last.close, min(nxt, _sentence_end(text, last.close, block.end)))
        if found is not None:
            d.speaker, d.said_end = found.speaker, found.end
        else:
            lo = blocks[first.block].start
            prev = drafts[n - 1].close if n and drafts[n - 1].parts[-1].block == first.block else lo
            spk = speakers.before(text, _sentence_start(text, max(lo, prev), first.open), first.open)
            d.speaker = spk or UNKNOWN
        if first.lead and found is None and len(d.parts) == 1:
            continue  # a lone closing mark with no attribution: not a quote we can trust
        kept.append(d)
    return kept


def _rest_is_small(text: str, lo: int, hi: int) -> bool:
    words = [t for t in tokens(text, lo, hi) if not t.punct]
    return len(words) <= MAX_ATTRIBUTION_REST and not any(t.low in SPEECH for t in words)


def _join_split(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """``"…," Putin said, "…"``: a quote whose attribution is all that stands before the next
    quote of the same block, when that one names nobody else, becomes one quote."""
    out: list[_Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if (prev is not None and prev.said_end >= 0 and prev.parts[-1].block == d.parts[0].block
                and prev.close <= prev.said_end <= d.open and _rest_is_small(text, prev.said_end, d.open)
                and d.speaker.how != "after"
                and (not d.speaker.name or same_speaker(d.speaker, prev.speaker))):
            prev.parts += d.parts
            prev.said_end = d.said_end
            continue
        out.append(d)
    return out


def _inherit(text: str, blocks: tuple[Span, ...] | list[Span], drafts: list[_Draft]) -> None:
    """A quote naming no speaker continues the quote before it: in the same sentence, or as
    a paragraph that is only a quote right after a paragraph ending with one."""
    for prev, d in itertools.pairwise(drafts):
        if d.speaker.name or d.settled or not prev.speaker.name:
            continue
        pb, db = prev.parts[-1].block, d.parts[0].block
        if pb == db:
            if not _BOUNDARY.search(text, prev.close, d.open):
                d.speaker = replace(prev.speaker, how="sentence")
            elif prev.said_end >= 0 and len(_BOUNDARY.findall(text, prev.said_end, d.open)) <= 1:
                d.speaker = replace(prev.speaker, how="continues")  # "…," X said after the game. "…"
        elif db == pb + 1:
            pblock, dblock = blocks[pb], blocks[db]
            ends = not text[prev.close:pblock.end].strip(" .,;:\u2019'\"”")
            whole = starts_block(text, d.parts[0], dblock) and not text[d.close:dblock.end].strip()
            if ends and whole:
                d.speaker = replace(prev.speaker, how="continues")


def same_speaker(a: Speaker, b: Speaker) -> bool:
    return bool(a.name) and a.name.split()[-1].lower() == b.name.split()[-1].lower()


PLACES = frozenset({"PLACE", "GPE", "LOC", "FAC", "NORP", "DATE", "EVENT"})


def _check_names(text: str, drafts: list[_Draft], names: Sequence[Name]) -> None:
    """A speaker the recogniser calls a place (or a date, an event) is nobody, one it calls
    an organisation or a group is a group — unless the grammar is surer than the recogniser
    (a name right after a quote, ``"…," said Piniella``, anywhere in the article) or the
    recogniser calls the name a person elsewhere in it."""
    people = {text[a:b].split()[-1].lower() for a, b, label in names if label == "PERSON" and b > a}
    sure = {d.speaker.name for d in drafts if d.speaker.how == "after"}
    for d in drafts:
        s = d.speaker
        if s.kind != PERSON:
            continue
        over = [label for a, b, label in names if a < s.end and s.start < b]
        if (not over or "PERSON" in over or s.how == "after" or s.name in sure
                or s.name.split()[-1].lower() in people):  # a person elsewhere in the article
            continue
        if all(label in PLACES for label in over):
            d.speaker, d.settled = replace(UNKNOWN, how=s.how), True
        elif any(label in {"ORG", "GROUP"} for label in over):
            d.speaker = replace(s, kind=GROUP)


def _candidates(text: str, blocks: tuple[Span, ...] | list[Span], drafts: list[_Draft],
                upto: int) -> list[Speaker]:
    """Named people an he/she may point to: quote speakers, subjects of speech verbs and of
    sentences, outside the quotes, in text order (only before ``upto``)."""
    quoted = sorted((p.open, p.close) for d in drafts for p in d.parts)
    starts = [a for a, _ in quoted]
    found = [d.speaker for d in drafts if d.speaker.kind == PERSON]
    multi = {m.group(1) for m in _FULL_NAME.finditer(text, 0, upto)
             if m.group().split()[0].lower() not in DETERMINERS}

    def outside(t: Tok) -> bool:
        k = bisect_right(starts, t.start) - 1
        return k < 0 or t.start >= quoted[k][1]

    for block in blocks:
        if block.start >= upto or str(block.label) in {"related", "caption"}:
            continue
        toks = [t for t in tokens(text, block.start, block.end) if outside(t)]
        for sentence in _sentences(toks):
            subject = speakers.sentence_subject(text, sentence, "pronoun")
            if subject is not None and subject.kind == PERSON and (
                    len(subject.name.split()) > 1 or subject.name in multi):
                found.append(subject)
            for v, t in enumerate(sentence):
                if t.low in SPEECH and t.low not in NAMING and not t.cap:
                    spk = speakers.subject_of(text, sentence, v, "pronoun")
                    if spk is not None and spk.kind == PERSON:
                        found.append(spk)
    return sorted(found, key=lambda s: s.start)


def _named(text: str, drafts: list[_Draft], names: Sequence[Name], upto: int) -> list[Speaker]:
    """Recognised people outside the quotes before ``upto``, not in the possessive (``Mohammad's
    admission`` names whose admission, not who speaks next)."""
    quoted = sorted((p.open, p.close) for d in drafts for p in d.parts)
    starts = [a for a, _ in quoted]
    out = []
    for a, b, label in names:
        k = bisect_right(starts, a) - 1
        if (label == "PERSON" and a < upto and (k < 0 or a >= quoted[k][1])
                and not _POSSESSIVE_AFTER.match(text, b)):
            out.append(Speaker(text[a:b], a, b, "pronoun", PERSON))
    return out


_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")


def _sentences(toks: list[Tok]) -> list[list[Tok]]:
    out: list[list[Tok]] = [[]]
    for t in toks:
        out[-1].append(t)
        if t.text in ".!?":
            out.append([])
    return [s for s in out if s]


def _resolve(text: str, blocks: tuple[Span, ...] | list[Span], drafts: list[_Draft],
             names: Sequence[Name] = ()) -> None:
    todo = [d for d in drafts if d.speaker.kind == PRONOUN]
    if not todo:
        return
    upto = max(d.speaker.start for d in todo)
    people = _candidates(text, blocks, drafts, upto)
    # recognised people only where the rules find nobody: they include objects ("speaking
    # to Martin Smith, he said"), which the rules' speakers and subjects do not
    named = _named(text, drafts, names, upto) if names else []
    genders = speakers.honorific_genders(text)
    for d in todo:
        said = d.speaker.name
        first, _, rest = said.lower().partition(" ")
        pronoun = POSSESSIVE_PRONOUNS.get(first, first) if rest else first  # "his office"
        if pronoun not in {"he", "she"}:
            d.speaker = replace(UNKNOWN, pronoun=said)
            continue
        best = _nearest(people, d.speaker.start, pronoun, genders) or _nearest(
            named, d.speaker.start, pronoun, genders)
        if best is None:
            d.speaker = replace(UNKNOWN, pronoun=said)
        elif rest:  # "his office" → "Goodluck Jonathan's office"
            owner = f"{best.name}’s" if not best.name.endswith("s") else f"{best.name}’"
            d.speaker = replace(best, name=f"{owner} {said.split(' ', 1)[1]}", how="pronoun",
                                kind=GROUP, pronoun=said)
        else:
            d.speaker = replace(best, how="pronoun", pronoun=said)


def _nearest(people: list[Speaker], before: int, pronoun: str, genders: dict[str, str]) -> Speaker | None:
    best = None
    for s in people:
        if s.start >= before:
            break
        g = speakers.gender(s.name, genders)
        if not g or g == pronoun:
            best = s
    return best


def extract(text: str, blocks: tuple[Span, ...] | list[Span],
            names: Sequence[Name] = ()) -> list[Quote]:
    """Every direct quotation of an article's clean text, in text order (``names``: the
    article's recognised names, when there are any)."""
    blocks = list(blocks) or [Span(0, len(text), label="paragraph")]
    drafts = _attribute(text, blocks, _chain(text, blocks, block_parts(text, blocks)))
    drafts = _join_split(text, drafts)
    if names:
        _check_names(text, drafts, names)
    _inherit(text, blocks, drafts)
    _resolve(text, blocks, drafts, names)
    out = []
    for d in drafts:
        parts = tuple((p.start, p.end) for p in d.parts)
        out.append(Quote(d.open, d.close, parts, d.speaker, d.parts[0].block))
    return out
