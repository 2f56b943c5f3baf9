"""Which articles a story map is made of: the whole library, a search result, or articles
the person chose (the map, its families and the quote groups are then made of those alone)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import ParallaxError

if TYPE_CHECKING:
    from desktop.core.library import Library


@dataclass(frozen=True)
class Scope:
    ids: tuple[int, ...] | None  # None: the whole library
    label: str  # what the map is of, in words
    query: str = ""  # the search it came from, if any

    @property
    def whole(self) -> bool:
        return self.ids is None


WHOLE = Scope(None, "the whole library")


def search_scope(library: Library, query: str) -> Scope:
    """Every article matching ``query`` (not only the first page of hits)."""
    query = query.strip()
    if not query:
        raise ParallaxError("give a search query (words, \"phrases\", AND/OR/NOT…)")
    result = library.search(query, limit=max(1, len(library.document_ids())))
    ids = tuple(sorted(h.doc.id for h in result.hits))
    n = len(ids)
    return Scope(ids, f"the search “{display_query(query)}” ({n} article{'s' if n != 1 else ''})",
                 query)


def docs_scope(library: Library, ids: Iterable[int]) -> Scope:
    """The articles ``ids`` (NotFound for one the library does not hold)."""
    chosen = tuple(sorted(set(ids)))
    for doc in chosen:
        library.document_summary(doc)
    n = len(chosen)
    return Scope(chosen, f"{n} chosen article{'s' if n != 1 else ''}")


def parse_ids(text: str) -> list[int]:
    """``"1,2, 5-7"`` → [1, 2, 5, 6, 7]; a ParallaxError names what cannot be read."""
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        lo, dash, hi = part.partition("-")
        try:
            if dash:
                a, b = int(lo), int(hi)
                if b < a or b - a > 100_000:
                    raise ValueError
                out += range(a, b + 1)
            else:
                out.append(int(part))
        except ValueError:
            raise ParallaxError(f"--docs: cannot read {part!r} (give ids like 1,2,5-7)") from None
    if not out:
        raise ParallaxError("--docs: give article ids like 1,2,5-7")
    return out


def display_query(query: str) -> str:
    """The query as the person typed it, without the quote marks of a single phrase (so a
    label reads “nuclear power plant”, not “"nuclear power plant"”)."""
    q = query.strip()
    if len(q) >= 2 and q[0] == q[-1] == '"' and '"' not in q[1:-1]:
        return q[1:-1]
    return q
