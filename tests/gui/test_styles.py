"""One colour table serves the reader and every export (#9: the reader's entity colours
differed from the exports')."""

from __future__ import annotations

from desktop.core import styles
from desktop.core.entities.labels import Label
from desktop.core.export import html
from desktop.gui.compare_gutter import kind_colour
from desktop.gui.entity_marks import LABEL_STYLE


def test_reader_and_exports_draw_entities_and_passages_in_the_same_colours(qapp: object) -> None:
    reader = {label.value: LABEL_STYLE[label][0] for label in Label}
    assert reader == html.entity_colours() == styles.ENTITY_COLOURS
    for kind, rgb in styles.LINK_COLOURS.items():
        assert kind_colour(kind).name() == rgb.lower()
    page = html._mark_css(qt=False) + html._mark_css(qt=True)
    for label, rgb in styles.ENTITY_COLOURS.items():
        assert f".ent-{label} {{ border-bottom: 2px solid {rgb}; }}" in page
        assert f".ent-{label} {{ background-color: {styles.tint(rgb, styles.ENTITY_TINT)}; }}" in page
    for kind, rgb in styles.LINK_COLOURS.items():
        assert f".link-{kind} {{ background-color: {styles.tint(rgb, styles.LINK_TINT)}; }}" in page
