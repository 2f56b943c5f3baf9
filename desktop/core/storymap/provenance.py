"""Who had the text first, and the direction of copying, each call with the evidence it rests
on (pure code).

Three kinds of evidence, strongest first:

1. **Dates** (the stored publication date and time, which the user can correct): one article
   is first when its date ends before every other begins. A date without a time covers the
   whole day, so two articles of the same day without times are a tie that dates cannot break.
2. **Wire credits** in the text: a dateline ``MOSCOW (AFP) —``, a credit line (``— AFP``,
   ``With Reuters``, ``Source: AP``, ``Additional reporting by Reuters``), ``AFP reported``.
   An article crediting an agency took the text from it: when another member of the family is
   that agency's own (its outlet or address), that one is first; when none is, the text came
   from outside the library. "told Reuters" and photo credits in captions are not credits.
3. **The text itself**: of the copies of a passage, the one that holds it whole while the
   others trim or add to it. With three or more copies that is the copy closest to all the
   others (the version most of them share: an addition found in one copy only was added
   there); with two, the longer one when the shorter is a trimmed version of it.

"unknown" when none of these says anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from desktop.core.model import Span

AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: (pattern naming it in a credit, its own web domains)
    "AFP": (r"AFP|Agence France[- ]Presse", ("afp.com",)),
    "Reuters": (r"Reuters", ("reuters.com",)),
    "AP": (r"AP|Associated Press", ("apnews.com", "ap.org")),
    "dpa": (r"dpa|Deutsche Presse-Agentur", ("dpa.com",)),
    "Xinhua": (r"Xinhua", ("xinhuanet.com", "news.cn")),
    "TASS": (r"TASS", ("tass.com", "tass.ru")),
    "EFE": (r"EFE", ("efe.com",)),
    "ANSA": (r"ANSA", ("ansa.it",)),
    "PTI": (r"PTI|Press Trust of India", ("ptinews.com",)),
    "ANI": (r"ANI", ("aninews.in",)),
    "UPI": (r"UPI", ("upi.com",)),
    "Kyodo": (r"Kyodo", ("kyodonews.net",)),
    "Yonhap": (r"Yonhap", ("yna.co.kr",)),
    "PA": (r"PA Media|Press Association", ("pamediagroup.com",)),
    "Bloomberg": (r"Bloomberg", ("bloomberg.com",)),
}
CREDIT_BLOCKS = frozenset({"headline", "paragraph", "subheading"})
_DATELINE = r"^[A-Z][A-Za-z .,'’-]{{1,40}}\(({a})\)\s*[-—–:]"
_LINE = (r"^\s*(?:[-—–]\s*|(?i:with|source|sources|via|by|from|additional reporting by|"
         r"reporting by|written by|compiled by)[:\s]+)(?:[\w .,&'’-]*?\b)?({a})\b[\w .,;'’()-]*$")
_REUTERS_BYLINE = re.compile(r"\((?:Additional )?[Rr]eporting by [^)]*[Ee]diting by [^)]*\)")
_PAREN = r"\(({a})\)"
_NOT_CREDIT = re.compile(r"\b(?:told|tells|telling|Getty|Photo|photo|Image|Picture|EPA)\b")


@dataclass(frozen=True)
class Credit:
    agency: str
    how: str  # dateline | credit line
    text: str  # the words that say it


@dataclass(frozen=True)
class DocInfo:
    id: int
    title: str
    source: str  # outlet
    url: str
    date: str  # as stored (ISO 8601 when known)
    credits: tuple[Credit, ...] = ()

    @property
    def agency(self) -> str:
        """The agency this article belongs to ('' when none): its outlet or web address."""
        return agency_of(self.source, self.url)

    def label(self) -> str:
        return f"#{self.id}" + (f" ({self.source})" if self.source else "")


@dataclass(frozen=True)
class Call:
    first: int | None  # the article that had it first
    evidence: str  # what the call rests on, in words
    basis: str  # date | credit | text | none


UNKNOWN = Call(None, "unknown: no dates, no wire credit, and the text does not tell", "none")


def agency_of(source: str, url: str) -> str:
    host = urlsplit(url).hostname or "" if url else ""
    for name, (pattern, domains) in AGENCIES.items():
        if host and any(host == d or host.endswith("." + d) for d in domains):
            return name
        if source and re.fullmatch(rf"(?:{pattern})(?: news(?: agency)?)?", source.strip(), re.I):
            return name
    return ""


# plain words to look for before any pattern runs (a substring test is C-fast)
_HINTS = {name: tuple(alt.split("[")[0] for alt in pattern.split("|"))
          for name, (pattern, _) in AGENCIES.items()}
_HINTS["Reuters"] += ("diting by",)


def credits_in(text: str, blocks: Sequence[Span]) -> tuple[Credit, ...]:
    """The wire agencies an article's own text credits (not captions, not "told Reuters")."""
    named = [n for n, hints in _HINTS.items() if any(h in text for h in hints)]
    if not named:
        return ()
    found: dict[str, Credit] = {}
    for block in blocks:
        if str(block.label) not in CREDIT_BLOCKS:
            continue
        para = text[block.start:block.end]
        short = len(para.split()) <= 14
        for name in named:
            if name in found or not any(h in para for h in _HINTS[name]):
                continue
            credit = _credit(para, AGENCIES[name][0], short)
            if credit is None and name == "Reuters" and _REUTERS_BYLINE.search(para):
                credit = "credit line", _REUTERS_BYLINE.search(para).group()  # type: ignore[union-attr]
            if credit is not None:
                found[name] = Credit(name, *credit)
    return tuple(found.values())


