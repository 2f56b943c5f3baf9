"""Importing a W3C Web Annotation JSON-LD file (a Parallax export or another tool's): every
field validated before anything is stored, then all of it stored in one transaction.

All or nothing: a file with any problem (not UTF-8, not JSON, nested too deep, a field of the
wrong type, an offset out of range, a text too long...) stores nothing; each problem is one
line naming its item. Annotations whose article is not in this library are skipped and said
(the file is fine; the library lacks the article). Placing a quote costs bounded time (see
desktop/core/annotations/anchoring.py).
"""

from __future__ import annotations

import codecs
import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.annotations.anchoring import reattach
from desktop.core.annotations.model import (
    ANCHORED,
    CHANGED,
    ORPHAN,
    Annotation,
    TextPosition,
    TextQuote,
    clean_tags,
)
from desktop.core.errors import InvalidFile
from desktop.core.ingest import MAX_BYTES
from desktop.core.model import Document

if TYPE_CHECKING:
    from desktop.core.library import Library

DOC_URI = "urn:parallax:doc:"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 24  # a Parallax export nests 6 deep
MAX_ITEMS = 100_000
MAX_QUOTE = 200_000  # characters of a highlighted quote
MAX_CONTEXT = 2_000  # characters of a prefix or suffix
MAX_NOTE = 1_000_000
MAX_TAGS, MAX_TAG = 200, 200
MAX_ID, MAX_SHORT = 1_000, 200  # ids and URIs; dates, colour keys, types, purposes
MAX_OFFSET = MAX_BYTES  # a source text has at most as many characters as its file has bytes
MAX_PROBLEMS_SHOWN = 50


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0
    changed: int = 0  # placed on words that differ from those highlighted
    skipped: list[str] = field(default_factory=list)  # why each skipped item was skipped


def decode(data: bytes | str) -> str:
    """JSON text from a file's bytes: UTF-8 (with or without a BOM), or UTF-16/32 with a BOM."""
    if isinstance(data, str):
        return data
    if len(data) > MAX_FILE_BYTES:
        raise InvalidFile(f"the file is {len(data) / 2**20:.0f} MB; annotation files are "
                          f"limited to {MAX_FILE_BYTES // 2**20} MB")
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"))
    codec = next((name for bom, name in boms if data.startswith(bom)), "utf-8")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InvalidFile(f"not {codec.upper().removesuffix('-SIG')} text: byte "
                          f"0x{data[exc.start]:02x} at offset {exc.start} cannot be read") from None


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse(text: str) -> Any:
    """JSON, refusing NaN/Infinity and nesting deeper than MAX_DEPTH."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise InvalidFile(f"the JSON is nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise InvalidFile(f"not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except ValueError as exc:
        raise InvalidFile(f"not JSON: {exc}") from None
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidFile(f"the JSON is nested more than {MAX_DEPTH} levels deep")
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return data


class _Checker:
    """Collects problems as one line each, prefixed with where they are."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def text(self, where: str, value: Any, limit: int, *, required: bool = False,
             default: str = "") -> str:
        if value is None and not required:
            return default
        if not isinstance(value, str):
            self.bad(where, f"must be text (got {_kind(value)})")
            return default
        if required and not value:
            self.bad(where, "must not be empty")
        if len(value) > limit:
            self.bad(where, f"is {len(value):,} characters long; the limit is {limit:,}")
            return default
        return value

    def offset(self, where: str, value: Any) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(where, f"must be a whole number (got {_kind(value)})")
            return None
        if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
            self.bad(where, f"must be a whole number (got {value!r})")
            return None
        if not 0 <= value <= MAX_OFFSET:
            shown = value if abs(value) < 10**15 else f"{int(value):.3e}"
            self.bad(where, f"must be between 0 and {MAX_OFFSET:,} (got {shown})")
            return None
        return int(value)

    def objects(self, where: str, value: Any, *, required: bool = False) -> list[dict[str, Any]]:
        """An object or a list of objects (JSON-LD allows either)."""
        if value is None:
            if required:
                self.bad(where, "is missing")
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.bad(f"{where}[{i}]" if isinstance(value, list) else where,
                         f"must be an object (got {_kind(item)})")
        return out


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _items(data: Any, check: _Checker) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        check.bad("the file", f"must be a Web Annotation object or list (got {_kind(data)})")
        return []
    if data.get("type") == "Annotation":
        return [data]
    if "first" in data:
        first = data["first"]
        if not isinstance(first, dict):
            check.bad("first", f"must be an AnnotationPage object (got {_kind(first)}; pages by "
                      "reference are not supported)")
            return []
        items = first.get("items", [])
    else:
        items = data.get("items", [])
    if not isinstance(items, list):
        check.bad("items", f"must be a list (got {_kind(items)})")
        return []
    return items


