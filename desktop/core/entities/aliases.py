"""Names that are one entity by their form: a middle initial, a British or American spelling.

- A person's name with or without middle initials is one person when first and last names
  agree ("John R. Bolton" = "John Bolton"); the form written most often names them.
- An organisation's (or place's, or event's) name is one entity in both spellings of English:
  "-isation"/"-ization", "-our"/"-or", "-tre"/"-ter", "-ence"/"-ense", "-mme"/"-m",
  "-ogue"/"-og", "-yse"/"-yze" ("Shanghai Cooperation Organisation" = "... Organization",
  "Ministry of Defence" = "Ministry of Defense"). Both forms are brought to one comparison
  key, so the rule cannot join two names that differ in anything else.

Short forms ("Bolton", "SCO") are resolved in context by consolidate.py; the user's merge and
split (curation.py) come before all of this.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

from desktop.core.entities.labels import Label

FAMILY_CONFIDENCE = 0.9  # how sure an automatic alias by form is (a user's merge is 1.0)
_SPELLING = [(re.compile(p), r) for p, r in (
    (r"is(ation|ations|ed|es|ing|e)\b", r"iz\1"), (r"our\b", "or"), (r"tre\b", "ter"),
    (r"ence\b", "ense"), (r"mme\b", "m"), (r"ogue\b", "og"), (r"ys(e|ed|es|ing)\b", r"yz\1"),
)]


def spelling_key(key: str) -> str:
    """One form for British and American spellings of the words of ``key`` (lower case)."""
    for pattern, repl in _SPELLING:
        key = pattern.sub(repl, key)
    return key


def person_key(key: str) -> str | None:
    """First and last name of a person's full name whose middle words are initials."""
    words = key.split()
    if len(words) < 2 or any(len(w.strip(".")) > 1 for w in words[1:-1]):
        return None
    return f"{words[0]} {words[-1]}"


Group = tuple[str, str]


def family_group(key: str, label: Label | None) -> Group | None:
    """The family a name belongs to by its form and label (None: a family of its own)."""
    if label == Label.PERSON:
        pk = person_key(key)
        return ("person", pk) if pk is not None else None
    if label in (Label.ORG, Label.PLACE, Label.EVENT) and " " in key:
        return ("name", spelling_key(key))
    return None


def family_heads(members: Iterable[str], counts: Mapping[str, int],
                 splits: set[tuple[str, str]]) -> dict[str, str]:
    """member -> the family's most written member, for a family of two or more (never
    joining two keys the user split apart)."""
    ranked = Counter({k: counts[k] for k in members})
    if len(ranked) < 2:
        return {}
    head = max(ranked, key=lambda k: (ranked[k], -len(k), k))
    return {k: head for k in ranked
            if k != head and (k, head) not in splits and (head, k) not in splits}


def families(counts: Mapping[str, int], label: Callable[[str], Label | None],
             splits: set[tuple[str, str]]) -> dict[str, str]:
    """key -> the key of the family's most written member, for keys in a family of two or
    more (never joining two keys the user split apart)."""
    groups: dict[Group, list[str]] = defaultdict(list)
    for key in counts:
        group = family_group(key, label(key))
        if group is not None:
            groups[group].append(key)
    out: dict[str, str] = {}
    for members in groups.values():
        out.update(family_heads(members, counts, splits))
    return out
