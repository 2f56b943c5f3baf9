"""The entity labels users see, and how the recogniser's labels map onto them.

spaCy's English models use the OntoNotes label set (PERSON, ORG, GPE, LOC, FAC, NORP, DATE,
EVENT, ...). Users see a smaller set: places of every kind are one PLACE label, nationalities
and political or religious groups are GROUP, and everything else named is OTHER.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.core.words import name_key


class Label(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    PLACE = "PLACE"
    GROUP = "GROUP"
    DATE = "DATE"
    EVENT = "EVENT"
    OTHER = "OTHER"


# what the panel calls each label (plural, for group headers)
LABEL_TITLES: dict[Label, str] = {
    Label.PERSON: "People", Label.ORG: "Organisations", Label.PLACE: "Places",
    Label.GROUP: "Groups", Label.DATE: "Dates", Label.EVENT: "Events", Label.OTHER: "Other",
}



def label_title(label: str) -> str:
    """What the panel and the exports call a label (plural): "People", "Places"..."""
    known = Label.__members__.get(label)
    return LABEL_TITLES[known] if known is not None else label.title()


_FROM_SPACY: dict[str, Label] = {
    "PERSON": Label.PERSON, "ORG": Label.ORG, "GPE": Label.PLACE, "LOC": Label.PLACE,
    "FAC": Label.PLACE, "NORP": Label.GROUP, "DATE": Label.DATE, "EVENT": Label.EVENT,
}
# numbers, money, quantities and times are not names: never shown
_IGNORED = {"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"}

# labels whose names carry over to unrecognised repeats of the same surface form
NAME_LABELS = frozenset({Label.PERSON, Label.ORG, Label.PLACE, Label.GROUP, Label.EVENT})
# labels of proper names that must start with a capital letter or a digit
CAPITALISED = NAME_LABELS


def from_spacy(label: str) -> Label | None:
    """The user label for a spaCy label, or None for labels that are not shown."""
    if label in _IGNORED:
        return None
    return _FROM_SPACY.get(label, Label.OTHER)


def parse_label(text: str) -> Label:
    """A user-typed label ("person", "Place") as a Label; ValueError when unknown."""
    try:
        return Label(text.strip().upper())
    except ValueError:
        raise ValueError(f"unknown label {text!r} (labels: {', '.join(Label)})") from None


# the form two written names share ("U.S." = "US" = "us"): one of the word forms of core/words.py
entity_key = name_key
