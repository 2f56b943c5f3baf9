"""Metadata of an HTML page: title, outlet, publication date and canonical URL.

Read from Open Graph / Twitter / article meta tags, JSON-LD, ``<time datetime>``, ``<h1>``
and ``<title>`` of the tree that html_extract.py builds (any object with the node shape).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from desktop.core.model import Metadata


class Node(Protocol):
    tag: str
    attrs: dict[str, str]

    @property
    def children(self) -> Sequence[object]: ...

    def iter(self) -> Sequence[Node]: ...

    def text(self) -> str: ...


_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%B %d %Y", "%d.%m.%Y")


def normalise_date(value: str) -> str:
    """YYYY-MM-DD when the value is a recognisable date, else the value trimmed."""
    value = " ".join(value.split())
    if not value:
        return ""
    m = re.search(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})(?:T.*)?", value
    )
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    bare = re.sub(r"^[A-Za-z]+,\s*", "", value)  # "Thursday, 15 September 2022"
    bare = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", bare)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(bare, fmt).date().isoformat()
        except ValueError:
            continue
    return value[:40]


def _json_ld(doc: Node) -> tuple[str, str]:
    """(datePublished, publisher name) from JSON-LD blocks."""
    found_date, found_pub = "", ""
    todo: list[object] = []
    for n in doc.iter():
        if n.tag == "script" and "ld+json" in n.attrs.get("type", "").lower():
            raw = "".join(getattr(c, "value", "") for c in n.children)
            try:
                todo.append(json.loads(raw))
            except ValueError:
                continue
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            d = item.get("datePublished")
            if not found_date and isinstance(d, str):
                found_date = d
            pub = item.get("publisher")
            if not found_pub:
                if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                    found_pub = pub["name"]
                elif isinstance(pub, str):
                    found_pub = pub
            todo.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return found_date, found_pub


def _strip_site(title: str, site: str) -> str:
    if not site:
        return title
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · ", " : "):
        if title.endswith(sep + site) and len(title) > len(sep + site):
            return title[: -len(sep + site)].strip()
        if title.startswith(site + sep) and len(title) > len(sep + site):
            return title[len(site + sep) :].strip()
    return title


def page_metadata(doc: Node, root: Node) -> Metadata:
    """Title, outlet, date and URL from meta tags, JSON-LD, <time>, <h1> and <title>."""
    metas: dict[str, str] = {}
    canonical = title_tag = h1 = ""
    for n in doc.iter():
        a = n.attrs
        if n.tag == "meta" and "content" in a:
            for key in (a.get("property", ""), a.get("name", ""), a.get("itemprop", "")):
                if key:
                    metas.setdefault(key.lower(), " ".join(a["content"].split()))
        elif n.tag == "link" and "canonical" in a.get("rel", "").lower().split():
            canonical = canonical or a.get("href", "").strip()
        elif n.tag == "title" and not title_tag:
            title_tag = n.text()
        elif n.tag == "h1" and not h1:
            h1 = n.text()
    ld_date, ld_pub = _json_ld(doc)
    site = metas.get("og:site_name", "")
    publisher = metas.get("publisher") or metas.get("article:publisher", "")
    if publisher.startswith(("http://", "https://")):
        publisher = ""
    title = metas.get("og:title") or metas.get("twitter:title") or h1 or title_tag
    nodes = [*root.iter(), *doc.iter()]
    times = [n.attrs["datetime"] for n in nodes if n.tag == "time" and n.attrs.get("datetime")]
    raw_date = (
        metas.get("article:published_time")
        or (times[0] if times else "")
        or metas.get("date")
        or metas.get("pubdate")
        or metas.get("datepublished")
        or ld_date
    )
    return Metadata(
        title=_strip_site(title, site),
        source=site or publisher or ld_pub,
        date=normalise_date(raw_date),
        url=metas.get("og:url") or canonical,
    )
