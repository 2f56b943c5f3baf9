"""Names the model missed that the article spells out an initialism of its own.

An article that writes "G7" (or "SCO", "NATO") and, elsewhere, "the Group of Seven" (or
"Shanghai Cooperation Organization") gives the long form by its own evidence: a run of
capitalised words (connectors such as *of / the / and / for* inside) whose initials — a number
word counting as its digits — spell an initialism the model found in the same article is the
same kind of name. No list of names: the article's own initialism is the cue. Two-letter
initialisms without a digit ("US", "EU") are too ambiguous ("Under Secretary") and are not
used; the long form must not cross a line break, and it replaces names found inside it (the
model's `Group` of `Group of Seven`) but not one that reaches outside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from desktop.core.entities.candidates import CONNECTORS, Candidate
from desktop.core.entities.labels import Label, entity_key

_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
            "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
            "twelve": "12", "twenty": "20"}
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_INITIALISM = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{2,6}$")
_KINDS = {Label.ORG, Label.PLACE, Label.EVENT, Label.GROUP}
MAX_WORDS = 7


def _spelled(word: str) -> str:
    return _NUMBERS.get(word.lower(), word[0].upper())


def _usable(initialism: str) -> bool:
    return len(initialism) >= 3 or any(ch.isdigit() for ch in initialism)


def with_spelled_out(text: str, cands: Sequence[Candidate],
                     breaks: Sequence[int] = ()) -> list[Candidate]:
    """``cands`` with the long forms of the article's initialisms added, in place of the
    candidates that lie inside them."""
    found = spelled_out(text, cands, breaks)
    if not found:
        return list(cands)
    inside = [c for c in cands if any(f.start <= c.start and c.end <= f.end for f in found)]
    return [c for c in cands if c not in inside] + found


def spelled_out(text: str, cands: Sequence[Candidate],
                breaks: Sequence[int] = ()) -> list[Candidate]:
    """Long forms of the article's initialisms that no candidate reaching outside them
    overlaps (new candidates)."""
    wanted: dict[str, Label] = {}
    for c in cands:
        bare = text[c.start:c.end].replace(".", "")
        if c.label in _KINDS and _INITIALISM.match(bare) and _usable(bare):
            wanted.setdefault(bare, c.label)
    if not wanted:
        return []
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    firsts = {w[0] for w in wanted}  # where a long form can start
    taken = sorted((c.start, c.end) for c in cands)
    starts = [s for s, _ in taken]
    out: list[Candidate] = []
    i = 0
    while i < len(words):
        found = (_longest_at(text, words, i, wanted, breaks)
                 if _spelled(words[i][2])[0] in firsts else None)
        if found is not None:
            j, label = found
            s, e = words[i][0], words[j][1]
            if not _reaches_out(taken, starts, s, e):
                out.append(Candidate(s, e, label, entity_key(text[s:e])))
            i = j + 1
            continue
        i += 1
    return out


def _longest_at(text: str, words: list[tuple[int, int, str]], i: int,
                wanted: dict[str, Label], breaks: Sequence[int]) -> tuple[int, Label] | None:
    """The last word of the longest run from word ``i`` spelling a wanted initialism."""
    if not words[i][2][0].isupper() or words[i][2].lower() in CONNECTORS:
        return None
    spelled, best = "", None
    for j in range(i, min(len(words), i + MAX_WORDS)):
        s, _, w = words[j]
        if j > i:
            gap = text[words[j - 1][1]:s]
            if gap.strip() or _crosses(breaks, words[j - 1][1], s):
                break  # only spaces between the words of a name
        if w.lower() in CONNECTORS and not w[0].isupper():
            continue
        if not w[0].isupper():
            break
        spelled += _spelled(w)
        if spelled in wanted and j > i:
            best = (j, wanted[spelled])
    return best


def _reaches_out(taken: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """A candidate overlaps [s, e) without lying inside it."""
    k = bisect_left(starts, e)
    while k and taken[k - 1][1] > s:
        a, b = taken[k - 1]
        if a < s or b > e:
            return True
        k -= 1
    return False


def _crosses(breaks: Sequence[int], s: int, e: int) -> bool:
    k = bisect_left(breaks, s)
    return k < len(breaks) and breaks[k] < e
