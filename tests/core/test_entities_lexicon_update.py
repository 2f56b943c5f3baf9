"""The library lexicon updated batch by batch equals the lexicon built from all rows at once."""

from __future__ import annotations

import random

from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import GlobalCorrections, Lexicon, Row

NAMES = ["John Bolton", "John R. Bolton", "Bolton", "John", "Mr Bolton", "Vladimir Putin", "Putin",
         "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization", "SCO",
         "World Health Organization", "WHO", "Ministry of Defence", "Ministry of Defense", "Raisi",
         "Ebrahim Raisi", "Kyiv", "Twitter", "Hillary Clinton", "Bill Clinton", "Clinton", "US",
         "United States", "Group of Seven", "G7", "Metin Aktas", "Aktas"]
LABELS = [Label.PERSON, Label.ORG, Label.PLACE, Label.EVENT, Label.OTHER]


def _rows(rng: random.Random, n: int, sign: int = 1) -> list[Row]:
    out = []
    for _ in range(n):
        text = rng.choice(NAMES)
        out.append((entity_key(text), text, str(rng.choice(LABELS)), sign * rng.randint(1, 3)))
    return out


def _state(lex: Lexicon) -> dict[str, object]:
    keys = sorted(set(lex.votes) | {entity_key(t) for t in NAMES})
    return {
        "votes": {k: +v for k, v in lex.votes.items() if +v},
        "surfaces": {k: +v for k, v in lex.surfaces.items() if +v},
        "family": lex.family,
        "labels": {k: lex.label(k) for k in keys},
        "expansions": {k: (lex.full_names(k), lex.expansions(k, k.upper())) for k in keys},
        "alias": {k: lex.alias(k) for k in keys},
        "all": lex.all_surface_keys, "sure": lex.surface_keys,
        "first": set(+lex.first_words),
    }


def test_updating_the_lexicon_with_a_batch_equals_building_it_again() -> None:
    rng = random.Random(12)
    for _ in range(200):
        corr = GlobalCorrections(relabels={"g7": Label.ORG} if rng.random() < 0.3 else {},
                                 splits={("bill clinton", "hillary clinton")})
        before, batch = _rows(rng, rng.randint(0, 30)), _rows(rng, rng.randint(1, 12))
        built = Lexicon(before + batch, corr)
        assert _state(Lexicon(before, corr).updated(batch)) == _state(built)
        # a re-recognised article takes its old votes back
        assert _state(built.updated([(k, t, lab, -n) for k, t, lab, n in batch])) == \
            _state(Lexicon(before, corr))


def test_an_update_leaves_the_lexicon_a_reader_holds_unchanged() -> None:
    lex = Lexicon([(entity_key("Putin"), "Putin", "PERSON", 3)])
    seen = _state(lex)
    new = lex.updated([(entity_key("Vladimir Putin"), "Vladimir Putin", "PERSON", 2)])
    assert _state(lex) == seen
    assert new.full_names("putin") == {"vladimir putin": 2}
    assert new.label("putin") == Label.PERSON


def test_a_names_display_does_not_depend_on_the_order_its_forms_came() -> None:
    """Two spellings with one vote each ("Iraq War", "Iraq war"): the name shown is the same
    whichever article was recognised first, in one build or batch by batch (the batch builds
    the corpus lexicon at once, a library adds articles as they come; a tie went to the form
    seen first, so a library and the batch named the entity differently)."""
    war, lower = ("iraq war", "Iraq War", "EVENT", 1), ("iraq war", "Iraq war", "EVENT", 1)
    shown = {Lexicon([war, lower]).display("iraq war"), Lexicon([lower, war]).display("iraq war"),
             Lexicon([war]).updated([lower]).display("iraq war"),
             Lexicon([lower]).updated([war]).display("iraq war")}
    assert shown == {"Iraq War"}
