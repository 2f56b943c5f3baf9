"""Metadata of an HTML page: title, outlet, author, publication date and canonical URL.

Read from JSON-LD (``NewsArticle`` and kin), Open Graph / Twitter / article meta tags,
``<time datetime>``, the page's ``<h1>`` and ``<title>`` of the tree html_tree.py builds.
Titles lose the section and site labels pages add around them ("Opinion | …", "… - Auto
News", "… | The Daily Planet"): a part is a label when it names the site (its name, publisher
or web address) or, beside a clearly longer part, is at most four words.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterator
from datetime import date, datetime
from urllib.parse import urlsplit

from desktop.core.html_tree import Node, Text
from desktop.core.model import Metadata

_MONTH_WORD = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b")
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%B %d %Y", "%d.%m.%Y")
_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|«|/)\s+")
_ALNUM = re.compile(r"[\W_]+")
_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportage", "report", "webpage",
                  "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "liveblogposting")
_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
              "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "og:pubdate")


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
    return _spelled_date(value) or value[:40]


def _outlet(site: str) -> str:
    """An outlet given as a web address ("https://www.newsnation.in", seen in og:site_name) is
    shown as its host, "newsnation.in"."""
    if site.startswith(("http://", "https://")):
        return (urlsplit(site).hostname or "").removeprefix("www.")
    return site


def _spelled_date(value: str) -> str:
    """YYYY-MM-DD of a date with its month in words and more around it ("19 Nov 2019 07:09
    GMT", "November 19, 2019, 07:47 PM EST"), by python-dateutil; "" unless day, month and
    year are all written (parsed against two different defaults, they must agree). All-digit
    dates other than year-first ("03/04/2019") are left as written: which is the month?"""
    if not _MONTH_WORD.search(value):
        return ""
    from dateutil import parser

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a zone it does not know ("EST") does not matter
            a = parser.parse(value, default=datetime(1900, 1, 1)).date()
            b = parser.parse(value, default=datetime(1904, 2, 2)).date()
    except (ValueError, OverflowError):
        return ""
    return a.isoformat() if a == b else ""


def _raw_text(n: Node) -> str:
    return "".join(c.value for c in n.children if isinstance(c, Text))


def _json_ld(doc: Node) -> Iterator[dict]:
    """Every JSON-LD object of the page (graphs and lists flattened), outermost first."""
    todo: list[object] = []
    for n in doc.iter():
        if n.tag == "script" and "ld+json" in n.attrs.get("type", "").lower():
            try:
                todo.append(json.loads(_raw_text(n).strip().rstrip(";")))
            except ValueError:
                continue
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            yield item
            todo.extend(v for v in item.values() if isinstance(v, (dict, list)))


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value and not value.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _types(item: dict) -> set[str]:
    t = item.get("@type")
    ts = t if isinstance(t, list) else [t]
    return {x.lower() for x in ts if isinstance(x, str)}


def _ld_text(value: str) -> str:
    """A JSON-LD string as text: many sites (WordPress above all) write HTML entities into
    it ("review &#8211; shoots"), which a browser never decodes there; one pass of unescaping
    gives what the page shows (its <title> and og:title carry the same words decoded)."""
    return " ".join(html.unescape(value).split())


def _ld_fields(doc: Node) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for item in _json_ld(doc):
        if not _types(item) & set(_ARTICLE_TYPES):
            if "publisher" not in out and _names(item.get("publisher")):
                out["publisher"] = _ld_text(_names(item.get("publisher"))[0])
            continue
        for key in ("headline", "datePublished", "url"):
            v = item.get(key)
            if isinstance(v, str) and v.strip() and key not in out:
                out[key] = _ld_text(v)
        if "author" not in out and _names(item.get("author")):
            out["author"] = [_ld_text(a) for a in _names(item.get("author"))]
        if "publisher" not in out and _names(item.get("publisher")):
            out["publisher"] = _ld_text(_names(item.get("publisher"))[0])
    return out


def _key(s: str) -> str:
    return _ALNUM.sub("", s.lower())


def strip_labels(title: str, sites: list[str], headline: str = "") -> str:
    """The title without section/site labels around it (the page's own headline, when it is
    the whole title or one part of it, wins)."""
    title = " ".join(title.split())
    head = _key(headline)
    if head and _key(title) == head:
        return title
    cuts = list(_SEP.finditer(title))
    if not cuts:
        return title
    spans, pos = [], 0
    for m in cuts:
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(title)))
    for a, b in spans:
        if head and _key(title[a:b]) == head:
            return title[a:b].strip()
    site_keys = {_key(s) for s in sites if _key(s)}

    def is_site(part: str) -> bool:
        k = _key(part)
        return bool(k) and any(k == s or (len(part.split()) <= 5 and (s in k or k in s)) for s in site_keys)

    kept = [(a, b) for a, b in spans if not is_site(title[a:b])]
    if not kept:
        return title
    if len(kept) > 1:
        longest = max(kept, key=lambda ab: ab[1] - ab[0])
        rest = [title[a:b] for a, b in kept if (a, b) != longest]
        if all(len(r.split()) <= 4 for r in rest) and len(title[longest[0]:longest[1]].split()) >= 4:
            kept = [longest]
    return title[kept[0][0] : kept[-1][1]].strip()


def page_metadata(doc: Node, headline: str = "") -> tuple[Metadata, list[str]]:
    """The page's metadata and its authors' names (to recognise bylines)."""
    metas: dict[str, str] = {}
    canonical = title_tag = ""
    times: list[str] = []
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
        elif n.tag == "time" and a.get("datetime"):
            times.append(a["datetime"])
    ld = _ld_fields(doc)
    url = metas.get("og:url") or canonical or str(ld.get("url", ""))
    host = (urlsplit(url).hostname or "") if url.startswith(("http://", "https://")) else ""
    host = host.removeprefix("www.")
    publisher = metas.get("publisher") or metas.get("article:publisher", "")
    if publisher.startswith(("http://", "https://")):
        publisher = ""
    site = _outlet(metas.get("og:site_name") or str(ld.get("publisher", "")) or publisher
                   or metas.get("application-name", "") or host)
    sites = [s for s in (metas.get("og:site_name", ""), str(ld.get("publisher", "")), publisher,
                         metas.get("application-name", ""), host, host.split(".")[0]) if s]
    title = ""
    for cand in (str(ld.get("headline", "")), metas.get("og:title", ""), metas.get("twitter:title", ""),
                 headline, title_tag):
        if cand.strip():
            title = strip_labels(cand, sites, headline)
            break
    authors = ld.get("author") if isinstance(ld.get("author"), list) else []
    assert isinstance(authors, list)
    if not authors:
        byl = metas.get("author") or metas.get("article:author") or metas.get("byl", "")
        if byl and not byl.startswith(("http://", "https://")):
            authors = [re.sub(r"(?i)^by\s+", "", byl)]
    raw_date = next((metas[k] for k in _DATE_KEYS if metas.get(k)), "") or str(ld.get("datePublished", ""))
    raw_date = raw_date or (times[0] if times else "")
    meta = Metadata(title=title, source=site, date=normalise_date(raw_date), url=url,
                    author=", ".join(dict.fromkeys(authors)))
    return meta, list(authors)
