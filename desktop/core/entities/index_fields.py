"""The person / org / place search fields of one article, from its mentions."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.entities.consolidate import Mention
from desktop.core.entities.labels import Label

FIELDS = {Label.PERSON: "person", Label.ORG: "org", Label.PLACE: "place"}


def fields_of(mentions: Iterable[Mention]) -> dict[str, str]:
    """Canonical names and the forms written, per field, each once, " | " between them."""
    fields: dict[str, list[str]] = {name: [] for name in FIELDS.values()}
    for m in mentions:
        name = FIELDS.get(m.label)
        if name:
            fields[name] += [m.entity, m.text] if m.entity != m.text else [m.text]
    return {k: " | ".join(dict.fromkeys(v)) for k, v in fields.items()}
