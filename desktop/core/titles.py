"""What an article is called where it is shown: its title, else its file's name, and whether
its text already opens with that title (so it need not be shown twice).

The reader, the library list, the search index and every exporter ask here.
"""

from __future__ import annotations

from pathlib import PurePath


def display_title(title: str, path: str) -> str:
    """The article's title, or its file's name without the extension when it has none."""
    return title.strip() or PurePath(path).stem


def title_stem(title: str) -> str:
    """The title without what a shortened or sentence title ends with (``…``, ``.``)."""
    return title.strip().rstrip("…").rstrip(". ").strip()


def opens_with_title(title: str, text: str) -> bool:
    """True when ``text`` begins with ``title`` (a headline in the text itself: a page's meta
    title repeated, or a title shortened with an ellipsis)."""
    stem = title_stem(title)
    return bool(stem) and text.lstrip().startswith(stem)
