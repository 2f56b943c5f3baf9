"""What the whole library knows about names: label votes, surface forms, full names.

Built from every stored candidate (one GROUP BY) plus the user's corrections. It decides one
label per surface form by majority across the library, knows which full names a short form
("Putin", "Xi") or an initialism ("US", "IAEA") may stand for, and which surface forms are
known names to look for in articles where the model missed them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop.core.entities.aliases import families
from desktop.core.entities.candidates import CONNECTORS
from desktop.core.entities.labels import NAME_LABELS, Label

# ties go to the label listed first
_PRIORITY = {Label.PLACE: 6, Label.PERSON: 5, Label.ORG: 4, Label.GROUP: 3, Label.EVENT: 2,
             Label.DATE: 1, Label.OTHER: 0}
MAX_NAME_WORDS = 6


@dataclass
class GlobalCorrections:
    """The corrections that hold in every article."""

    rejected: set[str] = field(default_factory=set)  # keys never shown
    relabels: dict[str, Label] = field(default_factory=dict)  # key -> label
    aliases: dict[str, str] = field(default_factory=dict)  # key -> key of the entity it names
    added: dict[str, tuple[str, Label]] = field(default_factory=dict)  # key -> (surface, label)
    splits: set[tuple[str, str]] = field(default_factory=set)  # (key, key): never one entity


def initials(key: str) -> str:
    words = [w for w in key.replace("-", " ").split() if w not in CONNECTORS]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def is_initialism(surface: str) -> bool:
    bare = surface.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


class Lexicon:
    def __init__(self, rows: Iterable[tuple[str, str, str, int]],
                 corrections: GlobalCorrections | None = None) -> None:
        self.corrections = corrections or GlobalCorrections()
        self.votes: dict[str, Counter[Label]] = defaultdict(Counter)
        self.surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for key, text, label, n in rows:
            self.votes[key][Label(label)] += n
            self.surfaces[key][text] += n
        for key, (text, label) in self.corrections.added.items():
            self.votes[key][label] += 1
            self.surfaces[key][text] += 1
        self._persons: dict[str, Counter[str]] = defaultdict(Counter)
        self._acronyms: dict[str, Counter[str]] = defaultdict(Counter)
        relabels = self.corrections.relabels
        # one entity by form: middle initials, British / American spellings (aliases.py)
        self.family = families({k: sum(v.values()) for k, v in self.votes.items()},
                               lambda k: relabels.get(k) or self._top(self.votes[k]),
                               self.corrections.splits)
        self._index_full_names()
        self._labels: dict[str, Label | None] = {}
        # every known name (to pick names out of headline fragments), and those sure enough
        # to be looked for where the model missed them
        self.all_surface_keys: dict[str, str] = self._known_surfaces(everything=True)
        self.surface_keys: dict[str, str] = self._known_surfaces()

    def _index_full_names(self) -> None:
        for key, votes in self.votes.items():
            words = key.split()
            top = self.corrections.relabels.get(key) or self._top(votes)
            head = self.family.get(key, key)
            n = sum(votes.values())
            if top == Label.PERSON and len(words) >= 2:
                for i in range(1, len(words)):
                    self._persons[" ".join(words[i:])][head] += n
                self._persons[words[0]][head] += n
            elif top in (Label.ORG, Label.PLACE) and (ini := initials(key)):
                self._acronyms[ini][head] += n

    def _known_surfaces(self, everything: bool = False) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, forms in self.surfaces.items():
            if key in self.corrections.rejected or self.label(key) not in NAME_LABELS:
                continue
            user = key in self.corrections.added or key in self.corrections.relabels
            for text, n in forms.items():
                # one lone word seen once may be the model's slip ("Ill", "Monster"): a single
                # word needs two sightings (or the user's word) before it is looked for elsewhere
                single = " " not in text
                if text[:1].isupper() and len(text.split()) <= MAX_NAME_WORDS and \
                        (everything or user or not single or n >= 2):
                    out[text] = key
        return out

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
        return max(forms, key=lambda t: (forms[t], t[:1].isupper(), -len(t)))

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
