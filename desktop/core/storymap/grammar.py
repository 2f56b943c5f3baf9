"""Words and noun phrases for the attribution grammar (speakers.py): tokens with offsets, word
lists (speech verbs, auxiliaries, titles, organisations) and noun-phrase walks.

Rule-based on purpose: quotes are extracted at import speed (a parser such as spaCy's runs at
about 17 articles a second here, imports at 200), and news attribution is formulaic enough
(``"…," X said``; ``X said: "…"``; ``according to X``; ``X was quoted as saying``).
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # initialisms: U.S., U.N.
    r"|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|St|Jr|Lt|Col|Gov|Sgt|Capt|Prof|Rev|Adm|Maj|Supt|Insp)\.(?=\s)"
    r"|[^\W_][\w’'\-]*"
    r"|[,:;.!?—–()]")

SPEECH = _words("""
said says say told tells tell added adds stated states wrote writes tweeted tweets posted
commented comments explained explains noted notes asked asks replied replies answered
answers insisted insists warned warns argued argues claimed claims declared declares
announced announces continued concluded concludes remarked recalled recalls admitted
admits acknowledged acknowledges conceded concedes confirmed confirms denied denies urged
urges pledged pledges vowed vows promised promises suggested suggests responded responds
observed cautioned emphasised emphasized emphasises emphasizes stressed stresses quipped
joked shouted exclaimed whispered reported reports described describes called calls
labelled labeled dubbed termed branded hailed hails characterised characterized predicted
predicts asserted asserts maintained maintains testified alleged alleges complained
complains boasted revealed reveals pleaded demanded demands praised praises criticised
criticized accused accuses condemned condemns thanked welcomed welcomes repeated repeats
reiterated reiterates recounted lamented wondered mused counters countered read reads hail
touted touts appealed quoted
""")
NAMING = _words("""
called calls dubbed termed branded labelled labeled described describes characterised
characterized
""")
PARTICIPLES = _words("""
saying adding telling writing noting warning insisting explaining stressing arguing
calling describing claiming declaring announcing urging asking replying responding
tweeting posting thanking praising accusing branding labelling labeling dubbing hailing
""")
AUX_ADV = _words("""
also later earlier then has had have was were is are be been would will could may might
reportedly once again previously recently initially subsequently further repeatedly
publicly privately separately simply just quickly immediately only already still yesterday
today tonight flatly angrily bluntly openly firmly
""")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
# object and possessive case: never a speaker themselves; after "by" (a post by him, a
# statement released by his office) they point, like he/she, to someone named before
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they", "me": "i", "us": "we", "it": "it"}
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it", "my": "i",
                       "our": "we"}
# what someone writes or issues: "<statement> [released] by X" names X as who says it
STATEMENTS = _words("""
statement statements post posts posting tweet tweets message messages letter letters email
e-mail release note notes comment comments remark remarks blog column editorial communique
communiqué video speech
""")
AUTHORING = _words("""
made released issued posted written published sent signed read delivered given
""")
# a capitalised word after one of these is a place or an organisation, not who speaks
# ("the intelligence chief in Afghanistan", "sailing to Tanzania")
LOCATIVE = _words("""
in on at to from for into onto near across inside outside throughout within toward towards
""")
RELATIVE = frozenset({"who", "which", "whom"})
DETERMINERS = _words("""
the a an another one his her its their our this these those both some several many two
three four five six seven each every other no
""")
CONNECTORS = _words("""
of de del della da di do dos das von van der den la le du al el bin ibn bint ter
""")
STOP = _words("""
in on at to for from with by into onto after before during about over under against
between as than while since because if when where whether and but or nor so yet that which
who whom whose what not no never is was were are be been being has had have do does did
would will could can may might must shall should said says say told tells also
""") - CONNECTORS - {"no"}
INTRO = _words("""
already meanwhile however also earlier later separately yesterday today instead still then
but and so yet now again elsewhere
""")
PREPOSITIONS = _words("""
in on at after before during for from with by under over among amid despite following
since until upon within without across throughout addressing asked speaking
""")
TITLES = _words("""
president vice prime minister secretary chancellor governor senator sen. representative
rep. mayor premier king queen prince princess pope sheikh emir general gen. admiral
colonel col. captain capt. lieutenant lt. sergeant sgt. officer chief director chairman
chairwoman chair commissioner ambassador spokesman spokeswoman spokesperson judge justice
attorney coach manager leader head ceo founder professor prof. doctor rev. reverend bishop
archbishop cardinal father deputy acting foreign defence defense interior finance health
education economy trade state army navy police fire first lady lord dame sir eyewitness
witness passenger resident analyst expert official envoy diplomat negotiator advisor
adviser aide lawyer counsel economist strategist scientist researcher author editor
reporter correspondent host anchor presenter commander inspector detective superintendent
undersecretary assistant executive commissioner councillor councilor legislator lawmaker
mp mep congressman congresswoman delegate candidate nominee striker midfielder goalkeeper
player captain star singer actor actress dean provost rector principal
""")
CALENDAR = _words("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""")
HONORIFIC_HE = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father"})
HONORIFIC_SHE = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "dame", "lady", "queen",
                           "princess"})
