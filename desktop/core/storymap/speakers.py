"""Who a quote is attributed to, as the text says it.

After the quote: ``"…," Putin said`` / ``"…," said Boris Skripka, the head of…`` / ``"…," he
added`` / ``"…", according to X``. Before it, in the same sentence: ``Putin said: "…"`` /
``Ned Price said China and Russia "share a vision…"`` / ``According to X, "…"`` / ``CCTV
quoted Xi as saying…`` / ``…Lukashenko, who was quoted… as thanking…`` / ``…warned
Washington…, saying…`` (a participle takes the subject of the clause it hangs on). A
pronoun (he, she) is resolved to the nearest named person before it that could be its
antecedent: a speaker of an earlier quote, the subject of a speech verb, or a sentence's
subject, skipping names whose honorific (Mr, Ms) says otherwise. Everything else is
"unknown". The name kept is the person's name without job titles (``White House spokesman
John Kirby`` → ``John Kirby``); honorifics stay as written (``Mr Kirby``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from desktop.core.storymap.grammar import (
    AUTHORING,
    AUX_ADV,
    CALENDAR,
    CONNECTORS,
    DETERMINERS,
    HONORIFIC_HE,
    HONORIFIC_SHE,
    INTRO,
    LOCATIVE,
    NAMING,
    OBJECT_PRONOUNS,
    ORG_WORDS,
    PARTICIPLES,
    POSSESSIVE_PRONOUNS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVE,
    SPEECH,
    STATEMENTS,
    STOP,
    TITLES,
    Tok,
    appositive_back,
    appositive_forward,
    np_back,
    np_forward,
    skip_back,
    skip_forward,
    tokens,
)

PERSON, GROUP, DESCRIPTOR, PRONOUN = "person", "group", "descriptor", "pronoun"
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Speaker:
    name: str  # as the text names the speaker ('' when unknown)
    start: int  # clean-text span of those words (for a resolved pronoun: the name it points to)
    end: int
    how: str  # after | before | according | quoted | pronoun | continues | sentence | unknown
    kind: str = ""  # person | group | descriptor | pronoun ('' when unknown)
    pronoun: str = ""  # the pronoun the text used, when it was resolved

    @property
    def known(self) -> bool:
        return bool(self.name) and self.kind != PRONOUN


UNKNOWN = Speaker("", 0, 0, "unknown")


@dataclass(frozen=True)
class Found:
    speaker: Speaker
    end: int  # clean offset where the attribution's words end


def _name_part(words: list[Tok]) -> int:
    """Index in ``words`` where the person's name begins (after titles); len(words) if none."""
    k = len(words)
    while k > 0:
        w = words[k - 1]
        low = w.low
        if low in HONORIFIC_HE | HONORIFIC_SHE or low.rstrip(".") in {"mr", "ms", "mrs", "dr"}:
            return k - 1
        if (low in CONNECTORS or low == "and") and k < len(words):
            k -= 1
            continue
        if (not w.cap or low in TITLES or low in DETERMINERS or low in CALENDAR
                or _POSSESSIVE.search(w.text)):
            if low in LOCATIVE and k < len(words):
                return len(words)  # "the intelligence chief in Afghanistan": a place
            break
        k -= 1
    return k


def _of_phrase(tail: list[Tok]) -> list[Tok]:
    """The person's name in a capitalised run holding ``of``: ``Jessica Levinson of Loyola
    Law School`` → Jessica Levinson; ``(Secretary) of Education Arne Duncan`` → Arne Duncan;
    ``Board of Governors`` → nobody (an organisation)."""
    cut = next((k for k, w in enumerate(tail) if w.low == "of"), None)
    if cut is None:
        return tail
    left, right = tail[:cut], [w for w in tail[cut + 1:] if w.low not in CONNECTORS]
    if len(left) >= 2 or any(w.low == "of" for w in tail[cut + 1:]):
        return left  # Eddie Burns of the Naperville Sun; Dean of UC Berkeley School of Law
    if right and right[-1].low in ORG_WORDS:
        return left
    if len(right) >= 3:
        return right[-2:]
    return []


