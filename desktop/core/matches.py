"""Where a query matches inside one article's clean text, and the snippet shown for a hit.

The clean text is analysed with the index's own analyzer (with character offsets), so a match
is drawn exactly on the words the index matched: stems ("talks" for "talk"), spelling variants
("Organisation" for "organization"), wildcard and fuzzy expansions, and whole phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from typing import Protocol

from desktop.core.model import Snippet, Span, SpanKind
from desktop.core.search import TOKEN_PATTERN, MatchPlan, word_form

_TOKEN = re.compile(TOKEN_PATTERN)
_SPLIT = re.compile(f"({TOKEN_PATTERN})")  # text between tokens, token, text between, ...
SNIPPET_CHARS = 180


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(indexed form, start, end) for every word of ``text``: the analyzer's tokens, with the
    same regular expression and the same cached :func:`word_form`."""
    return [(word_form(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def find_matches(text: str, plan: MatchPlan) -> list[Span]:
    """The spans of ``text`` where ``plan``'s terms and phrases stand, in text order (the
    tokens of :func:`tokens`, found without a Python step per token: see below)."""
    if not plan.terms and not plan.phrases:
        return []
    # The regular expression cuts the text into gaps and tokens in C (``re.split`` scans as
    # ``finditer`` does); each distinct word is normalised once (``map`` over the cached
    # form: no Python step per word either), and only the tokens whose word can match are
    # looked at in Python, their offsets summed from the parts' lengths up to them. A search
    # draws 20 hits of whole articles: normalising every token of each (as ``tokens`` does)
    # was a quarter of the search call.
    parts = _SPLIT.split(text)
    words = parts[1::2]
    distinct = set(words)
    form = dict(zip(distinct, map(word_form, distinct), strict=True))
    firsts = {p[0] for p in plan.phrases if p}
    targets = plan.terms | firsts
    wanted = {w for w, f in form.items() if f in targets}
    if not wanted:
        return []
    lengths = map(len, parts)  # consumed up to each wanted token in turn
    offset = at = 0  # parts[at] starts at ``offset``
    found: set[tuple[int, int]] = set()
    for i in [i for i, w in enumerate(words) if w in wanted]:
        k = 2 * i + 1  # token i is parts[k]
        offset += sum(islice(lengths, k - at))
        at = k
        f = form[words[i]]
        if f in plan.terms:
            found.add((offset, offset + len(words[i])))
        if f in firsts:
            for phrase in plan.phrases:
                n = len(phrase)
                if n and f == phrase[0] and i + n <= len(words) and all(
                        form[words[i + j]] == phrase[j] for j in range(1, n)):
                    found.add((offset, offset + sum(map(len, parts[k:k + 2 * n - 1]))))
    return [Span(s, e, SpanKind.MATCH) for s, e in _drop_nested(sorted(found))]


class NamedSpan(Protocol):
    """An entity mention as matching needs it (consolidate.Mention is one)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def entity(self) -> str: ...


def name_matches(mentions: Iterable[tuple[str, NamedSpan]], plan: MatchPlan) -> list[Span]:
    """The mentions a query's entity fields asked for: ``mentions`` are (field, mention) with
    the field the mention's label is indexed in; a mention matches when the words asked for
    stand, in order, in its written form or in the canonical name it stands for."""
    wanted: dict[str, list[tuple[str, ...]]] = {}
    for field, words in plan.names:
        wanted.setdefault(field, []).append(words)
    found = []
    for field, m in mentions:
        asks = wanted.get(field)
        if not asks:
            continue
        forms = [[w for w, _, _ in tokens(m.text)], [w for w, _, _ in tokens(m.entity)]]
        if any(_holds(form, words) for form in forms for words in asks):
            found.append((m.start, m.end))
    return [Span(s, e, SpanKind.MATCH) for s, e in _drop_nested(sorted(set(found)))]


def merge(*groups: list[Span]) -> list[Span]:
    """Matches from several sources as one list, in text order, overlaps joined."""
    spans = sorted({(m.start, m.end) for group in groups for m in group})
    return [Span(s, e, SpanKind.MATCH) for s, e in _drop_nested(spans)]


def _holds(form: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    return n > 0 and any(tuple(form[i:i + n]) == words for i in range(len(form) - n + 1))


def _drop_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:  # overlaps the previous one: merge
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def make_snippet(text: str, matches: list[Span], width: int = SNIPPET_CHARS) -> Snippet:
    """The ``width``-character window holding the most matches, cut at word boundaries."""
    if not matches:
        head = text[:width]
        cut = head.rfind(" ") if len(text) > width else len(head)
        flat, _ = _one_line(head[: cut if cut > 0 else width], ())
        return Snippet(flat + ("…" if len(text) > width else ""))
    best, best_n, j = 0, 0, 0
    for i, m in enumerate(matches):
        while matches[j].end < m.end - width:
            j += 1
        if i - j + 1 > best_n:
            best, best_n = j, i - j + 1
    first = matches[best]
    start = max(0, first.start - width // 4)
    if start > 0:
        sp = text.find(" ", start, first.start)
        start = sp + 1 if sp != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        sp = text.rfind(" ", first.end, end)
        end = sp if sp != -1 else end
    piece = text[start:end]
    marks = tuple((m.start - start, m.end - start) for m in matches
                  if m.start >= start and m.end <= end)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    flat, marks = _one_line(piece, marks)
    shift = len(prefix)
    return Snippet(prefix + flat + suffix, tuple((s + shift, e + shift) for s, e in marks))


def _one_line(piece: str, marks: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Paragraph breaks become one space; mark offsets follow."""
    out: list[str] = []
    new_pos = [0] * (len(piece) + 1)
    for i, ch in enumerate(piece):
        new_pos[i] = len(out)
        if ch == "\n":
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(ch)
    new_pos[len(piece)] = len(out)
    return "".join(out), tuple((new_pos[s], new_pos[e]) for s, e in marks)
