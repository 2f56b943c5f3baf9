"""What a name's own sentence says about the kind of thing it names.

The model labels a name from a few words around it and often guesses: "Twitter" a person,
"COVID-19" an organisation, "news agency Belta" a person. English says more than that, in
ways that hold for any name, so these cues are grammar, not lists of names:

- a kind noun right before a name is an apposition naming its kind: "news agency Belta",
  "social network Twitter" (an organisation), "runner Eliud Kipchoge" (a person), "city of
  Kherson" (a place);
- writing *on* a name, its *post / account / page / followers*, or a name something came
  *via* make it a platform or agency (an organisation here, as in the gold guidelines), not a
  person;
- a name followed by *pandemic / outbreak / cases / variant / symptoms*, or after
  *died of / tested positive for / infected with*, is a disease: not a person or an
  organisation (shown as OTHER);
- a person's name followed by *missiles / rockets / drones / jets* is a product (OTHER);
- a photo credit names the photographer and the agency: in "Photo by NAME/Anadolu Agency"
  (or "Photo: NAME/AFP", "Picture by…", "Credit: …"), where what follows the slash is an
  agency (a name in capitals, or one ending in *Agency / Images / Press / News…*), the name
  right after the credit words is the photographer: a person, whatever the model said.

A label given by such a cue is *confident*: the library-wide vote does not override it.
"""

from __future__ import annotations

import re

from desktop.core.entities.labels import Label

_ORG_KINDS = (r"agency|company|firm|corporation|conglomerate|newspaper|broadcaster|network|"
              r"platform|website|site|outlet|bank|lender|carrier|airline|manufacturer|maker|"
              r"retailer|publisher|magazine|tabloid|daily|weekly|party|militia|group|club|team|"
              r"university|charity|organi[sz]ation|union|ministry|watchdog|regulator|insurer|"
              r"broadcaster|station|app|messenger|service|startup|start-up|giant|brand|label|"
              r"studio|council|committee|court|tribunal|parliament|assembly|department")
_PERSON_KINDS = (r"actor|actress|singer|songwriter|writer|author|journalist|reporter|"
                 r"columnist|editor|player|striker|midfielder|defender|goalkeeper|runner|"
                 r"sprinter|athlete|cyclist|boxer|swimmer|skier|coach|manager|director|"
                 r"producer|lawyer|attorney|analyst|economist|scientist|researcher|"
                 r"historian|artist|painter|photographer|poet|novelist|rapper|musician|"
                 r"presenter|host|anchor|candidate|activist|campaigner|blogger|priest|"
                 r"soldier|officer|pilot|driver|businessman|businesswoman|billionaire|"
                 r"entrepreneur|investor|founder|spokesperson|nominee|challenger|incumbent")
_PLACE_KINDS = (r"(?:city|town|village|region|province|port|capital|island|state|county|"
                r"district|republic) of")
# the kind noun stands right before the name, in lower case ("state news agency Belta")
_KIND_BEFORE = re.compile(rf"(?<![\w-])(?:(?P<org>{_ORG_KINDS})|(?P<person>{_PERSON_KINDS})|"
                          rf"(?P<place>{_PLACE_KINDS}))\s+$")
_PLACE_BEFORE = re.compile(r"(?:^|\W)(?:[Ii]n|[Nn]ear|[Oo]utside|[Aa]cross)\s+$")
_PLATFORM_BEFORE = re.compile(
    r"\b(?:wrote|writes|writing|posted|posts?|posting|said|says|tweeted|shared|sharing|"
    r"announced|published|commented|replied|streamed|broadcast|banned|blocked|suspended|"
    r"made|users|messages?|videos?|photos?|comments?|accounts?)\s+(?:\w+\s+)?"
    r"(?:on|via|from)\s+$")
_VIA = re.compile(r"(?:^|\W)via\s+$")  # "(Photo by ... via Getty Images)": a channel, not a person
_PLATFORM_AFTER = re.compile(r"^\s+(?:post|posts|posting|account|accounts|page|feed|channel|"
                             r"followers|handle|profile|livestream|thread)\b")
_DISEASE_AFTER = re.compile(r"^\s+(?:pandemic|epidemic|outbreaks?|infections?|cases|symptoms|"
                            r"variants?|lockdowns?)\b")
_DISEASE_BEFORE = re.compile(r"\b(?:died of|died from|positive for|infected with|cases of|"
                             r"spread of|symptoms of|outbreak of|treatment for|tested for|"
                             r"recovered from|suffering from|vaccine against|vaccinated "
                             r"against)\s+$")
_PRODUCT_AFTER = re.compile(r"^\s+(?:missiles?|rockets?|drones?|jets?|launchers?|rifles?|"
                            r"howitzers?|smartphones?|consoles?)\b")
# a credit line: "(Photo by Metin Aktas/Anadolu Agency via Getty Images)", "Photo: X/Reuters"
_CREDIT_BEFORE = re.compile(r"(?:^|\W)(?:[Pp]hoto(?:graph)?s?|PHOTOS?|[Pp]ictures?|[Ii]mages?|"
                            r"[Cc]redits?|[Ff]ootage)(?:\s+by\s+|\s*:\s*)$")
# ... and after the slash the agency: a name in capitals ("AFP", "REUTERS") or one that ends
# in an agency's kind noun ("Anadolu Agency", "Getty Images", "Associated Press")
_CREDIT_AFTER = re.compile(r"^\s*/\s*(?:[A-Z][A-Z&.-]+\b|(?:[A-Z][\w&.-]*\s+){0,3}"
                           r"(?:Agency|Images|Press|News|Photos?|Pictures|Service|Wire|Media|"
                           r"Network)\b)")
_OWN = ("'s", "’s")


def context_label(text: str, s: int, e: int, label: Label) -> tuple[Label, bool]:
    """The label the sentence around text[s:e] supports, and whether a cue decided it."""
    before, after = text[max(0, s - 40):s], text[e:e + 30]
    if label not in (Label.PERSON, Label.ORG, Label.PLACE, Label.OTHER):
        return label, False
    owned = after.startswith(_OWN)
    if label in (Label.PERSON, Label.ORG) and _CREDIT_AFTER.match(after) and \
            _CREDIT_BEFORE.search(before):
        return Label.PERSON, True  # the photographer of a credit line
    kind = _KIND_BEFORE.search(before)
    if kind and not owned:
        if kind.group("place"):
            if label in (Label.PERSON, Label.ORG, Label.PLACE):
                return Label.PLACE, True
        elif kind.group("org") and label in (Label.PERSON, Label.ORG, Label.OTHER):
            return Label.ORG, True
        elif kind.group("person") and label in (Label.PERSON, Label.ORG):
            return Label.PERSON, True
    if label in (Label.PERSON, Label.ORG) and (_DISEASE_AFTER.match(after) or
                                               _DISEASE_BEFORE.search(before)):
        return Label.OTHER, True
    if label == Label.PERSON:
        if _PLATFORM_AFTER.match(after) or _PLATFORM_BEFORE.search(before) or \
                _VIA.search(before):
            return Label.ORG, True
        if _PRODUCT_AFTER.match(after):
            return Label.OTHER, True
        if not owned and _PLACE_BEFORE.search(before):
            return Label.PLACE, False  # a vote: "in Kharkiv"; "in Smith's view" is owned
    return label, False
