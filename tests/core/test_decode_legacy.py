"""Legacy encodings: Western text as cp1252, Cyrillic/Greek/Chinese/Japanese/Korean right or
refused with a clear line, never mojibake (snippets written for these tests)."""

from __future__ import annotations

import pytest

from desktop.core.decode import decode
from desktop.core.errors import IngestError

RU = ("Президент России встретился в четверг с председателем Китая в Самарканде. "
      "Стороны обсудили торговлю, энергетику и безопасность в регионе.")
EL = ("Ο πρόεδρος της Ρωσίας συναντήθηκε την Πέμπτη με τον πρόεδρο της Κίνας στη Σαμαρκάνδη. "
      "Συζήτησαν το εμπόριο και την ασφάλεια.")
ZH = "俄罗斯总统周四在撒马尔罕会见了中国国家主席。双方讨论了贸易、能源和地区安全问题。"
JA = ("ロシアの大統領は木曜日、サマルカンドで中国の国家主席と会談した。"
      "両首脳は貿易と安全保障について話し合った。")
KO = "러시아 대통령은 목요일 사마르칸트에서 중국 국가주석과 만났다. 양측은 무역과 안보에 대해 논의했다."
FR = ("Le président russe a rencontré jeudi le dirigeant chinois à Samarcande. « C’est une "
      "réunion très importante », a-t-il déclaré — selon l’agence.")
DE = "Der Präsident traf am Donnerstag den Staatschef in Samarkand. Die Gespräche dauerten länger."
ES = "El presidente se reunió el jueves con el líder chino en Samarcanda; hablaron de energía."
IS = "Forsetinn hitti leiðtogann á fimmtudaginn í Samarkand og þeir ræddu viðskipti."


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (RU, "cp1251"), (RU, "koi8_r"), (RU, "iso8859_5"),
        (EL, "cp1253"), (EL, "iso8859_7"),
        (ZH, "gb18030"), (ZH, "gbk"),
        (JA, "shift_jis"), (JA, "euc_jp"),
        (KO, "euc_kr"),
        ("Zażółć gęślą jaźń, powiedział prezydent w czwartek w Warszawie.", "cp1250"),
    ],
)
def test_non_western_legacy_text_comes_in_right(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "article.txt") == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [(FR, "cp1252"), (DE, "cp1252"), (DE, "latin_1"), (ES, "latin_1"), (IS, "latin_1"),
     ("Ein kurzer Satz über Köln.", "latin_1"), ("Grüße aus Köln", "cp1252"),
     ("The aide said \u201cno\u201d \u2014 and that was that.", "cp1252")],
)
def test_western_text_is_read_as_cp1252(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "article.txt") == text


@pytest.mark.parametrize(("text", "codec"), [("Привет мир", "cp1251"), ("Καλημέρα", "cp1253")])
def test_a_short_ambiguous_file_is_refused_not_garbled(text: str, codec: str) -> None:
    try:
        got = decode(text.encode(codec), "note.txt")
    except IngestError as exc:
        message = str(exc)
        assert message.startswith("cannot")
        assert "UTF-8" in message and "\n" not in message
    else:  # if a detector is sure, it must be right
        assert got == text


def test_cyrillic_never_becomes_latin_mojibake() -> None:
    data = RU.encode("cp1251")
    text = decode(data, "a.txt")
    assert "Ð" not in text and "Ï" not in text