def _documents(data: Any, check: _Checker) -> dict[str, str]:
    """The ``parallax:documents`` section: document URI -> path, to find renamed ones."""
    docs = data.get("parallax:documents", []) if isinstance(data, dict) else []
    if not isinstance(docs, list):
        check.bad("parallax:documents", f"must be a list (got {_kind(docs)})")
        return {}
    out = {}
    for i, d in enumerate(docs):
        where = f"parallax:documents[{i}]"
        if not isinstance(d, dict):
            check.bad(where, f"must be an object (got {_kind(d)})")
            continue
        uri = check.text(f"{where}.id", d.get("id"), MAX_ID)
        path = check.text(f"{where}.path", d.get("path"), 4096)
        if uri:
            out[uri] = path
    return out


def parse_annotation(item: Any, where: str, colour_keys: set[str],
                     check: _Checker) -> tuple[str, Annotation] | None:
    """(document URI, annotation) from one JSON-LD annotation; problems go to ``check``."""
    before = len(check.problems)
    if not isinstance(item, dict):
        check.bad(where, f"must be an annotation object (got {_kind(item)})")
        return None
    aid = check.text(f"{where}.id", item.get("id"), MAX_ID, required=True)
    if aid:
        where = f"{where} ({aid[:80]})"
    kind = item.get("type", "Annotation")
    if kind != "Annotation" and not (isinstance(kind, list) and "Annotation" in kind):
        check.bad(f"{where}.type", f"must be \"Annotation\" (got {str(kind)[:40]!r})")
    targets = check.objects(f"{where}.target", item.get("target"), required=True)
    target = targets[0] if targets else {}
    source = check.text(f"{where}.target.source", target.get("source"), MAX_ID)
    # the article's web address in source, Parallax's content id beside it
    source = check.text(f"{where}.target.parallax:source", target.get("parallax:source"),
                        MAX_ID) or source
    orphan = target.get("parallax:orphan", False)
    if not isinstance(orphan, bool):
        check.bad(f"{where}.target.parallax:orphan", f"must be true or false (got {_kind(orphan)})")
    status = target.get("parallax:status", ANCHORED)
    if status not in (ANCHORED, CHANGED, ORPHAN):
        check.bad(f"{where}.target.parallax:status", "must be anchored, changed or orphan")
    original = check.text(f"{where}.target.parallax:original", target.get("parallax:original"),
                          MAX_QUOTE)
    selectors = check.objects(f"{where}.target.selector", target.get("selector"),
                              required=bool(targets))
    quote_sel = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    pos_sel = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    exact = prefix = suffix = ""
    if quote_sel is None:
        if targets:
            check.bad(f"{where}.target.selector", "has no TextQuoteSelector (the quoted words)")
    else:
        sw = f"{where}.target.TextQuoteSelector"
        exact = check.text(f"{sw}.exact", quote_sel.get("exact"), MAX_QUOTE, required=True)
        prefix = check.text(f"{sw}.prefix", quote_sel.get("prefix"), MAX_CONTEXT)
        suffix = check.text(f"{sw}.suffix", quote_sel.get("suffix"), MAX_CONTEXT)
    start, end = 0, len(exact)
    if pos_sel is not None:
        pw = f"{where}.target.TextPositionSelector"
        s, e = check.offset(f"{pw}.start", pos_sel.get("start")), check.offset(f"{pw}.end",
                                                                               pos_sel.get("end"))
        if s is not None and e is not None:
            if e < s:
                check.bad(pw, f"end ({e}) is before start ({s})")
            start, end = s, e
    note, tags, colour = "", [], ""
    for i, body in enumerate(check.objects(f"{where}.body", item.get("body"))):
        bw = f"{where}.body[{i}]"
        purpose = check.text(f"{bw}.purpose", body.get("purpose"), MAX_SHORT)
        if purpose == "commenting":
            note = check.text(f"{bw}.value", body.get("value"), MAX_NOTE)
        elif purpose == "tagging":
            tags.append(check.text(f"{bw}.value", body.get("value"), MAX_TAG))
        if "parallax:colour" in body:
            colour = check.text(f"{bw}.parallax:colour", body.get("parallax:colour"), MAX_SHORT)
    if len(tags) > MAX_TAGS:
        check.bad(f"{where}.body", f"has {len(tags)} tags; the limit is {MAX_TAGS}")
    created = check.text(f"{where}.created", item.get("created"), MAX_SHORT)
    modified = check.text(f"{where}.modified", item.get("modified"), MAX_SHORT)
    if len(check.problems) > before:
        return None
    if colour not in colour_keys:
        colour = "claim" if "claim" in colour_keys or not colour_keys else sorted(colour_keys)[0]
    ann = Annotation(aid, 0, colour, TextQuote(exact, prefix, suffix), TextPosition(start, end),
                     note, clean_tags(tags), created, modified, bool(orphan),
                     original if original != exact else "")
    return source, ann