def describe(text: str, toks: list[Tok], i: int, j: int, how: str) -> Speaker:
    """A speaker from the noun phrase toks[i..j] ("unknown" when it cannot be one: a lone
    determiner, a pronoun in object case)."""
    words = toks[i:j + 1]
    if len(words) == 1 and words[0].low in PRONOUNS:
        w = words[0]
        return Speaker(w.text, w.start, w.end, how, PRONOUN)
    if all(w.low in DETERMINERS | OBJECT_PRONOUNS.keys() | POSSESSIVE_PRONOUNS.keys() | {"such"}
           for w in words) or (len(words) == 1 and not words[0].cap and words[0].low.endswith("ing")):
        return replace(UNKNOWN, how=how)  # "The …", "him", "having": nobody named
    words = _before_of_the(words)
    tail = _of_phrase(words[_name_part(words):])
    named = words.index(tail[0]) if tail else 0
    if named and words[named - 1].low == "the":  # "the United States", "the Pentagon": no person
        tail = []
    if tail and not (tail[-1].low in ORG_WORDS or (len(tail) == 1 and tail[0].text.isupper()
                                                   and len(tail[0].text) > 1)):
        several = any(w.low == "and" for w in tail)
        return Speaker(text[tail[0].start:tail[-1].end], tail[0].start, tail[-1].end, how,
                       GROUP if several else PERSON)
    start, end = words[0].start, words[-1].end
    core = next((words[:k] for k, w in enumerate(words) if k and w.low in LOCATIVE), words)
    head = core[-1]  # "the intelligence chief in Afghanistan": the chief
    kind = GROUP if head.low in ORG_WORDS or (head.cap and head.low not in TITLES) else DESCRIPTOR
    return Speaker(text[start:end], start, end, how, kind)


def _before_of_the(words: list[Tok]) -> list[Tok]:
    """``Li Feiyue of the Qiandongnan … Prefecture`` → Li Feiyue: a name before ``of the``
    is the person; what follows is where they work."""
    for k in range(1, len(words) - 1):
        if words[k].low == "of" and words[k + 1].low in DETERMINERS:
            left = words[:k]
            last = left[-1]
            if last.cap and last.low not in TITLES | ORG_WORDS and _name_part(left) < len(left):
                return left
            return words
    return words


def authored(toks: list[Tok], by: int) -> bool:
    """Whether the ``by`` at toks[by] names who wrote or issued something that speaks: ``One
    post by him``, ``a statement released by his office``, ``the comment made by Reid``."""
    who = toks[by + 1] if by + 1 < len(toks) else None
    if who is None or not (who.cap or who.low in DETERMINERS or who.low in OBJECT_PRONOUNS
                           or who.low in POSSESSIVE_PRONOUNS):
        return False  # "echoed the statements by saying …": no author named
    k = by - 1
    if k >= 0 and toks[k].low in AUTHORING:
        k -= 1
    return k >= 0 and toks[k].low in STATEMENTS


def author(text: str, toks: list[Tok], i: int, how: str) -> Speaker:
    """Who is named at toks[i] after ``by``: a person or a group, or a pronoun to resolve
    (``him`` → he; ``his office`` → his office, resolved to "<name>'s office")."""
    rng = np_forward(toks, i, until_verb=True)
    if rng is None:
        return replace(UNKNOWN, how=how)
    w = toks[rng[0]]
    if rng[0] == rng[1] and w.low in OBJECT_PRONOUNS:
        return Speaker(OBJECT_PRONOUNS[w.low], w.start, w.end, how, PRONOUN)
    if w.low in POSSESSIVE_PRONOUNS and rng[1] > rng[0]:
        end = toks[rng[1]].end
        return Speaker(text[w.start:end], w.start, end, how, PRONOUN)
    return describe(text, toks, *rng, how)


