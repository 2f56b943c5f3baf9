"""One table of how marks look, for the reader and every exporter.

Each mark (core/marks.py) has a style key (``entity.PERSON``, ``link.edited``, ``match``,
``highlight.claim``, ``highlight.claim.changed``, ``block.paragraph``, ``page``) and this
module says its colour. Entity colours are the Okabe–Ito palette (told apart with the
common colour-vision deficiencies), and each entity type also has its own underline pattern so
the type reads without colour. Highlight colours are the user's own (the annotation colours
stored in the library, with their meanings); ``HIGHLIGHT_FALLBACK`` is for a key it lacks.
The reader turns these into Qt formats (gui/entity_marks.py, gui/compare_gutter.py), the HTML
and PDF exports into CSS (export/html.py), from the same values.
"""

from __future__ import annotations

ENTITY_COLOURS: dict[str, str] = {
    "PERSON": "#0072B2",  # blue
    "ORG": "#D55E00",  # vermillion
    "PLACE": "#009E73",  # bluish green
    "GROUP": "#CC79A7",  # reddish purple
    "EVENT": "#E69F00",  # orange
    "DATE": "#56B4E9",  # sky blue
    "OTHER": "#999999",
}
# underline pattern per entity type (solid, dashed, dotted, dash-dot, dash-dot-dot)
ENTITY_UNDERLINES: dict[str, str] = {
    "PERSON": "solid", "ORG": "dashed", "PLACE": "dotted", "GROUP": "dashdot",
    "EVENT": "dashdotdot", "DATE": "solid", "OTHER": "dotted",
}
PRIMARY_ENTITIES = frozenset({"PERSON", "ORG", "PLACE"})  # tinted a little stronger

LINK_COLOURS: dict[str, str] = {"verbatim": "#5b8def", "edited": "#e0a526", "paraphrase": "#9a6fd6"}
UNIQUE_COLOUR = "#9e9e9e"  # text an article does not share (compare view)

MATCH_COLOUR = "#ffec96"  # search matches, light palette
CURRENT_MATCH_COLOUR = "#ff9d3c"
HIGHLIGHT_FALLBACK = "#dddddd"
HIGHLIGHT_TEXT = "#1f1d1a"  # text on a highlight: highlights stay light on dark palettes too
CHANGED_COLOUR = "#b45309"  # dashed underline of a highlight whose words changed since
DIFF_DELETED = "#c0392b"  # words only the first of a pair has (compare view's diff strip)
DIFF_INSERTED = "#1e8449"  # words only the second has
PAGE = "page"  # the style key of a PDF page's start ("— p. 2 —", muted)

# how strongly a colour tints the text behind it (share of the colour kept over white)
ENTITY_TINT = 0.14
LINK_TINT = 0.18


def entity_colour(label: str) -> str:
    return ENTITY_COLOURS.get(label, ENTITY_COLOURS["OTHER"])


def link_colour(kind: str) -> str:
    return LINK_COLOURS.get(kind, UNIQUE_COLOUR)


def tint(rgb: str, keep: float) -> str:
    """``rgb`` mixed with white, keeping ``keep`` of the colour (an opaque pale shade, for
    media that cannot blend, such as Qt's PDF text)."""
    r, g, b = (int(rgb[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in (r, g, b))


def style_key(kind: str, label: str = "") -> str:
    """The key of a mark's style: its kind, then its label when the label changes the look."""
    return f"{kind}.{label}" if label else str(kind)


def highlight_key(colour: str, *, changed: bool = False) -> str:
    """``highlight.<colour>``, with ``.changed`` when the words there changed since."""
    return style_key("highlight", colour) + (".changed" if changed else "")
