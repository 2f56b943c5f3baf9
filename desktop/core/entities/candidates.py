"""From raw model spans to clean name candidates (what the store keeps per article).

The rules are general, never lists of names: titles and honorifics are not part of a name
("Mr Putin" -> "Putin"), nor a leading "the" or a trailing possessive; a span is cut at an
opening bracket ("Shanghai Cooperation Organization (SCO" -> two names) and at an inner
possessive, and two names joined by a slash are two; a sentence adverb glued to the front is
cut ("Formerly Cold War"); pieces of one name broken at a particle ("Ursula von der" +
"Leyen") are joined; junk is dropped (spans across a sentence or line break, names starting
lower case, lone lowercase words, a dangling "of", dates without a day, month or year). What
the sentence around a name says about its kind (evidence.py) may change its label, and then
the label is confident.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from desktop.core.entities.evidence import context_label
from desktop.core.entities.labels import CAPITALISED, Label, entity_key, from_spacy
from desktop.core.entities.recognizer import RawEntity

PARTICLES = frozenset([
    "von", "van", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el",
    "dos", "das", "del", "y",
])
CONNECTORS = PARTICLES | {"of", "the", "and", "for", "on", "&"}
TITLES = frozenset([
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "king", "queen", "pope",
    "prince", "princess", "president", "vice", "premier", "chancellor", "minister", "secretary",
    "senator", "sen", "rep", "gov", "governor", "mayor", "general", "gen", "col", "colonel",
    "captain", "capt", "sgt", "judge", "justice", "prof", "professor", "rev", "reverend", "sheikh",
    "ayatollah", "emir", "sultan", "prime", "foreign", "defence", "defense", "deputy", "spokesman",
    "spokeswoman", "ambassador", "leader", "chairman", "chairwoman", "chair", "ceo", "envoy",
    "commander", "marshal", "admiral", "lieutenant", "lt", "cardinal", "bishop", "archbishop",
    "rabbi", "imam",
])
_TRAIL_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$|['’]$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_INITIALISM_END = re.compile(r"(?:\b[A-Za-z]\.)+$")
_SENTENCE_BREAK = re.compile(r"(?:[a-z]{2,}|\d)[.!?][\"”’)]?\s+\S|[!?]\s")
_SLASH = re.compile(r"(?<=[a-z])/(?=[A-Z])")
_EDGE = "\"'“”‘’«»()[]{}<>—–-,;:!?*#@/\\|&.… \t\n"


@dataclass(frozen=True)
class Candidate:
    """A name the recogniser found, cleaned, in clean-text offsets."""

    start: int
    end: int
    label: Label  # the recogniser's label, or what the context says (a vote)
    key: str
    titlecase: bool = False  # found in a headline-style block (capitals carry no weight there)
    confident: bool = False  # the label comes from the sentence itself (a title, a cue)


def candidates_in_block(text: str, offset: int, raw: Sequence[RawEntity],
                        titlecase: bool) -> list[Candidate]:
    """Clean the raw entities of one block (``text``, which starts at ``offset``)."""
    spans: list[tuple[int, int, Label]] = []
    for ent in raw:
        label = from_spacy(ent.label)
        if label is not None and 0 <= ent.start < ent.end <= len(text):
            spans.append((ent.start, ent.end, label))
    spans = _join_particles(text, sorted(spans))
    out: list[Candidate] = []
    for s, e, label in spans:
        for ps, pe in _pieces(text, s, e):
            cand = _clean(text, ps, pe, label, offset, titlecase)
            if cand is not None:
                out.append(cand)
    return out


def _join_particles(text: str, spans: list[tuple[int, int, Label]]) -> list[tuple[int, int, Label]]:
    """Join "Ursula von der" + "Leyen" and "Ms Von" + " der " + "Leyen" into one span."""
    out: list[tuple[int, int, Label]] = []
    for s, e, label in spans:
        if out:
            ps, pe, plabel = out[-1]
            gap = text[pe:s]
            words = gap.split()
            last = text[ps:pe].split()[-1].lower()
            joins = (s > pe and gap[0].isspace() and gap[-1].isspace()
                     and all(w.lower() in PARTICLES for w in words)
                     and (bool(words) or last in PARTICLES))
            if joins and Label.PERSON in (plabel, label):
                out[-1] = (ps, e, Label.PERSON)
                continue
        out.append((s, e, label))
    return out


def _pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut at an opening bracket and at an inner possessive ("Ukraine's Armed Forces")."""
    body = text[s:e]
    cuts = [(s, e)]
    i = body.find("(")
    if i > 0:
        cuts = [(s, s + i), (s + i + 1, e)]
    # two names joined by a slash ("Metin Aktas/Anadolu Agency" in a photo credit)
    for m in _SLASH.finditer(text, s, e):
        cuts = [c for a, b in cuts
                for c in (((a, m.start()), (m.end(), b)) if a < m.start() < b else ((a, b),))]
    out: list[tuple[int, int]] = []
    for a, b in cuts:
        pos = a
        for m in _INNER_POSSESSIVE.finditer(text, a, b):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, b))
    return out


def _clean(text: str, s: int, e: int, label: Label, offset: int,
           titlecase: bool) -> Candidate | None:
    s0 = s
    s, e = _trim(text, s, e, label)
    if e - s < 2:
        return None
    surface = text[s:e]
    if "\n" in surface or _SENTENCE_BREAK.search(surface):
        return None
    if label in CAPITALISED:
        if not (surface[0].isupper() or surface[0].isdigit()):
            return None
        if surface.split()[-1].lower() in CONNECTORS:
            return None
    if not any(c.isupper() or c.isdigit() for c in surface):
        return None  # lone lowercase words ("congress", "days", "mosques")
    label, confident = context_label(text, s, e, label)
    if label == Label.PERSON and not confident:
        # a title taken off the front says it is a person ("Mr Bolton", "President Xi")
        confident = any(w.rstrip(".").lower() in TITLES for w in text[s0:s].split())
    return Candidate(s + offset, e + offset, label, entity_key(surface), titlecase, confident)


def _sentence_adverb(word: str) -> bool:
    """A sentence adverb glued to the name after it ("Formerly Cold War adversaries"): a
    function word of English (spaCy's stop words) that is an adverb by its form."""
    return len(word) >= 5 and word in _stop_words() and (
        word.endswith(("ly", "ever", "while", "over", "less", "fore", "after", "wise")))


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _trim(text: str, s: int, e: int, label: Label) -> tuple[int, int]:
    """Strip edges: punctuation and quotes, "the", titles, a trailing possessive, a trailing
    lower-case word of a person's name."""
    while True:
        before = (s, e)
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            if text[e - 1] == "." and _INITIALISM_END.search(text, s, e):
                break
            e -= 1
        m = _TRAIL_POSSESSIVE.search(text, s, e)
        if m and e - s > 3:
            e = m.start() if m.group(0)[0] in "'’" else m.start() + 1
        words = text[s:e].split(" ", 1)
        first = words[0].rstrip(".,").lower()
        if len(words) == 2 and (first == "the" or (label == Label.PERSON and first in TITLES)
                                or _sentence_adverb(first)):
            s += len(words[0]) + 1
        # a person's name does not end in a common word in lower case: it is the noun the
        # name qualifies ("Twitter bio", "Trump supporters"); particles stand inside names
        head, _, last = text[s:e].rpartition(" ")
        if label == Label.PERSON and head[:1].isupper() and last.isalpha() and last.islower():
            e = s + len(head)
        if (s, e) == before:
            return s, e
