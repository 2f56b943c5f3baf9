"""What the model reads: each block cut at its real line breaks, shouting lines truecased.

Cleanup joins the lines of a block with spaces, so a model reading the clean block sees a
name on one line and a word on the next as one phrase ("Phillip" / "Phillip" becomes the
person "Phillip Phillip"). The source still holds the line breaks (the offset map says where
each clean space came from), so the model is given each block line by line, except where a
line was only wrapped: a long line that does not end a sentence goes on into the next (a PDF
hard wrap inside "Narendra / Modi" stays one name).

All-capitals lines (headlines, datelines such as "MOSCOW (Reuters) -") carry no case signal
and the model misses or mislabels their names. Such a line is read from a *truecased copy*:
each word takes the form the same article writes elsewhere ("PUTIN" -> "Putin", "AND" ->
"and"), else a common word is lower case and any other word capitalised. Only the case of
single characters changes, never the length, so offsets in the copy are offsets in the clean
text: nothing needs mapping back.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from desktop.core.model import BlockKind, Document

WRAP_MIN = 30  # a line shorter than this is a line of its own, not a wrapped one
WRAP_RATIO = 0.6  # ... and so is one shorter than this share of the block's longest line
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]|\.(?=\w))*")
_DATELINE = re.compile(r"^((?:[A-Z][A-Z.'’-]+[ ,]+){0,3}[A-Z][A-Z.'’-]+)(?=\s*(?:\(|—|–|-\s|,|:))")
_OPENERS = ".!?:\"“‘(«—"  # after these a capital may only open a sentence or a quote
_TITLE_BLOCKS = {BlockKind.HEADLINE, BlockKind.SUBHEADING, BlockKind.RELATED}


@dataclass(frozen=True)
class Piece:
    """A stretch of one block as the model reads it: clean offset, text (same length as the
    clean text there, maybe truecased), and whether capitals there carry no weight."""

    start: int
    text: str
    titlecase: bool


def model_pieces(doc: Document) -> list[Piece]:
    """The pieces of every block of ``doc``, in text order."""
    text = doc.clean.text
    breaks = line_breaks(doc)
    lines: list[tuple[int, int, str, bool]] = []
    for block in doc.clean.blocks:
        for s, e in block_lines(text, block.start, block.end, breaks):
            lines.append((s, e, block.label, is_shouting(text[s:e])))
    casing = CaseEvidence()
    if any(shout or _DATELINE.match(text[s:e]) for s, e, _, shout in lines):
        for s, e, _, shout in lines:  # only read when some line needs it
            if not shout:
                casing.add(text[s:e])
    out = []
    for s, e, kind, shout in lines:
        line = text[s:e]
        if shout:
            line = casing.truecase(line)
            out.append(Piece(s, _same_length(line[:1], line[:1].upper()) + line[1:], True))
            continue
        m = _DATELINE.match(line)
        if m and sum(c.isalpha() for c in m.group(1)) >= 3:
            line = casing.truecase(m.group(1)) + line[m.end(1):]
        out.append(Piece(s, line, is_titlecase(kind, line)))
    return out


def structural_breaks(doc: Document) -> list[int]:
    """Clean offsets of the line breaks no name may cross (every line break but a wrap)."""
    text, breaks = doc.clean.text, line_breaks(doc)
    out = []
    for block in doc.clean.blocks:
        out += [e for _, e in block_lines(text, block.start, block.end, breaks) if e < block.end]
    return out


def line_breaks(doc: Document) -> list[int]:
    """Clean offsets of the spaces that stand for a line break of the source (in order)."""
    src, text, offsets = doc.source_text, doc.clean.text, doc.clean.offsets
    out: list[int] = []
    pos = src.find("\n")
    while pos >= 0:
        q = offsets.to_clean(pos)
        for c in (q, q - 1):
            if 0 <= c < len(text) and text[c] == " " and \
                    offsets.to_source_start(c) <= pos < offsets.to_source_end(c + 1):
                if not out or out[-1] != c:
                    out.append(c)
                break
        pos = src.find("\n", pos + 1)
    return out


def block_lines(text: str, start: int, end: int, breaks: list[int]) -> Iterator[tuple[int, int]]:
    """The block [start, end) cut at its line breaks, except where a line was wrapped."""
    inside = breaks[bisect_left(breaks, start):bisect_right(breaks, end - 1)]
    if not inside:
        yield start, end
        return
    bounds = [start, *inside, end]
    spans = [(bounds[0], bounds[1])] + [(a + 1, b) for a, b in pairwise(bounds[1:])]
    longest = max(b - a for a, b in spans)
    s = spans[0][0]
    for (a, b), nxt in zip(spans, [*spans[1:], None], strict=True):
        if nxt is not None and _wrapped(text[a:b], longest):
            continue
        yield s, b
        if nxt is not None:
            s = nxt[0]


def _wrapped(line: str, longest: int) -> bool:
    return len(line) >= max(WRAP_MIN, WRAP_RATIO * longest) and not _SENTENCE_END.search(line)


def is_shouting(line: str) -> bool:
    """All capitals: at least two words and six capital letters, no lower-case word."""
    if len(line) > 200 and any(c.islower() for c in line[:200]):
        return False  # quick no for a long line of prose
    words = _WORD.findall(line)
    upper = sum(c.isupper() for c in line)
    lower = sum(c.islower() for c in line)
    return len(words) >= 2 and upper >= 6 and lower <= 0.1 * (upper + lower)


def is_titlecase(kind: str, text: str) -> bool:
    """Headline style: capitals there say little about names ("Xi Set to Meet")."""
    if kind in _TITLE_BLOCKS:
        return True
    text = text.strip()
    if len(text) > 150 or text[-1:] in ".!?\"”’:":
        return False
    words = [w for w in text.split() if len(w) >= 4 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


class CaseEvidence:
    """How an article writes each word where it does not shout."""

    def __init__(self) -> None:
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, text: str) -> None:
        for m in _WORD.finditer(text):
            word = m.group()
            # a capital after a sentence end says nothing about the word itself
            before = text[max(0, m.start() - 4):m.start()].rstrip()
            start = not before or before[-1] in _OPENERS
            self.forms[word.lower()][word] += 1 if not start or word.isupper() else 0

    def truecase(self, text: str) -> str:
        out = []
        pos = 0
        for m in _WORD.finditer(text):
            out.append(text[pos:m.start()])
            out.append(_same_length(m.group(), self.best(m.group())))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)

    def best(self, word: str) -> str:
        forms = Counter({f: n for f, n in self.forms.get(word.lower(), Counter()).items() if n})
        if forms:
            # the article's own mixed-case form beats its capitals ("MOSCOW (Reuters)")
            mixed = Counter({f: n for f, n in forms.items() if not f.isupper()})
            forms = mixed or forms
            return max(forms, key=lambda f: (forms[f], f.islower()))
        low = word.lower()
        if low in _stop_words():
            return low
        if len(word) <= 3 and word.isupper():
            return word  # an unknown short all-capitals word is an initialism ("EU", "UN")
        return word[:1].upper() + word[1:].lower()


def _same_length(original: str, form: str) -> str:
    """``form``'s case on ``original``'s characters, character by character (length kept)."""
    if len(form) != len(original):
        return original
    return "".join(f if f.lower() == o.lower() and len(f) == 1 else o
                   for o, f in zip(original, form, strict=True))


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