def read_file(data: bytes | str, colour_keys: set[str]
              ) -> tuple[list[tuple[str, Annotation]], dict[str, str]]:
    """Every annotation of a file, validated; InvalidFile with every problem otherwise."""
    parsed = parse(decode(data))
    check = _Checker()
    items = _items(parsed, check)
    if len(items) > MAX_ITEMS:
        check.bad("the file", f"holds {len(items):,} annotations; the limit is {MAX_ITEMS:,}")
        items = []
    by_path = _documents(parsed, check)
    found: list[tuple[str, Annotation]] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        got = parse_annotation(item, f"item {n}", colour_keys, check)
        if got is None:
            continue
        if got[1].id in seen:
            check.bad(f"item {n} ({got[1].id[:80]})", f"the same id as item {seen[got[1].id]}")
            continue
        seen[got[1].id] = n
        found.append(got)
    if check.problems:
        count = len(check.problems)
        shown = check.problems[:MAX_PROBLEMS_SHOWN]
        if count > len(shown):
            shown.append(f"... and {count - len(shown):,} more problems")
        raise InvalidFile(f"{count} problem{'s' if count != 1 else ''} in the file; "
                          "nothing was imported", shown)
    return found, by_path


def import_annotations(library: Library, data: bytes | str) -> ImportReport:
    """Merge the annotations of a JSON-LD file into ``library`` (by id: no duplicates), all
    in one transaction; InvalidFile (nothing stored) when any item is unusable."""
    service = library.annotations
    found, by_path = read_file(data, {c.key for c in service.colours()})
    report = ImportReport()
    docs: dict[int, Document] = {}
    todo: list[Annotation] = []
    for source, ann in found:
        doc_id = _find_doc(library, source, by_path.get(source, ""))
        if doc_id is None:
            report.skipped.append(f"{ann.id}: its article is not in this library ({source})")
            continue
        doc = docs.get(doc_id) or docs.setdefault(doc_id, library.get_document(doc_id))
        placed = _placed(ann, doc)
        old = service.find(ann.id)
        if old == placed:
            report.unchanged += 1
            continue
        todo.append(placed)
        report.orphaned += placed.orphan
        report.changed += placed.status == CHANGED
        if old is None:
            report.added += 1
        else:
            report.updated += 1
    if todo:
        service.restore_all(todo)
    return report


def _placed(ann: Annotation, doc: Document) -> Annotation:
    from dataclasses import replace

    anchor = reattach(doc.source_text, ann.quote, ann.position)
    if anchor is None:
        return replace(ann, doc_id=doc.id, orphan=True)
    return replace(ann, doc_id=doc.id).placed(anchor.quote, anchor.position)


def _find_doc(library: Library, source: str, path: str) -> int | None:
    store = library.store
    if source.startswith(DOC_URI):
        found = store.find_by_hash(source[len(DOC_URI):])
        if found is not None:
            return int(found)
    if path:
        found = store.find_by_path(path)
        if found is not None:
            return int(found)
    if source.lower().startswith(("http://", "https://")):  # another tool's annotation
        rows = store.read("SELECT id FROM documents WHERE url = ? LIMIT 2", (source,)).fetchall()
        if len(rows) == 1:
            return int(rows[0][0])
    return None