def _credit(para: str, pattern: str, short: bool) -> tuple[str, str] | None:
    m = re.search(_DATELINE.format(a=pattern), para)
    if m:
        return "dateline", m.group().strip()
    if short:
        m = re.search(_LINE.format(a=pattern), para)
        if m and not _NOT_CREDIT.search(para):
            return "credit line", para.strip()
        m = re.search(_PAREN.format(a=pattern), para)
        if m and not _NOT_CREDIT.search(para):
            return "credit line", para.strip()
    # "according to AFP", "AFP reported": a claim attributed to an agency, inside a sentence,
    # says where a fact came from, not who wrote the text: no credit
    return None


# -- dates --------------------------------------------------------------------------------------
def when(date: str) -> tuple[datetime, datetime] | None:
    """The span of time a stored date stands for: a whole day without a time; naive times are
    taken as UTC."""
    date = (date or "").strip()
    if not date:
        return None
    try:
        if len(date) <= 10:
            day = datetime.fromisoformat(date[:10]).replace(tzinfo=UTC)
            return day, day + timedelta(days=1)
        moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment, moment + timedelta(seconds=1)


def _shown(date: str) -> str:
    return date.replace("T", " ")[:16]


def by_date(docs: Sequence[DocInfo]) -> Call | None:
    """The article published strictly before every other dated one, if any."""
    dated = [(d, w) for d in docs if (w := when(d.date)) is not None]
    if len(dated) < 2:
        return None
    dated.sort(key=lambda x: x[1][0])
    (first, (_, end)), (second, (start2, _)) = dated[0], dated[1]
    undated = len(docs) - len(dated)
    extra = f"; {undated} without a date" if undated else ""
    if end <= start2:
        return Call(first.id, f"published first: {first.label()} on {_shown(first.date)}, before "
                    f"{second.label()} on {_shown(second.date)}{extra}", "date")
    ties = [d for d, w in dated if w[0] < end]
    return Call(None, "same day, no times: " + ", ".join(f"{d.label()} {_shown(d.date)}"
                                                          for d in ties) + extra, "none")


