"""What the whole library knows about names: label votes, surface forms, full names.

Built from every stored candidate (one GROUP BY) plus the user's corrections. It decides one
label per surface form by majority across the library, knows which full names a short form
("Putin", "Xi") or an initialism ("US", "IAEA") may stand for, and which surface forms are
known names to look for in articles where the model missed them.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.entities.aliases import Group, family_group, family_heads
from desktop.core.entities.candidates import CONNECTORS
from desktop.core.entities.labels import NAME_LABELS, Label

# ties go to the label listed first
_PRIORITY = {Label.PLACE: 6, Label.PERSON: 5, Label.ORG: 4, Label.GROUP: 3, Label.EVENT: 2,
             Label.DATE: 1, Label.OTHER: 0}
MAX_NAME_WORDS = 6
WORD = re.compile(r"\w[\w.]*")  # a word as the scan of an article splits them


@dataclass
class GlobalCorrections:
    """The corrections that hold in every article."""

    rejected: set[str] = field(default_factory=set)  # keys never shown
    relabels: dict[str, Label] = field(default_factory=dict)  # key -> label
    aliases: dict[str, str] = field(default_factory=dict)  # key -> key of the entity it names
    added: dict[str, tuple[str, Label]] = field(default_factory=dict)  # key -> (surface, label)
    splits: set[tuple[str, str]] = field(default_factory=set)  # (key, key): never one entity


def _first_word(text: str) -> str:
    m = WORD.match(text)
    return m.group() if m else ""


def initials(key: str) -> str:
    words = [w for w in key.replace("-", " ").split() if w not in CONNECTORS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_initialism(surface: str) -> bool:
    bare = surface.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


Row = tuple[str, str, str, int]  # key, surface, label, count (negative: votes taken back)
_Contribution = tuple[bool, str, str, int]  # (a person's part?, part, full name's head, count)


class Lexicon:
    """Built from rows once; :meth:`updated` gives the lexicon after more rows (a batch of
    newly recognised articles) without rebuilding it: only the names the rows touch, their
    families and the short forms of their full names are worked out again."""

    def __init__(self, rows: Iterable[Row], corrections: GlobalCorrections | None = None) -> None:
        self.corrections = corrections or GlobalCorrections()
        self.votes: dict[str, Counter[Label]] = defaultdict(Counter)
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for key, text, label, n in rows:
            self.votes[key][Label(label)] += n
            self.surfaces[key][text] += n
        for key, (text, label) in self.corrections.added.items():
            self.votes[key][label] += 1
            self.surfaces[key][text] += 1
        # one entity by form: middle initials, British / American spellings (aliases.py)
        self.family: dict[str, str] = {}
        self._group_of: dict[str, Group] = {}
        self._groups: dict[Group, frozenset[str]] = {}
        # short forms of full names: a person's last words and first name, an initialism
        self._persons: dict[str, Counter[str]] = {}
        self._acronyms: dict[str, Counter[str]] = {}
        self._contrib: dict[str, tuple[_Contribution, ...]] = {}
        self._labels: dict[str, Label | None] = {}
        # every known name (to pick names out of headline fragments), those sure enough to be
        # looked for where the model missed them, and the first word of every known name
        self.all_surface_keys: dict[str, str] = {}
        self.surface_keys: dict[str, str] = {}
        self.first_words: Counter[str] = Counter()
        self._texts: dict[str, tuple[tuple[str, bool], ...]] = {}
        self._refresh(set(self.votes))

    def updated(self, rows: Iterable[Row]) -> Lexicon:
        """The lexicon with ``rows`` added (this one is left as it is: readers may hold it)."""
        by_key: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            if row[3]:
                by_key[row[0]].append(row)
        new = copy.copy(self)
        new.votes = defaultdict(Counter, self.votes)
        new.surfaces = defaultdict(Counter, self.surfaces)
        for name in ("family", "_group_of", "_groups", "_persons", "_acronyms", "_contrib",
                     "_labels", "all_surface_keys", "surface_keys", "_texts"):
            setattr(new, name, dict(getattr(self, name)))
        new.first_words = Counter(self.first_words)
        for key, mine in by_key.items():
            votes, forms = Counter(self.votes.get(key, ())), Counter(self.surfaces.get(key, ()))
            for _, text, label, n in mine:
                votes[Label(label)] += n
                forms[text] += n
            votes, forms = +votes, +forms  # drop what fell to zero
            if votes:
                new.votes[key] = votes
            else:
                new.votes.pop(key, None)
            if forms:
                new.surfaces[key] = forms
            else:
                new.surfaces.pop(key, None)
        new._refresh(set(by_key))
        return new

    # -- working out what depends on the votes, for the names in ``touched`` -------------
    def _refresh(self, touched: set[str]) -> None:
        relabels = self.corrections.relabels
        counts = {k: sum(self.votes[k].values()) for k in touched if k in self.votes}
        groups: set[Group] = set()
        for key in touched:
            old = self._group_of.pop(key, None)
            top = (relabels.get(key) or self._top(self.votes[key])) if key in counts else None
            new = family_group(key, top) if top is not None else None
            for g, change in ((old, self._without), (new, self._with)):
                if g is not None:
                    groups.add(g)
                    change(g, key)
            if new is not None:
                self._group_of[key] = new
        redo = set(touched)
        for g in groups:
            members = self._groups.get(g, frozenset())
            redo |= members
            for k in members:
                self.family.pop(k, None)
            counts.update({k: sum(self.votes[k].values()) for k in members})
            self.family.update(family_heads(members, counts, self.corrections.splits))
        for key in touched:
            if key not in self._group_of:
                self.family.pop(key, None)
        parts = self._index_full_names(redo)
        for key in touched | parts:
            self._labels.pop(key, None)
        self._known_surfaces(touched | parts)

    def _with(self, g: Group, key: str) -> None:
        self._groups[g] = self._groups.get(g, frozenset()) | {key}

    def _without(self, g: Group, key: str) -> None:
        left = self._groups.get(g, frozenset()) - {key}
        if left:
            self._groups[g] = left
        else:
            self._groups.pop(g, None)

    def _index_full_names(self, keys: set[str]) -> set[str]:
        """Update the short forms of ``keys``' full names; the person short forms changed."""
        owned: set[tuple[bool, str]] = set()
        changed: set[str] = set()
        for key in keys:
            for person, part, head, n in self._contrib.pop(key, ()):
                self._bump(person, part, head, -n, owned)
                if person:
                    changed.add(part)
            votes = self.votes.get(key)
            if not votes:
                continue
            words = key.split()
            top = self.corrections.relabels.get(key) or self._top(votes)
            head, n = self.family.get(key, key), sum(votes.values())
            mine: list[_Contribution] = []
            if top == Label.PERSON and len(words) >= 2:
                mine += [(True, " ".join(words[i:]), head, n) for i in range(1, len(words))]
                mine.append((True, words[0], head, n))
            elif top in (Label.ORG, Label.PLACE) and (ini := initials(key)):
                mine.append((False, ini, head, n))
            for person, part, head, n in mine:
                self._bump(person, part, head, n, owned)
                if person:
                    changed.add(part)
            if mine:
                self._contrib[key] = tuple(mine)
        return changed

    def _bump(self, person: bool, part: str, head: str, n: int,
              owned: set[tuple[bool, str]]) -> None:
        table = self._persons if person else self._acronyms
        found = table.get(part)
        if found is None or (person, part) not in owned:  # copy before the first change
            found = Counter(found or ())
            table[part] = found
            owned.add((person, part))
        found[head] += n
        if found[head] <= 0:
            del found[head]
        if not found:
            del table[part]

    def _known_surfaces(self, keys: set[str]) -> None:
        for key in keys:
            for text, sure in self._texts.pop(key, ()):
                first = _first_word(text)
                self.first_words[first] -= 1
                if self.first_words[first] <= 0:
                    del self.first_words[first]
                for table, mine in ((self.all_surface_keys, True), (self.surface_keys, sure)):
                    if mine and table.get(text) == key:
                        del table[text]
            forms = self.surfaces.get(key)
            if not forms or key in self.corrections.rejected or \
                    self.label(key) not in NAME_LABELS:
                continue
            user = key in self.corrections.added or key in self.corrections.relabels
            texts = []
            for text, n in forms.items():
                # one lone word seen once may be the model's slip ("Ill", "Monster"): a single
                # word needs two sightings (or the user's word) before it is looked for elsewhere
                if text[:1].isupper() and len(text.split()) <= MAX_NAME_WORDS:
                    sure = user or " " in text or n >= 2
                    texts.append((text, sure))
                    self.all_surface_keys[text] = key
                    self.first_words[_first_word(text)] += 1
                    if sure:
                        self.surface_keys[text] = key
            if texts:
                self._texts[key] = tuple(texts)

    @staticmethod
    def _top(votes: Counter[Label]) -> Label | None:
        if not votes:
            return None
        return max(votes, key=lambda lab: (votes[lab], _PRIORITY[lab]))

    def label(self, key: str) -> Label | None:
        """The label of a surface form across the library (None when never seen)."""
        if key in self.corrections.relabels:
            return self.corrections.relabels[key]
        if key not in self._labels:
            self._labels[key] = self._decide(key)
        return self._labels[key]

    def _decide(self, key: str) -> Label | None:
        votes = self.votes.get(key)
        if not votes:
            return None
        top = self._top(votes)
        if top == Label.PERSON and " " not in key and not self.full_names(key):
            # a lone word called a person but never seen as part of a person's full name is
            # weak evidence: when the model also called it a place or an organisation, trust that
            other = Counter({lab: votes[lab] for lab in (Label.PLACE, Label.ORG) if votes[lab]})
            if other:
                return self._top(other)
        return top

    def full_names(self, key: str) -> Counter[str]:
        """Full person names a short form may stand for, with their mention counts."""
        return Counter({k: n for k, n in self._persons.get(key, Counter()).items() if k != key})

    def expansions(self, key: str, surface: str) -> Counter[str]:
        """Full names a short form may stand for: an initialism's, else a person's (a word
        in capitals in a headline, "PUTIN", looks like an initialism but has none)."""
        if is_initialism(surface):
            found = self._acronyms.get(key.replace(" ", ""))
            if found:
                return found
        return self.full_names(key)

    def display(self, key: str, fallback: str = "") -> str:
        forms = self.surfaces.get(key)
        if not forms:
            return fallback or key
        # a form in capitals (a headline's "SAMARKAND") names it only when no other is known
        forms = Counter({t: n for t, n in forms.items() if not t.isupper()}) or forms
        # a tie goes to the first form in code-point order, not the first seen: the name must
        # not depend on the order articles were recognised ("Iraq War" / "Iraq war", 1 each)
        return max(sorted(forms), key=lambda t: (forms[t], t[:1].isupper(), -len(t)))

    def alias(self, key: str) -> str:
        """The entity ``key`` names: the user's merges first, then one by form (aliases.py)."""
        seen = 0
        while key in self.corrections.aliases and seen < 8:
            key = self.corrections.aliases[key]
            seen += 1
        return self.family.get(key, key)

    def split_apart(self, key: str, other: str) -> bool:
        """Whether the user said these two names are different entities."""
        return (key, other) in self.corrections.splits or (other, key) in self.corrections.splits


def dominant(counts: Counter[str]) -> str | None:
    """The most frequent item when it clearly leads (twice the next), else None."""
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2)
    if rest and rest[0][1] * 2 > n:
        return None
    return best
