"""How bench/make_bench.py reworks one article the way a second outlet would (no I/O).

``rework`` returns the pieces of the new article in order; each knows which source
paragraph it came from (``src_para``, -1 for a foreign paragraph) and its gold kind.
Word edits avoid a paragraph's first and last word so the gold boundaries stay exact.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

BRITISH = {
    "organization": "organisation", "organizations": "organisations", "organized": "organised",
    "recognized": "recognised", "recognize": "recognise", "center": "centre", "color": "colour",
    "defense": "defence", "toward": "towards", "program": "programme", "labor": "labour",
    "favor": "favour", "analyze": "analyse", "realized": "realised", "criticized": "criticised",
    "apologized": "apologised", "emphasized": "emphasised", "authorized": "authorised",
    "neighboring": "neighbouring", "traveled": "travelled", "canceled": "cancelled",
}
SYNONYMS = {
    "said": "stated", "says": "states", "announced": "declared", "people": "persons",
    "large": "big", "big": "large", "major": "significant", "began": "started",
    "started": "began", "help": "assist", "killed": "left dead", "show": "indicate",
    "shows": "indicates", "government": "administration", "police": "officers",
    "about": "around", "more than": "over", "however": "but", "also": "additionally",
    "because": "since", "after": "following", "before": "prior to", "told": "informed",
    "reported": "stated", "new": "fresh", "several": "a number of", "many": "numerous",
    "called": "described as", "according to": "citing", "attack": "assault",
    "officials": "authorities", "decision": "ruling", "country": "nation", "city": "town",
}
ADDED = ["also", "reportedly", "now", "officially", "still"]
INVENTED = [
    "The details could not be independently verified.",
    "Officials did not respond to a request for comment.",
    "The situation remained unclear late on the day.",
    "It was not immediately clear what would happen next.",
]
SENT = re.compile(r"[^.!?]+[.!?]+[\"']?(?:\s+|$)")


@dataclass
class Piece:
    text: str
    kind: str  # verbatim | edited | paraphrase | foreign
    src_para: int = -1
    src_start: int = 0  # paraphrase: the sentence inside the source paragraph
    src_len: int = 0


@dataclass
class Style:
    curly: bool
    british: bool
    honorific: bool
    us: bool
    numbers: bool


def house_style(text: str, st: Style) -> str:
    if st.british:
        text = re.sub(r"\b[A-Za-z]+\b", lambda m: _british(m.group()), text)
    if st.honorific:
        text = re.sub(r"(?<=[a-z,] )([A-Z][a-z]{2,}) (said|told|says|added)\b", r"Mr \1 \2", text)
    if st.us:
        text = text.replace("U.S.", "US")
    if st.numbers:
        text = re.sub(r"\b(\d{1,3}),(\d{3})\b", r"\1\2", text)
    if st.curly:
        text = re.sub(r'"([^"]*)"', r"“\1”", text).replace("'", "’")
    return text


def _british(word: str) -> str:
    low = word.lower()
    if low not in BRITISH:
        return word
    new = BRITISH[low]
    return new.capitalize() if word[0].isupper() else new


def word_edits(text: str, rng: random.Random) -> str:
    sents = SENT.findall(text)
    if len(sents) >= 3 and "".join(sents) == text and rng.random() < 0.5:
        k = rng.randrange(1, len(sents) - 1)
        if rng.random() < 0.5:
            del sents[k]
        else:
            sents.insert(k, rng.choice(INVENTED) + " ")
        text = "".join(sents)
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        if len(words) < 8:
            break
        k = rng.randrange(1, len(words) - 1)
        op = rng.random()
        if op < 0.35:
            del words[k]
        elif op < 0.7:
            words.insert(k, rng.choice(ADDED))
        else:
            low = words[k].lower()
            words[k] = SYNONYMS.get(low, rng.choice(["the", "its", "their", "a"]))
    return " ".join(words)


def paraphrase(sentence: str, rng: random.Random) -> str:
    text = sentence.strip()
    for a, b in SYNONYMS.items():
        if rng.random() < 0.8:
            text = re.sub(rf"\b{a}\b", b, text)
    m = re.match(r"^(.{20,}), (?:he|she|they|[A-Z]\w+(?: [A-Z]\w+)?) (?:stated|said)\.$", text)
    if m:
        text = f"It was stated that {m.group(1)[0].lower()}{m.group(1)[1:]}."
    elif ", " in text and rng.random() < 0.5:
        head, tail = text.rstrip(".").split(", ", 1)
        if len(head) > 3 and len(tail) > 3:
            text = f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
    return text


def rework(paras: list[str], foreign: list[str], rng: random.Random, *, edited: bool) -> list[Piece]:
    st = Style(*(rng.random() < 0.5 for _ in range(5)))
    kept = [i for i in range(len(paras)) if len(paras) <= 2 or rng.random() >= 0.2] or [0]
    dropped = [i for i in range(len(paras)) if i not in kept]
    if len(kept) > 2 and rng.random() < 0.5:
        moved = kept.pop(rng.randrange(len(kept)))
        kept.insert(rng.randrange(len(kept) + 1), moved)
    pieces = []
    for i in kept:
        text = house_style(paras[i], st)
        if edited and rng.random() < 0.7:
            pieces.append(Piece(word_edits(text, rng), "edited", i))
        else:
            pieces.append(Piece(text, "verbatim", i))
    long_foreign = [p for p in foreign if len(p.split()) >= 40]
    if long_foreign and rng.random() < 0.6:
        pieces.insert(rng.randrange(len(pieces) + 1), Piece(rng.choice(long_foreign), "foreign"))
    if dropped and rng.random() < 0.5:
        pieces += _paraphrased(paras, rng.choice(dropped), rng)
    return pieces


def _paraphrased(paras: list[str], i: int, rng: random.Random) -> list[Piece]:
    spans = [m.span() for m in SENT.finditer(paras[i]) if len(m.group().split()) >= 12]
    if not spans:
        return []
    s, e = rng.choice(spans)
    sentence = paras[i][s:e].rstrip()
    return [Piece(paraphrase(sentence, rng), "paraphrase", i, s, len(sentence))]


# -- the harder level: a paragraph rewritten around one run of identical words -----------------
HEAVY = {
    **SYNONYMS,
    "vote": "ballot", "votes": "ballots", "election": "poll", "elections": "polls",
    "internet": "World Wide Web", "link": "hyperlink", "links": "hyperlinks", "said": "remarked",
    "government": "authorities", "president": "head of state", "minister": "cabinet member",
    "company": "firm", "companies": "firms", "percent": "per cent", "increase": "rise",
    "increased": "rose", "decrease": "fall", "decreased": "fell", "announced": "unveiled",
    "killed": "claimed the lives of", "died": "lost their lives", "injured": "hurt",
    "meeting": "gathering", "agreement": "deal", "plan": "scheme", "plans": "schemes",
    "week": "seven days", "year": "twelve months", "years": "annual periods", "city": "municipality",
    "country": "state", "countries": "states", "official": "functionary", "officials": "functionaries",
    "spokesman": "representative", "spokeswoman": "representative", "military": "armed forces",
    "troops": "soldiers", "war": "conflict", "attack": "strike", "attacks": "strikes",
    "report": "account", "reports": "accounts", "reported": "recounted", "news": "tidings",
    "team": "squad", "game": "match", "won": "triumphed in", "win": "triumph in", "lost": "was defeated in",
    "police": "law enforcement", "court": "tribunal", "judge": "magistrate", "law": "statute",
    "build": "construct", "built": "constructed", "building": "edifice", "buildings": "edifices",
    "money": "funds", "million": "millions of", "billion": "billions of", "price": "cost",
    "prices": "costs", "market": "marketplace", "children": "youngsters", "women": "females",
    "men": "males", "said that": "stated that", "because of": "owing to", "during": "amid",
    "before": "ahead of", "after": "in the wake of", "first": "initial", "last": "final",
    "important": "significant", "small": "minor", "new": "novel", "old": "aged", "high": "elevated",
    "low": "reduced", "many": "a great many", "some": "several", "show": "demonstrate",
    "showed": "demonstrated", "found": "discovered", "find": "discover", "begin": "commence",
    "began": "commenced", "end": "conclusion", "ended": "concluded", "help": "aid", "helped": "aided",
    "use": "employ", "used": "employed", "need": "require", "needed": "required", "want": "wish",
    "wanted": "wished", "hospital": "medical centre", "school": "educational institution",
    "students": "pupils", "study": "research", "scientists": "researchers", "people": "individuals",
}
_HEAVY_KEYS = sorted(HEAVY, key=len, reverse=True)
RUN = 8  # identical words kept in a row


def heavy_rewrite(text: str, rng: random.Random) -> str:
    """Most content words swapped for synonyms, clauses and sentences reordered, around one run
    of RUN identical words (the way a second outlet rewrites a paragraph it still leans on)."""
    sents = [s.strip() for s in SENT.findall(text)] or [text.strip()]
    longest = max(range(len(sents)), key=lambda k: len(sents[k].split()))
    out = []
    for k, s in enumerate(sents):
        words = s.split()
        keep = (0, 0)
        if k == longest and len(words) > RUN + 2:
            start = rng.randrange(1, len(words) - RUN)
            keep = (start, start + RUN)
        head, run, tail = words[:keep[0]], words[keep[0]:keep[1]], words[keep[1]:]
        s = " ".join(x for x in (_swap(" ".join(head)), " ".join(run), _swap(" ".join(tail))) if x)
        if not run and ", " in s and rng.random() < 0.6:
            a, b = s.rstrip(".").split(", ", 1)
            if len(a) > 3 and len(b) > 3:
                s = f"{b[0].upper()}{b[1:]}, {a[0].lower()}{a[1:]}."
        out.append(s)
    if len(out) > 1:
        rng.shuffle(out)
    return " ".join(out)


def _swap(text: str) -> str:
    for a in _HEAVY_KEYS:
        text = re.sub(rf"\b{re.escape(a)}\b", HEAVY[a], text)
        text = re.sub(rf"\b{re.escape(a.capitalize())}\b", HEAVY[a].capitalize(), text)
    return text


def make_heavy(pieces: list[Piece], paras: list[str], rng: random.Random) -> None:
    """Rewrite one kept paragraph of at least 30 words heavily (in place)."""
    able = [n for n, p in enumerate(pieces) if p.src_para >= 0 and p.kind in ("verbatim", "edited")
            and len(paras[p.src_para].split()) >= 30]
    if able:
        n = rng.choice(able)
        i = pieces[n].src_para
        pieces[n] = Piece(heavy_rewrite(paras[i], rng), "heavy", i, 0, len(paras[i]))