def by_credit(docs: Sequence[DocInfo]) -> Call | None:
    """A member credits an agency; the member that is that agency's own is first."""
    credited: dict[str, list[DocInfo]] = {}
    for d in docs:
        for c in d.credits:
            credited.setdefault(c.agency, []).append(d)
    for agency, crediting in sorted(credited.items(), key=lambda kv: -len(kv[1])):
        own = [d for d in docs if d.agency == agency]
        who = ", ".join(d.label() for d in crediting)
        quote = next(c.text for c in crediting[0].credits if c.agency == agency)
        if own:
            how = "outlet" if agency_of(own[0].source, "") == agency else "address"
            return Call(own[0].id, f"{who} credit{'s' if len(crediting) == 1 else ''} {agency} "
                        f"(“{_short(quote)}”); #{own[0].id} is {agency}'s own story (its {how})",
                        "credit")
        return Call(None, f"the text comes from {agency}, which is not in this library: "
                    f"{who} credit{'s' if len(crediting) == 1 else ''} it (“{_short(quote)}”)",
                    "credit")
    return None


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# -- the text ----------------------------------------------------------------------------------
TRIM_WORDS = 5  # words one copy must have beyond another to count as holding it whole
_PUNCT = str.maketrans({c: " " for c in ".,;:!?\"“”‘’()[]—–-…/"})


def _unmatched(x: frozenset[str], y: frozenset[str]) -> tuple[int, int]:
    """Words of x missing from y and of y missing from x (as sets of words: order is the
    aligner's business; here only what one copy has and the other lacks counts)."""
    return len(x - y), len(y - x)


def by_text(copies: Sequence[tuple[int, str]]) -> tuple[int | None, str]:
    """(article holding the passage whole, why) from copies of one passage (doc, its text)."""
    bags = [(doc, frozenset(text.lower().translate(_PUNCT).split())) for doc, text in copies]
    bags = [b for b in bags if b[1]]
    if len(bags) == 2:
        (da, wa), (db, wb) = bags
        ua, ub = _unmatched(wa, wb)
        if ua >= TRIM_WORDS and ub <= 1:
            return da, f"#{da} holds the passage whole; #{db} has it trimmed ({ua} words fewer)"
        if ub >= TRIM_WORDS and ua <= 1:
            return db, f"#{db} holds the passage whole; #{da} has it trimmed ({ub} words fewer)"
        return None, ""
    if len(bags) < 2:
        return None, ""
    cost = [sum(sum(_unmatched(wi, wj)) for j, (_, wj) in enumerate(bags) if j != i)
            for i, (_, wi) in enumerate(bags)]
    order = sorted(range(len(bags)), key=lambda i: cost[i])
    best, runner = order[0], order[1]
    if cost[best] == cost[runner] or cost[best] == 0:
        return None, ""
    doc = bags[best][0]
    others = [b for k, b in enumerate(bags) if k != best]
    notes = []
    for d, w in others[:4]:
        extra, missing = _unmatched(w, bags[best][1])
        change = " and ".join(x for x in (f"adds {extra} words" if extra else "",
                                          f"drops {missing}" if missing else "") if x)
        notes.append(f"#{d} {change or 'is the same'}")
    return doc, (f"#{doc} holds the passage as most copies have it ({'; '.join(notes)}"
                 f"{'; …' if len(others) > 4 else ''})")


def decide(docs: Sequence[DocInfo],
           text: Callable[[], tuple[int | None, str]] = lambda: (None, "")) -> Call:
    """Who was first among ``docs`` and why: dates, then credits, then the text (``text`` is
    only asked when dates and credits say nothing: comparing copies costs the most)."""
    date = by_date(docs)
    credit = by_credit(docs)
    if date is not None and date.first is not None:
        notes = [date.evidence]
        if credit is not None and credit.first not in (None, date.first):
            notes.append(f"but {credit.evidence}")
        elif credit is not None and credit.first == date.first:
            notes.append(f"the credits agree: {credit.evidence}")
        return Call(date.first, "; ".join(notes), "date")
    if credit is not None:
        if credit.first is not None and date is not None:
            return Call(credit.first, f"{credit.evidence}; dates do not decide ({date.evidence})",
                        credit.basis)
        return credit
    first, why = text()
    if first is not None:
        tie = f" ({date.evidence})" if date is not None else ""
        return Call(first, f"from the text: {why}{tie}", "text")
    if date is not None:
        return Call(None, f"unknown: {date.evidence}; no wire credit, and the text does not tell",
                    "none")
    return UNKNOWN
