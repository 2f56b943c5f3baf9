"""What one export holds: the articles with every mark of each (gathered by core/marks.py,
the same marks the reader draws), the highlight colours and when it was made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core import styles
from desktop.core.annotations.model import Colour
from desktop.core.marks import ArticleMarks

if TYPE_CHECKING:
    from desktop.core.storymap.article_story import ArticleStory


@dataclass(frozen=True)
class Bundle:
    """What one export holds: the articles in order, the colour meanings, when it was made."""

    scope: str  # "doc" | "pair" | "all"
    articles: tuple[ArticleMarks, ...]
    colours: tuple[Colour, ...]
    exported_at: str
    generator: str = "Parallax"
    extra: dict[str, Any] = field(default_factory=dict)
    stories: dict[int, ArticleStory] = field(default_factory=dict)  # family, quotes' status

    def colour(self, key: str) -> Colour:
        for c in self.colours:
            if c.key == key:
                return c
        return Colour(key, key.replace("_", " "), styles.HIGHLIGHT_FALLBACK)

    def doc_ids(self) -> set[int]:
        return {a.doc.id for a in self.articles}
