"""British → American spelling variants, so "Organisation" finds "Organization".

Used by the search analyzer and by passage alignment (overlap/normalize.py). Rules are deliberately few and
conservative: a curated table for irregular words plus the -isation/-ise/-yse families, which are
safe on word stems of at least four letters.
"""

from __future__ import annotations

import re

_TABLE = {
    "colour": "color", "colours": "colors", "coloured": "colored", "favour": "favor",
    "favourite": "favorite", "honour": "honor", "honoured": "honored", "labour": "labor",
    "neighbour": "neighbor", "neighbours": "neighbors", "neighbouring": "neighboring",
    "behaviour": "behavior", "harbour": "harbor", "rumour": "rumor", "rumours": "rumors",
    "armour": "armor", "armoured": "armored", "humour": "humor", "vigour": "vigor",
    "endeavour": "endeavor", "defence": "defense", "defences": "defenses", "offence": "offense",
    "licence": "license", "pretence": "pretense", "centre": "center", "centres": "centers",
    "metre": "meter", "metres": "meters", "kilometre": "kilometer", "kilometres": "kilometers",
    "theatre": "theater", "fibre": "fiber", "litre": "liter", "litres": "liters",
    "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
    "cancelling": "canceling", "labelled": "labeled", "modelling": "modeling",
    "fuelled": "fueled", "signalled": "signaled", "counsellor": "counselor",
    "programme": "program", "programmes": "programs", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "grey": "gray", "tyre": "tire",
    "tyres": "tires", "cheque": "check", "aluminium": "aluminum", "plough": "plow",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "paediatric": "pediatric",
    "judgement": "judgment", "enrol": "enroll", "fulfil": "fulfill", "towards": "toward",
    "afterwards": "afterward", "whilst": "while", "amongst": "among", "sceptical": "skeptical",
}

# organisation -> organization, recognised -> recognized, analyse -> analyze
_SUFFIX = re.compile(r"^([a-z]{4,}?)(is)(e|es|ed|ing|ation|ations|ational|er|ers)$")
_YSE = re.compile(r"^([a-z]{3,}?)(ys)(e|es|ed|ing)$")
# words ending in -ise that are not -ize in American English
_KEEP = {
    "advise", "advised", "advises", "advising", "revise", "revised", "revises", "revising",
    "supervise", "supervised", "supervising", "televise", "televised", "compromise",
    "compromised", "compromises", "compromising", "enterprise", "enterprises", "exercise",
    "exercised", "exercises", "exercising", "expertise", "franchise", "merchandise", "premise",
    "premises", "promise", "promised", "promises", "promising", "surprise", "surprised",
    "surprises", "surprising", "despise", "despised", "devise", "devised", "disguise",
    "disguised", "improvise", "improvised", "concise", "precise", "precisely", "otherwise",
    "likewise", "clockwise", "raise", "raised", "raises", "raising", "praise", "praised",
    "praises", "praising", "noise", "noises", "poise", "poised", "cruise", "cruises",
    "cruising", "bruise", "bruised", "appraise", "appraised", "arise", "arises", "arising",
    "rise", "rises", "rising", "wise", "guise", "chemise", "demise", "reprise", "paradise",
    "treatise", "excise", "incise", "circumcise", "comprise", "comprised", "comprises",
    "comprising", "franchises", "sunrise", "uprising", "uprisings",
    "advertise", "advertised", "advertising", "advertiser", "advertisers",
}


def americanize(word: str) -> str:
    """The American spelling of a lower-case word (the word itself when no rule applies)."""
    if word in _TABLE:
        return _TABLE[word]
    if word in _KEEP or len(word) < 6:
        return word
    m = _SUFFIX.match(word)
    if m:
        return f"{m.group(1)}iz{m.group(3)}"
    m = _YSE.match(word)
    if m and m.group(1).endswith(("al", "ral", "ta")):
        return f"{m.group(1)}yz{m.group(3)}"
    return word
