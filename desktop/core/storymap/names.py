"""The recognised names of an article as evidence for its quotes' speakers.

Quote extraction (quotes.py) reads speakers by rules; where names were recognised
(core/entities), they are evidence it uses: a speaker the recogniser calls a place is not a
speaker ("unknown" rather than a wrong name), one it calls an organisation is a group, and a
person it found is someone he/she/him may point to. ``NameSource`` is what the quote store
asks; ``EntityNames`` answers from the library's entity service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop.core.entities.service import EntityService

Name = tuple[int, int, str]  # clean start, end, label (PERSON, ORG, PLACE, GROUP, …)


class NameSource(Protocol):
    def recognised(self) -> set[int]:
        """Articles whose names were recognised."""
        ...

    def names(self, doc_id: int, text: str) -> list[Name]:
        """The recognised names of one article, in text order."""
        ...


class EntityNames:
    def __init__(self, entities: EntityService) -> None:
        self.entities = entities

    def recognised(self) -> set[int]:
        return self.entities.tables.recognised(self.entities.model_name)

    def names(self, doc_id: int, text: str) -> list[Name]:
        return [(m.start, m.end, str(m.label)) for m in self.entities.mentions(doc_id, text)]
