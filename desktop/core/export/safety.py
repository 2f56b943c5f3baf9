"""Untrusted text (articles, notes) made inert for every export format.

* :func:`md_escape` turns article text into Markdown that renders as the same characters:
  HTML-significant characters become entities, Markdown syntax is backslash-escaped.
* :func:`safe_note_markdown` keeps a note's Markdown but removes what could act: raw HTML
  (``<`` becomes ``&lt;``), images (they would fetch), links whose scheme is not
  http/https/mailto or an in-page ``#`` anchor.
* :func:`sanitise` is the last pass over any HTML element tree: an allow-list of tags and
  attributes; everything else is unwrapped (text kept) or dropped (script, style, iframe...).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

SAFE_SCHEMES = ("http", "https", "mailto")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~=])")
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Article text as Markdown that shows exactly these characters and acts as nothing."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def safe_url(url: str) -> bool:
    """True for http(s)/mailto URLs, in-page anchors and scheme-less relative ones... except
    that relative URLs are refused too: an export is a standalone file."""
    plain = _CONTROL.sub("", html.unescape(url or "")).lower()
    if plain.startswith("#"):
        return True
    scheme, colon, _ = plain.partition(":")
    return bool(colon) and scheme in SAFE_SCHEMES


_MD_LINK = re.compile(r"(\]\(\s*)(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)")
_MD_REF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*)(<[^>]*>|\S+)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>")


def _check_target(m: re.Match[str]) -> str:
    target = m.group(2).strip("<>")
    return m.group(1) + (m.group(2) if safe_url(target) else "#unsafe-link")


def safe_note_markdown(note: str, *, escape_html: bool = True) -> str:
    """A note's Markdown with raw HTML, images and unsafe link targets made inert."""
    note = _AUTOLINK.sub(lambda m: f"<{m.group(1)}>" if safe_url(m.group(1)) else m.group(1), note)
    note = note.replace("![", "\\![")
    note = _MD_LINK.sub(_check_target, note)
    note = _MD_REF.sub(_check_target, note)
    if escape_html:  # what remains of "<" can only be raw HTML or a safe autolink
        note = re.sub(r"<(?!(https?|mailto):[^>\s]*>)", "&lt;", note)
    return note


ALLOWED: dict[str, set[str]] = {
    "html": {"lang"}, "head": set(), "meta": {"charset", "name", "content"}, "title": set(),
    "style": set(), "body": {"class"}, "header": {"class"}, "main": {"class"},
    "section": {"class", "id"}, "article": {"class", "id"}, "div": {"class", "id"},
    "p": {"class", "id"}, "span": {"class", "id", "style", "title"},
    "mark": {"class", "id", "style", "title"}, "a": {"class", "id", "href", "title"},
    "sup": {"class", "id"}, "sub": set(), "em": set(), "strong": set(), "code": set(),
    "pre": set(), "blockquote": {"class"}, "ul": {"class"}, "ol": {"class", "start"},
    "li": {"class", "id"}, "br": set(), "hr": set(), "h1": {"class", "id"},
    "h2": {"class", "id"}, "h3": {"class", "id"}, "h4": set(), "h5": set(), "h6": set(),
    "table": {"class", "width", "cellspacing"}, "thead": set(), "tbody": set(), "tr": {"class", "id"},
    "th": {"class", "scope", "style"}, "td": {"class", "style", "valign"}, "del": set(),
    "ins": set(), "small": {"class"}, "b": set(), "i": set(), "colgroup": set(),
    "col": {"style", "width"}, "footer": {"class"}, "nav": {"class"}, "dl": set(), "dt": set(),
    "dd": set(),
}
DROP = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "img", "svg",
        "math", "link", "base", "form", "input", "button", "textarea", "select", "video",
        "audio", "source", "picture", "noscript", "template", "portal", "style"}
_SAFE_STYLE = re.compile(r"^[a-z\-]+:\s*#[0-9a-fA-F]{3,8}(;\s*[a-z\-]+:\s*#[0-9a-fA-F]{3,8})*;?$")


def sanitise(root: ET.Element, *, in_head: bool = False) -> None:
    """Allow-list pass over a tree, in place (``root`` itself is kept)."""
    i = 0
    while i < len(root):
        child = root[i]
        tag = child.tag if isinstance(child.tag, str) else ""
        tag = tag.lower()
        keep_style = tag == "style" and (in_head or root.tag == "head")
        if tag in DROP and not keep_style:
            _remove(root, i, keep_text=False)
            continue
        if tag not in ALLOWED:
            _unwrap(root, i)
            continue
        for name in list(child.attrib):
            value = child.attrib[name]
            lname = name.lower()
            bad = (lname not in ALLOWED[tag] or lname.startswith("on")
                   or (lname == "href" and not safe_url(value))
                   or (lname == "style" and not _SAFE_STYLE.match(value.strip())))
            if bad:
                del child.attrib[name]
        sanitise(child, in_head=in_head or tag == "head")
        i += 1


def _remove(parent: ET.Element, i: int, keep_text: bool) -> None:
    child = parent[i]
    tail = child.tail or ""
    _append_text(parent, i, tail)
    parent.remove(child)


def _unwrap(parent: ET.Element, i: int) -> None:
    """Replace parent[i] by its text and children."""
    child = parent[i]
    _append_text(parent, i, child.text or "")
    grandchildren = list(child)
    if grandchildren:
        grandchildren[-1].tail = (grandchildren[-1].tail or "") + (child.tail or "")
    else:
        _append_text(parent, i, child.tail or "")
    parent.remove(child)
    for k, g in enumerate(grandchildren):
        parent.insert(i + k, g)


def _append_text(parent: ET.Element, i: int, text: str) -> None:
    """Add text where parent[i] stands (after the previous sibling, or the parent's text)."""
    if not text:
        return
    if i == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[i - 1]
        prev.tail = (prev.tail or "") + text