def _authored_in(text: str, toks: list[Tok], lo: int, hi: int, how: str) -> Speaker | None:
    """``<statement> [released] by X`` within toks[lo..hi]: X."""
    for k in range(max(lo, 1), min(hi + 1, len(toks) - 1)):
        if toks[k].low == "by" and authored(toks, k):
            return author(text, toks, k + 1, how)
    return None


def after(text: str, lo: int, hi: int) -> Found | None:
    """An attribution right after a quote's closing mark: ``, Putin said`` / ``, said X``."""
    toks = tokens(text, lo, hi)
    i = 1 if toks and toks[0].text == "," else 0
    if i >= len(toks):
        return None
    if toks[i].low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        rng = np_forward(toks, i + 2, until_verb=False)
        if rng is None:
            return None
        if rng[0] == rng[1] and toks[rng[0]].low in OBJECT_PRONOUNS:  # "according to him"
            return Found(author(text, toks, rng[0], "according"), toks[rng[1]].end)
        return Found(describe(text, toks, *rng, "according"), toks[rng[1]].end)
    if (toks[i].low in SPEECH and not toks[i].cap) or toks[i].text in {"Said", "Says"}:
        rng = np_forward(toks, i + 1, until_verb=False)
        if rng and toks[rng[0]].low not in PRONOUNS:
            # "read a statement released by his office": the office, not the statement
            by = _authored_in(text, toks, rng[0], rng[1] + 1, "after")
            if by is not None:
                return Found(by, by.end)
            return Found(describe(text, toks, *rng, "after"), toks[rng[1]].end)
        return None
    rng = np_forward(toks, i, until_verb=True)
    if rng is None:
        return None
    k = skip_forward(toks, appositive_forward(toks, rng[1] + 1))
    if k < len(toks) and toks[k].low in SPEECH and not toks[k].cap:
        found = describe(text, toks, *rng, "after")
        inner = np_forward(toks, rng[1] + 2, until_verb=True) if k > rng[1] + 1 else None
        if found.kind != PERSON and inner is not None:  # "the minister, Ann Lee, said"
            named = describe(text, toks, *inner, "after")
            found = named if named.kind == PERSON else found
        return Found(found, toks[k].end)
    return None


def before(text: str, lo: int, hi: int) -> Speaker | None:
    """The speaker of a quote from the words before it in its sentence."""
    toks = tokens(text, lo, hi)
    for v in range(len(toks) - 1, -1, -1):
        low = toks[v].low
        if low == "according" and v + 1 < len(toks) and toks[v + 1].low == "to":
            rng = np_forward(toks, v + 2, until_verb=False)
            if rng is not None and rng[0] == rng[1] and toks[rng[0]].low in OBJECT_PRONOUNS:
                return author(text, toks, rng[0], "according")  # "according to him, …"
            return describe(text, toks, *rng, "according") if rng else None
        if low == "quoted":
            return _quoted(text, toks, v)
        if low in PARTICIPLES:
            if v > 0 and toks[v - 1].low == "as":
                continue  # "quoted … as saying": the word "quoted" decides
            return _participle(text, toks, v)
        if low in SPEECH and not toks[v].cap:
            return subject_of(text, toks, v, "before")
    return None