ORG_WORDS = _words("""
ministry department office council agency house committee commission party government
kremlin board court police army forces force union bank company corporation inc ltd
university organization organisation association federation institute service staff media
news times post press radio tv cnn bbc reuters afp ap xinhua tass nation nations
administration embassy foundation group league club team authority authorities assembly
parliament congress senate cabinet command centre center network channel daily journal
herald tribune telegraph guardian agencies school college hospital museum clinic
ministries institution province state city county region district municipality republic
kingdom island islands
""")


class Tok:
    """One word or punctuation mark with its clean-text offsets."""

    __slots__ = ("cap", "end", "low", "punct", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.low = text.lower()
        self.cap = text[:1].isupper()
        self.punct = not text[:1].isalnum()

    def __repr__(self) -> str:
        return f"Tok({self.text!r}, {self.start})"


def tokens(text: str, lo: int, hi: int) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, lo, hi)]


def _connects(toks: list[Tok], k: int) -> bool:
    """A lower-case word that may sit inside a name (``von der``, ``of``, ``and`` between
    capitalised words)."""
    t = toks[k]
    if t.low in CONNECTORS:
        return True
    return t.low == "and" and 0 < k < len(toks) - 1 and toks[k - 1].cap and toks[k + 1].cap


def np_back(toks: list[Tok], j: int, limit: int = 9) -> tuple[int, int] | None:
    """The noun phrase ending at token j (inclusive range), walking left."""
    if j < 0 or toks[j].punct:
        return None
    if toks[j].low in PRONOUNS | RELATIVE:
        return j, j
    k = j
    while k >= 0 and j - k < limit:
        t = toks[k]
        if t.punct or (t.low in STOP and not _connects(toks, k)):
            break
        if t.low in DETERMINERS:
            k -= 1
            break
        k -= 1
    start = k + 1
    while start <= j and toks[start].low in CONNECTORS:
        start += 1
    return (start, j) if start <= j else None


def np_forward(toks: list[Tok], i: int, *, until_verb: bool, limit: int = 9) -> tuple[int, int] | None:
    """The noun phrase starting at token i (inclusive range), walking right."""
    if i >= len(toks) or toks[i].punct:
        return None
    if toks[i].low in PRONOUNS:
        return i, i
    k = i
    while k < len(toks) and k - i < limit:
        t = toks[k]
        if t.punct or (t.low in STOP and not _connects(toks, k)):
            break
        if until_verb and k > i and (t.low in SPEECH or t.low in AUX_ADV) and not t.cap:
            break
        k += 1
    end = k - 1
    while end >= i and toks[end].low in CONNECTORS:
        end -= 1
    return (i, end) if end >= i else None


def _adverb(t: Tok) -> bool:
    return not t.cap and (t.low in AUX_ADV or (t.low.endswith("ly") and len(t.low) > 4))


def skip_back(toks: list[Tok], j: int) -> int:
    """Left over auxiliaries and adverbs (``has also said``, ``has robustly denied``)."""
    while j >= 0 and _adverb(toks[j]):
        j -= 1
    return j


def skip_forward(toks: list[Tok], k: int) -> int:
    while k < len(toks) and _adverb(toks[k]):
        k += 1
    return k


def appositive_back(toks: list[Tok], j: int) -> int:
    """``Ian Bremmer, political science professor at Columbia University, said``: from the
    comma before the verb to the last word of the name before the appositive (or j)."""
    if j < 1 or toks[j].text != ",":
        return j
    for k in range(j - 1, max(-1, j - 16), -1):
        if toks[k].text == ",":
            return k - 1 if k >= 1 and toks[k - 1].cap and not toks[k - 1].punct else j
        if toks[k].text in ".;:!?":
            break
    return j


def appositive_forward(toks: list[Tok], k: int) -> int:
    """After a name, over ``, the Donetsk regional governor,`` to the token after it."""
    if k >= len(toks) or toks[k].text != ",":
        return k
    for m in range(k + 1, min(len(toks), k + 16)):
        if toks[m].text == ",":
            return m + 1
        if toks[m].text in ".;:!?":
            break
    return k
