"""Everything the story-map view shows, as plain rows worked out off the GUI thread.

Filling the view used to build tree items, sort proxies and tool tips on the GUI thread
(1.2–1.3 s for 989 articles and 2,953 quotes, during which the window froze). Now a background
task turns a :class:`MapSnapshot` into :class:`ViewRows` (display text, sort keys, tool tips
and what a click acts on, for every row of every tab), and the GUI thread only hands them to
its models (gui/storymap_models.py): a model reset and a sort of Python lists.

No Qt object is made or touched here: this module runs on a worker thread. Tool tips are kept
as plain text; the models escape them when shown (``safe_tooltip``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.model import Cancelled, never_cancelled
from desktop.core.storymap.clusters import Cluster
from desktop.core.storymap.pairs import KINDS, PairShare
from desktop.core.storymap.provenance import Call
from desktop.core.storymap.service import QuoteRow
from desktop.core.storymap.shapes import item_index
from desktop.core.storymap.snapshot import MapSnapshot, Stale
from desktop.gui.models import display_date

BASIS = {"date": " — by date", "credit": " — by wire credit", "text": " — by the text"}
SortKey = str | int | float
CHECK_EVERY = 200  # rows between two looks at ``cancelled``


@dataclass(frozen=True)
class Row:
    """One row: its text per column, its sort key per column, a plain tool tip (all
    columns), and what a click on it acts on."""

    cells: tuple[str, ...]
    keys: tuple[SortKey, ...]
    tip: str = ""
    data: object = None


@dataclass(frozen=True)
class FamilyNode:
    row: Row  # data: ("family", n) or ("alone", 0)
    members: tuple[Row, ...]  # data: ("doc", id)
    pairs: tuple[Row, ...]  # data: (a, b)
    detail: str


@dataclass(frozen=True)
class PassageNode:
    row: Row  # data: the cluster's id
    cluster: Cluster
    detail: str
    copies: tuple[Row, ...]  # data: the copy's article


@dataclass(frozen=True)
class QuoteLine:
    row: Row  # data: the QuoteRow
    changes: tuple[tuple[str, str], ...]  # word changes against the wording most use
    changed: bool  # wording or speaker differs between articles
    alert: bool  # this quotation's own wording or its speaker differs (status shown in red)
    hay: str  # what the filter box searches (article, speaker, quotation), lower case


@dataclass(frozen=True)
class Heading:
    """A matrix header: the short label, the row label and the tool tip."""

    column: str
    row: str
    tip: str


@dataclass(frozen=True)
class ViewRows:
    snap: MapSnapshot
    title: str
    summary: str
    families: tuple[FamilyNode, ...]
    where: dict[int, tuple[int, int]]  # article -> (family row, member row)
    pairs: tuple[Row, ...]  # data: PairShare
    passages: tuple[PassageNode, ...]
    quotes: tuple[QuoteLine, ...]
    orders: dict[str, tuple[int, ...]]  # matrix orders of the articles
    shares: dict[tuple[int, int], PairShare] = field(default_factory=dict)  # (a, b), a < b
    headings: dict[int, Heading] = field(default_factory=dict)
    dated: bool = False  # some article of the map has a date (else the date column is hidden)


def first_of(snap: MapSnapshot, call: Call | None) -> str:
    """Who had the text first, in a few words: an article, a wire outside the library, or
    unknown (the evidence says which and why)."""
    if call is None:
        return "unknown"
    if call.first is not None:
        return snap.label(call.first)
    return "outside the library" if call.basis == "credit" else "unknown"


def clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def pct(x: float) -> str:
    return f"{x:.0%}" if x >= 0.005 else "—"


class _Checker:
    def __init__(self, cancelled: Cancelled) -> None:
        self.cancelled, self.n = cancelled, 0

    def tick(self) -> None:
        self.n += 1
        if self.n % CHECK_EVERY == 0 and self.cancelled():
            raise Stale("a newer story map was asked for")


def view_rows(snap: MapSnapshot, cancelled: Cancelled = never_cancelled) -> ViewRows:
    """Every row of every tab of the view for ``snap`` (Stale when cancelled meanwhile)."""
    check = _Checker(cancelled)
    families, where = _families(snap, check)
    pairs = tuple(_pair_row(snap, p, check) for p in snap.smap.pairs)
    passages = tuple(_passage(snap, c, check) for c in snap.passages)
    quotes = tuple(_quote(snap, r, check) for r in snap.table.rows)
    headings = {d: _heading(snap, d) for d in snap.smap.articles}
    return ViewRows(snap, f"Story map of {snap.scope.label}", snap.summary(), families, where,
                    pairs, passages, quotes, _orders(snap), {(p.a, p.b): p for p in snap.smap.pairs},
                    headings, any(a.info.date for a in snap.smap.articles.values()))


# -- families ------------------------------------------------------------------------------------
def _families(snap: MapSnapshot,
              check: _Checker) -> tuple[tuple[FamilyNode, ...], dict[int, tuple[int, int]]]:
    smap = snap.smap
    nodes: list[FamilyNode] = []
    where: dict[int, tuple[int, int]] = {}
    for n, (f, call) in enumerate(zip(smap.families, snap.family_calls, strict=True)):
        best: dict[int, float] = {}
        for p in f.pairs:
            best[p.a] = max(best.get(p.a, 0.0), p.a_in_b)
            best[p.b] = max(best.get(p.b, 0.0), p.b_in_a)
        members = []
        for m, d in enumerate(f.docs):
            check.tick()
            where[d] = (n, m)
            members.append(_member(snap, d, best.get(d, 0.0), "first" if d == call.first else ""))
        first = first_of(snap, call)
        head = f"Family {n + 1} · {len(f.docs)} articles"
        row = Row((head, "", "", f"{first}{BASIS.get(call.basis, '')}"),
                  (n, "", 0.0, first), call.evidence, ("family", n))
        detail = (f"Family {n + 1}: {len(f.docs)} articles joined by reuse.\n\nWho had it first: "
                  f"{first}\nEvidence ({call.basis}): {call.evidence}")
        nodes.append(FamilyNode(row, tuple(members), tuple(_family_pair(snap, p) for p in f.pairs), detail))
    alone = snap.unfamilied()
    if alone:
        members = []
        for m, d in enumerate(alone):
            check.tick()
            where[d] = (len(nodes), m)
            members.append(_member(snap, d, None, ""))
        row = Row((f"In no family · {len(alone)} articles", "", "", ""), (len(nodes), "", 0.0, ""),
                  "", ("alone", 0))
        nodes.append(FamilyNode(row, tuple(members), (), "These articles share no passage word for "
                                "word or edited with another article of the map."))
    return tuple(nodes), where


def _member(snap: MapSnapshot, d: int, share: float | None, role: str) -> Row:
    info = snap.smap.articles[d].info
    name = f"{snap.label(d)} — {info.title}" if info.title else snap.label(d)
    date = display_date(info.date) if info.date else "no date"
    return Row((name, date, "" if share is None else f"{share:.0%}", role),
               (name.lower(), info.date or "9999", share or 0.0, role),
               f"#{d} {info.title}\nDouble-click to read it.", ("doc", d))


def _family_pair(snap: MapSnapshot, p: PairShare) -> Row:
    counts = ", ".join(f"{k} {v}" for k, v in p.passages.items() if v)
    return Row((snap.label(p.a), snap.label(p.b), f"{p.a_in_b:.0%}", f"{p.b_in_a:.0%}", counts),
               (p.a, p.b, p.a_in_b, p.b_in_a, sum(p.passages.values())),
               "Click to compare the two", (p.a, p.b))


# -- pairs and matrix ------------------------------------------------------------------------------
def _pair_row(snap: MapSnapshot, p: PairShare, check: _Checker) -> Row:
    check.tick()
    call = snap.pair_call(p)
    kinds = [max(p.a_by_kind.get(str(k), 0.0), p.b_by_kind.get(str(k), 0.0)) for k in KINDS]
    first = "…" if call is None else first_of(snap, call)
    evidence = call.evidence if call else "not worked out for this pair (below the top 2,000)"
    n = sum(p.passages.values())
    la, lb = snap.label(p.a), snap.label(p.b)
    counts = ", ".join(f"{v} {k}" for k, v in p.passages.items() if v)
    tip = (f"{la} ↔ {lb}\n{p.a_in_b:.0%} of {la} is in {lb}; {p.b_in_a:.0%} of {lb} is in {la}\n"
           f"{counts}\nFirst: {(call.evidence if call else '') or 'unknown'}\n\nClick to compare the two.")
    return Row((la, lb, pct(p.a_in_b), pct(p.b_in_a), *(pct(k) for k in kinds), str(n),
                f"{p.longest:,} chars", first, evidence),
               (p.a, p.b, p.a_in_b, p.b_in_a, *kinds, n, p.longest, first, evidence), tip, p)


def _orders(snap: MapSnapshot) -> dict[str, tuple[int, ...]]:
    arts = snap.smap.articles
    date = {d: a.info.date or "9999" for d, a in arts.items()}
    total: dict[int, float] = dict.fromkeys(arts, 0.0)
    for p in snap.smap.pairs:
        total[p.a] += p.a_in_b
        total[p.b] += p.b_in_a
    family: list[int] = []
    for f in snap.smap.families:
        family += sorted(f.docs, key=lambda d: (date[d], d))
    return {"family": tuple(family + snap.unfamilied()),
            "date": tuple(sorted(arts, key=lambda d: (date[d], d))),
            "shared": tuple(sorted(arts, key=lambda d: (-total[d], d))),
            "id": tuple(sorted(arts))}


def _heading(snap: MapSnapshot, d: int) -> Heading:
    info = snap.smap.articles[d].info
    when = display_date(info.date) if info.date else "no date"
    return Heading(f"#{d}", f"#{d} {info.source}".strip(), f"{snap.label(d)} · {when}\n{info.title}")


# -- passages --------------------------------------------------------------------------------------
def _passage(snap: MapSnapshot, c: Cluster, check: _Checker) -> PassageNode:
    check.tick()
    smap, ref = snap.smap, c.reference
    call = snap.passage_calls.get(c.id)
    text = smap.articles[ref.doc].text[ref.start:ref.end]
    first = first_of(snap, call)
    row = Row((f"Passage {c.id}", str(len(c.docs)), first, clip(text, 160)),
              (c.id, len(c.docs), first, text[:200]), clip(text, 600), c.id)
    detail = (f"In {len(c.docs)} articles. Who had it first: {first}\nEvidence: "
              f"{call.evidence if call else 'unknown'}\n\n{snap.label(ref.doc)}:\n{text}")
    copies = []
    for cp in c.copies:
        body = smap.articles[cp.doc].text[cp.start:cp.end]
        para = smap.paragraph(cp.doc, cp.start)
        what = ("Click to read it in its article." if cp is ref
                else "Click to compare it with the reference copy.")
        copies.append(Row((snap.label(cp.doc), f"¶{para}", cp.kind, clip(body, 200)),
                          (snap.label(cp.doc).lower(), para, cp.kind, body[:200]),
                          f"{clip(body, 600)}\n\n{what}", cp.doc))
    return PassageNode(row, c, detail, tuple(copies))


# -- quotes ----------------------------------------------------------------------------------------
def _status(row: QuoteRow, changed_here: bool) -> str:
    """This quotation's status: its own wording against the one most articles use."""
    g = row.group
    if g is None:
        return "only in this article"
    text = "worded differently" if changed_here else "usual wording" if g.altered else "same words"
    return text + (" · speakers differ" if g.speakers_differ else "")


