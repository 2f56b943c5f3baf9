"""One article's place in the story, in words: its family and who had it first (on what
evidence), how much of it is found elsewhere, and the status of each of its quotes. What the
per-article exports (Markdown, HTML, PDF, W3C JSON) print beside the article (pure code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.storymap.pairs import covered
from desktop.core.storymap.quote_groups import QuoteGroup
from desktop.core.storymap.service import QuoteRow, QuoteTable
from desktop.core.storymap.story import StoryMap

TOP_SOURCES = 5  # the articles holding most of this one, listed


@dataclass(frozen=True)
class QuoteStatus:
    text: str  # the quoted words
    speaker: str  # "unknown" when the text names nobody
    start: int  # clean span of the quoted words (first part's start, last part's end)
    end: int
    group: int | None  # the quote's group across articles (None: only in this article)
    others: tuple[int, ...]  # the other articles quoting it
    altered: bool  # these words differ from the group's reference wording
    speakers_differ: bool  # the group attributes the words to different speakers
    changes: tuple[tuple[str, str], ...]  # (reference words, these words), word by word
    status: str  # the whole status in words


@dataclass(frozen=True)
class Partner:
    doc: int
    label: str  # "#3 (Reuters)"
    share: float  # of this article found in that one


@dataclass(frozen=True)
class ArticleStory:
    doc: int
    family: tuple[int, ...]  # the members of its family (itself included); () when in none
    labels: dict[int, str]  # doc -> "#3 (Reuters)" for every article named here
    first: int | None  # who had the family's text first (None: unknown)
    evidence: str  # what that call rests on
    shared: float  # share of this article's text found in other articles
    partners: tuple[Partner, ...]  # the articles holding most of it, most first
    quotes: tuple[QuoteStatus, ...]

    def family_line(self) -> str:
        """"Family of 5 articles: #1 (AFP), #3 (Reuters)…" or why there is none."""
        if not self.family:
            return "In no family: it shares no passage word for word or edited with another article."
        others = [self.labels.get(d, f"#{d}") for d in self.family if d != self.doc]
        return f"Family of {len(self.family)} articles; with {', '.join(others)}."

    def first_line(self) -> str:
        if not self.family:
            return ""
        if self.first is None:
            why = self.evidence if self.evidence.startswith("unknown") else f"unknown ({self.evidence})"
            return f"Who had it first: {why}."
        who = "this article" if self.first == self.doc else self.labels.get(self.first, f"#{self.first}")
        return f"First: {who} — {self.evidence}."

    def shared_line(self) -> str:
        if not self.partners:
            return "No passage of it is found in another article."
        top = ", ".join(f"{p.share:.0%} in {p.label}" for p in self.partners)
        return f"{self.shared:.0%} of its text is found in other articles ({top})."


def _quote_status(row: QuoteRow, labels: dict[int, str]) -> QuoteStatus:
    q, g = row.quote, row.group
    start, end = q.parts[0][0], q.parts[-1][1]
    speaker = q.speaker.name or "unknown"
    if g is None:
        return QuoteStatus(row.text, speaker, start, end, None, (), False, False, (),
                           "only in this article")
    k = next(i for i, it in enumerate(g.items) if it.doc == row.doc and it.index == row.n)
    changes = tuple((c.before, c.after) for c in g.changes[k])
    others = tuple(d for d in g.docs if d != row.doc)
    status = _status(g, others, changes, labels)
    return QuoteStatus(row.text, speaker, start, end, g.id, others, bool(changes),
                       g.speakers_differ, changes, status)


def _status(g: QuoteGroup, others: tuple[int, ...], changes: tuple[tuple[str, str], ...],
            labels: dict[int, str]) -> str:
    n = len(others)
    where = f"{n} other article{'s' if n != 1 else ''}"
    ref = g.items[g.reference].doc
    if changes:
        words = "; ".join(_change(a, b) for a, b in changes[:4])
        text = f"worded differently from {labels.get(ref, f'#{ref}')}: {words} (quoted in {where})"
    elif g.altered:
        changed = sorted({g.items[i].doc for i, c in enumerate(g.changes) if c})
        names = ", ".join(labels.get(d, f"#{d}") for d in changed[:6]) + ("…" if len(changed) > 6 else "")
        text = f"quoted in {where}; {len(changed)} word it differently ({names})"
    else:
        text = f"same words in {where}"
    if g.speakers_differ:
        text += "; attributed to " + " / ".join(g.speaker_names())
    return text


def _change(before: str, after: str) -> str:
    if not before:
        return f"adds “{after}”"
    if not after:
        return f"leaves out “{before}”"
    return f"“{before}” → “{after}”"


def article_stories(smap: StoryMap, table: QuoteTable, doc_ids: Iterable[int]) -> dict[int, ArticleStory]:
    """The story of each article of ``doc_ids`` found in ``smap``."""
    wanted = [d for d in doc_ids if d in smap.articles]
    chosen = set(wanted)
    labels = {d: a.info.label() for d, a in smap.articles.items()}  # one dict, shared
    partners: dict[int, list[Partner]] = {d: [] for d in wanted}
    for p in smap.pairs:
        for doc, other in ((p.a, p.b), (p.b, p.a)):
            if doc in chosen:
                partners[doc].append(Partner(other, labels.get(other, f"#{other}"), p.share_of(doc)))
    spans: dict[int, list[tuple[int, int]]] = {d: [] for d in wanted}
    for k in smap.links:
        for end in (k.a, k.b):
            if end.doc in chosen:
                spans[end.doc].append((end.start, end.end))
    out: dict[int, ArticleStory] = {}
    for doc in wanted:
        art = smap.articles[doc]
        fam = smap.family_of(doc)
        call = smap.family_call(fam) if fam is not None else None
        mine = sorted(partners[doc], key=lambda p: (-p.share, p.doc))
        shared = min(1.0, covered(spans[doc]) / max(1, len(art.text)))
        quotes = tuple(_quote_status(r, labels) for r in table.of_doc(doc))
        out[doc] = ArticleStory(doc, tuple(fam.docs) if fam else (), labels,
                                call.first if call else None, call.evidence if call else "",
                                shared, tuple(mine[:TOP_SOURCES]), quotes)
    return out