def subject_of(text: str, toks: list[Tok], v: int, how: str) -> Speaker | None:
    """The subject of the verb at v: the noun phrase before it (over auxiliaries, adverbs
    and an appositive, preferring the one of the two that names a person), or the
    antecedent of ``who``."""
    j = skip_back(toks, v - 1)
    if j >= 0 and toks[j].low in {"and", "but", "or"}:  # "… said …, but pledged": the first verb's
        for u in range(j - 1, -1, -1):
            if toks[u].low in SPEECH and not toks[u].cap:
                return subject_of(text, toks, u, how)
        return sentence_subject(text, toks, how)
    rel = _relative_clause(toks, j)
    if rel is not None:  # "Rachel and Paul Chandler, who were sailing to …, told"
        return _subject(text, toks, np_back(toks, rel), how)
    if j >= 0 and toks[j].text == ",":  # "Ian Bremmer, political science professor…, said"
        outer = appositive_back(toks, j)
        ranges = [np_back(toks, outer)] if outer != j else []
        ranges.append(np_back(toks, j - 1))
    else:  # "Erwin Chemerinsky, Dean of UC Berkeley School of Law called"
        rng = np_back(toks, j)
        ranges = [rng]
        comma = _comma_before(toks, rng[0]) if rng is not None else None
        if rng is not None and comma is not None and toks[rng[0]].low not in PRONOUNS | RELATIVE:
            first = toks[comma + 1]  # an appositive: "Dr. Michael Lemole, one neurosurgeon… said"
            plain = not any(t.low in _CLAUSE for t in toks[comma + 1:v])
            primary = _subject(text, toks, rng, how)
            direct = rng[0] == comma + 1 and primary is not None and primary.kind == PERSON
            if plain and not direct and (not first.cap or first.low in TITLES | DETERMINERS):
                named = _subject(text, toks, np_back(toks, comma - 1), how)
                if named is not None and named.kind == PERSON:
                    return named
            ranges.append(np_back(toks, comma - 1))
    found = [s for s in (_subject(text, toks, r, how) for r in ranges) if s is not None]
    best = next((s for s in found if s.kind == PERSON), found[0] if found else None)
    if best is not None and toks[v].low in NAMING and best.kind == DESCRIPTOR:
        return None  # "a pattern called…": naming, not speaking
    return best


def _relative_clause(toks: list[Tok], j: int) -> int | None:
    """``X, who …, said``: with toks[j] the comma before the verb, the last token of X."""
    if j < 3 or toks[j].text != ",":
        return None
    for k in range(j - 1, max(0, j - 40), -1):
        if toks[k].text in ".;:!?":
            return None
        if toks[k].low in RELATIVE and toks[k - 1].text == "," and k - 2 >= 0:
            return k - 2
    return None


_CLAUSE = frozenset({"and", "but", "or", "which", "who", "that", "while", "whose", "when", "where"})


def _comma_before(toks: list[Tok], i: int) -> int | None:
    for k in range(i - 1, max(-1, i - 12), -1):
        if toks[k].text == ",":
            return k
        if toks[k].text in ".;:!?":
            return None
    return None


def _subject(text: str, toks: list[Tok], rng: tuple[int, int] | None, how: str) -> Speaker | None:
    if rng is not None and rng[0] >= 2 and toks[rng[0] - 1].low == "by" and authored(toks, rng[0] - 1):
        return author(text, toks, rng[0], how)  # "One post by him read, …"
    if (rng is not None and rng[0] >= 2 and toks[rng[0] - 1].low in LOCATIVE
            and all(t.cap or t.low in CONNECTORS for t in toks[rng[0]:rng[1] + 1])):
        outer = np_back(toks, rng[0] - 2)  # "the intelligence chief in Afghanistan has …"
        if outer is None:
            return None
        rng = (outer[0], rng[1])
    if rng is not None and toks[rng[0]].low in RELATIVE:
        j = rng[0] - 1
        j = j - 1 if j >= 0 and toks[j].text == "," else j
        rng = np_back(toks, j)
        if rng is not None and toks[rng[0]].low in RELATIVE:
            return None
    return describe(text, toks, *rng, how) if rng is not None else None


def _quoted(text: str, toks: list[Tok], v: int) -> Speaker | None:
    """``CCTV quoted Xi as saying`` (Xi) or ``X was quoted by Belta as thanking`` (X)."""
    nxt = toks[v + 1].low if v + 1 < len(toks) else ""
    if nxt in {"as", "by"} or (v > 0 and toks[v - 1].low in {"was", "were", "been", "being"}):
        return subject_of(text, toks, v, "quoted")
    rng = np_forward(toks, v + 1, until_verb=False)
    if rng is not None and rng[0] == rng[1] and toks[rng[0]].low in OBJECT_PRONOUNS:
        return author(text, toks, rng[0], "quoted")  # "a spokeswoman quoted him as saying"
    return describe(text, toks, *rng, "quoted") if rng else None


