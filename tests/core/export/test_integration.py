"""Exports with the library's real cross-link service (no stubs): link ends and the table."""

from __future__ import annotations

import json

from desktop.core.export import annotations_json, html, markdown
from desktop.core.library import Library
from tests.core.export.conftest import bundle_of


def test_real_links_reach_every_format(annotated: Library) -> None:
    links = annotated.links.pair(1, 2)
    assert links, "the sample pair shares passages"
    bundle = bundle_of(annotated, [1, 2], "pair")
    page = html.render(bundle)
    k = links[0]
    assert f'id="d1-l{k.id}"' in page and f'href="#d2-l{k.id}"' in page
    assert "### Cross-links" in markdown.render(bundle)
    data = json.loads(annotations_json.render(bundle))
    assert len(data["parallax:links"]) == len(links)  # each link once, not once per end
