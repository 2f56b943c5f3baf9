"""Annotation data: a highlight (colour key) with an optional Markdown note and tags, anchored
to its article by a W3C TextQuoteSelector and TextPositionSelector over the SOURCE text.

An annotation whose quote could not be found again after the article changed is an *orphan*:
it keeps its last selectors and text and is listed apart, never dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class TextQuote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPosition:
    start: int  # source-text offsets, half open
    end: int


@dataclass(frozen=True)
class Colour:
    """One highlight colour: a stable key, the meaning the user gave it, and its RGB hex."""

    key: str
    name: str
    rgb: str  # "#rrggbb"


DEFAULT_COLOURS: tuple[Colour, ...] = (
    Colour("claim", "claim", "#ffe58a"),
    Colour("contradiction", "contradiction", "#ffb3b3"),
    Colour("check", "check", "#a8d8ff"),
    Colour("key_quote", "key quote", "#b9f0b0"),
)


@dataclass(frozen=True)
class Annotation:
    id: str
    doc_id: int
    colour: str
    quote: TextQuote
    position: TextPosition
    note: str = ""  # Markdown, untrusted
    tags: tuple[str, ...] = ()
    created: str = field(default_factory=now_iso)
    modified: str = ""
    orphan: bool = False

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    def edited(self, **changes: object) -> Annotation:
        """A copy with ``changes`` and a fresh modification time."""
        return replace(self, **changes, modified=now_iso())  # type: ignore[arg-type]


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags as typed: split on commas, trimmed, without blanks or repeats, in order."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)  # type: ignore[call-overload]
    out: list[str] = []
    for item in items:
        tag = str(item).strip().lstrip("#").strip()
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)
