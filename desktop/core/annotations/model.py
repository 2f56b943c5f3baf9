"""Annotation data: a highlight (colour key) with an optional Markdown note and tags, anchored
to its article by a W3C TextQuoteSelector and TextPositionSelector over the SOURCE text.

After the article changes, an annotation is re-attached to its words (anchoring.py). Its
status is then one of:

* ``anchored``: the quote stands in the text as the user highlighted it;
* ``changed``: it was placed on text whose wording differs. ``quote`` holds the words that
  stand there now and ``original`` the exact words the user highlighted, kept for good (never
  rewritten silently): the notes panel, the reader and every export show both;
* ``orphan``: it could not be found again; it keeps its last selectors and text and is listed
  apart, never dropped.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


ANCHORED, CHANGED, ORPHAN = "anchored", "changed", "orphan"


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
    # the words the user highlighted, when the text there now reads otherwise ("" otherwise)
    original: str = ""

    def __post_init__(self) -> None:
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    @property
    def status(self) -> str:
        """``anchored``, ``changed`` or ``orphan`` (see the module's docstring)."""
        if self.orphan:
            return ORPHAN
        return CHANGED if self.original and self.original != self.quote.exact else ANCHORED

    @property
    def highlighted(self) -> str:
        """The exact words the user highlighted."""
        return self.original or self.quote.exact

    def placed(self, quote: TextQuote, position: TextPosition) -> Annotation:
        """This annotation re-attached at ``position`` where ``quote`` now stands; the words
        the user highlighted are kept in ``original`` when they differ from the new ones."""
        words = self.highlighted
        return replace(self, quote=quote, position=position, orphan=False,
                       original="" if quote.exact == words else words)

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