def _participle(text: str, toks: list[Tok], v: int) -> Speaker | None:
    """``…had earlier warned Washington…, saying…``: the subject of the nearest speech verb
    before the participle, else the subject of the sentence."""
    for u in range(v - 1, -1, -1):
        if toks[u].low in SPEECH and not toks[u].cap:
            return subject_of(text, toks, u, "before")
    return sentence_subject(text, toks, "before")


def sentence_subject(text: str, toks: list[Tok], how: str) -> Speaker | None:
    """The first noun phrase of a sentence, after an opening phrase (``In Kyiv, …``)."""
    i = 0
    comma = next((k for k, t in enumerate(toks[:8]) if t.text == ","), None)
    if comma is not None and toks[0].low in PREPOSITIONS | INTRO:
        i = comma + 1  # "In Kyiv, …" / "Already in March, …"
    while i < len(toks) and (toks[i].low in INTRO or toks[i].text == ","):
        i += 1
    rng = _leading_np(toks, i)
    if rng is None or toks[rng[0]].low in PRONOUNS:
        return None
    by = _authored_in(text, toks, rng[0], rng[1] + 4, how)  # "The comment made by Reid was …"
    if by is not None:
        return by
    found = describe(text, toks, *rng, how)
    k = rng[1] + 1
    if found.kind != PERSON and k < len(toks) and toks[k].text == ",":  # "One expert, Guy Gratton, …"
        inner = _leading_np(toks, k + 1)
        if inner is not None and inner[1] + 1 < len(toks) and toks[inner[1] + 1].text == ",":
            named = describe(text, toks, *inner, how)
            if named.kind == PERSON:
                return named
    return found


def _leading_np(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """A noun phrase from token i: capitalised words (with titles and name connectors), or a
    determiner and the words after it up to the first capitalised run's end."""
    k, seen_cap = i, False
    while k < len(toks) and k - i < 8:
        t = toks[k]
        if t.punct or (t.low in STOP and not (t.low in CONNECTORS and seen_cap)):
            break
        if k == i and t.low in DETERMINERS:
            pass
        elif t.cap:
            seen_cap = True
        elif k == i:
            return None
        elif k > i and t.low not in CONNECTORS and (_verbish(t) or (seen_cap and not _titleish(toks, k))):
            break  # "Ukraine energy minister German Galushchenko" reads on; "Passenger Jim Falk knew" not
        k += 1
    while k - 1 > i and toks[k - 1].low in CONNECTORS:
        k -= 1
    return (i, k - 1) if k > i else None


def _titleish(toks: list[Tok], k: int) -> bool:
    """A job title in lower case (``energy minister``, ``spokesman``) inside a name phrase."""
    return toks[k].low in TITLES or (k + 1 < len(toks) and toks[k + 1].low in TITLES)


def _verbish(t: Tok) -> bool:
    return t.low in SPEECH or t.low in AUX_ADV or t.low.endswith("ed")


def gender(speaker_words: str, honorifics: dict[str, str]) -> str:
    """'he', 'she' or '' from an honorific in the name or one used with its surname."""
    parts = speaker_words.split()
    if not parts:
        return ""
    first = parts[0].lower().rstrip(".")
    if first in {h.rstrip(".") for h in HONORIFIC_HE}:
        return "he"
    if first in {h.rstrip(".") for h in HONORIFIC_SHE}:
        return "she"
    return honorifics.get(parts[-1], "")


_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w’'-]+\s+)*?([A-Z][\w’'-]+)\b")


def honorific_genders(text: str) -> dict[str, str]:
    """Surname → 'he'/'she' from ``Mr X`` / ``Ms X`` anywhere in the article."""
    out: dict[str, str] = {}
    for m in _HONORIFIC.finditer(text):
        out.setdefault(m.group(2), "he" if m.group(1) == "Mr" else "she")
    return out