def _quote(snap: MapSnapshot, r: QuoteRow, check: _Checker) -> QuoteLine:
    check.tick()
    g = r.group
    changes = () if g is None else tuple((c.before, c.after) for c in g.changes[item_index(g, r)])
    speaker = r.quote.speaker.name or "unknown"
    n = len(g.docs) if g else 1
    words = " ".join(r.text.split())
    label = snap.label(r.doc)
    where = f"{r.doc:09d}{r.n:06d}"
    group = f"0{g.id:09d}{where}" if g is not None else f"1{where}"
    status = _status(r, bool(changes))
    diff = "; ".join(f"{a} → {b}" for a, b in changes)
    cells = (f"Q{g.id}" if g else "", label, status, "", speaker,
             f"{n} article{'s' if n != 1 else ''}", words)
    keys = (group, where, status, diff, speaker, n, words)
    who = speaker + (f" (“{r.quote.speaker.pronoun}”)" if r.quote.speaker.pronoun else "")
    lines = [f"“{words}”", f"— {who} ({r.quote.speaker.how or 'no attribution'})", f"in {label}"]
    if g is not None:
        ref = g.items[g.reference]
        lines.append(f"Also in {', '.join(snap.label(d) for d in g.docs if d != r.doc)}")
        if g.altered:
            lines.append(f"Wording most use ({snap.label(ref.doc)}): “{' '.join(ref.text.split())}”")
        if g.speakers_differ:
            lines.append("Attributed to " + " / ".join(g.speaker_names()))
    lines.append("\nClick to read it in the article.")
    changed = bool(g and (g.altered or g.speakers_differ))
    alert = bool(g is not None and (changes or g.speakers_differ))
    return QuoteLine(Row(cells, keys, "\n".join(lines), r), changes, changed, alert,
                     f"{label} {speaker} {words}".lower())
