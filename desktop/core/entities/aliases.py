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
from collections.abc import Callable, Mapping

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


def families(counts: Mapping[str, int], label: Callable[[str], Label | None],
             splits: set[tuple[str, str]]) -> dict[str, str]:
    """key -> the key of the family's most written member, for keys in a family of two or
    more (never joining two keys the user split apart)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in counts:
        lab = label(key)
        if lab == Label.PERSON:
            pk = person_key(key)
            if pk is not None:
                groups[("person", pk)].append(key)
        elif lab in (Label.ORG, Label.PLACE, Label.EVENT) and " " in key:
            groups[("name", spelling_key(key))].append(key)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        ranked = Counter({k: counts[k] for k in members})
        head = max(ranked, key=lambda k: (ranked[k], -len(k), k))
        for k in members:
            if k != head and (k, head) not in splits and (head, k) not in splits:
                out[k] = head
    return out
