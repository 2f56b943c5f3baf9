"""HTML extraction: boilerplate dropped, entities decoded, every block maps back into the markup."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from desktop.core.errors import IngestError
from desktop.core.html_extract import extract_html
from desktop.core.html_meta import normalise_date
from desktop.core.ingest import read_article
from desktop.core.model import BlockKind

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Putin meets Xi | Daily Planet</title>
<meta property="og:title" content="Putin &amp; Xi hail ties | Daily Planet">
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2022-09-15T10:00:00+02:00">
<link rel="canonical" href="https://example.com/world/putin-xi">
<style>body { color: red } .x::after { content: "STYLETEXT" }</style>
<script>alert(1); var s = "SCRIPTTEXT";</script>
</head><body onload="ONLOADTEXT()">
<nav class="menu"><a href="/">Home</a> <a href="/world">NAVTEXT</a></nav>
<div class="cookie-banner">We use COOKIETEXT. <button>Accept</button></div>
<header><a href="/">SITEHEADER</a></header>
<article>
<h1>Putin &amp; Xi hail &#8216;great power&#8217; ties</h1>
<p>Russian President   Vladimir Putin and
Chinese leader Xi&nbsp;Jinping met on <b>Thursday</b> in <a href="/uz" title="TITLEATTR">Samarkand</a>.</p>
<!-- COMMENTTEXT -->
<p onclick="HANDLERTEXT()">The meeting was part of Xi&#x2019;s first trip abroad.</p>
<figure><img src="a.jpg" alt="ALTTEXT"><figcaption>Putin and Xi in Samarkand. Photo: AP</figcaption></figure>
<blockquote class="twitter-tweet"><p lang="en">Does that mean China has some?</p>&mdash; max seddon
(@maxseddon) <a href="https://twitter.com">September 15, 2022</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js">var t = "TWEETSCRIPT";</script>
<div class="social-share"><a>SHARETEXT on Facebook</a></div>
<p>Putin said the talks were &quot;good&quot; &lt;sic&gt;.</p>
<section class="related-articles"><h2>RELATEDTEXT</h2></section>
</article>
<aside>ASIDETEXT</aside>
<footer>FOOTERTEXT</footer>
</body></html>
"""

FORBIDDEN = [
    "alert",
    "SCRIPTTEXT",
    "STYLETEXT",
    "ONLOADTEXT",
    "NAVTEXT",
    "COOKIETEXT",
    "SITEHEADER",
    "COMMENTTEXT",
    "HANDLERTEXT",
    "TITLEATTR",
    "ALTTEXT",
    "TWEETSCRIPT",
    "SHARETEXT",
    "RELATEDTEXT",
    "ASIDETEXT",
    "FOOTERTEXT",
    "Accept",
]


def _visible(markup: str) -> str:
    """Markup with tags stripped and references decoded, whitespace collapsed."""
    text = re.sub(r"</?(?:a|b|i|em|strong|span)\b[^>]*>", "", markup)
    text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(html.unescape(text).replace("\xa0", " ").split())


@pytest.fixture
def page(tmp_path: Path) -> Path:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    return p


def test_article_text_and_metadata(page: Path) -> None:
    art = read_article(page)
    assert art.fmt == "html"
    assert art.source_text == PAGE
    text = art.clean.text
    for word in FORBIDDEN:
        assert word not in text
    assert "Putin & Xi hail ‘great power’ ties" in text
    assert "Xi’s first trip" in text
    assert 'were "good" <sic>.' in text
    assert "Does that mean China has some?" in text
    assert art.meta.title == "Putin & Xi hail ties"
    assert art.meta.source == "Daily Planet"
    assert art.meta.date == "2022-09-15"
    assert art.meta.url == "https://example.com/world/putin-xi"


def test_every_block_maps_back_into_the_markup(page: Path) -> None:
    art = read_article(page)
    assert art.clean.blocks
    for block in art.clean.blocks:
        piece = art.clean.text[block.start : block.end]
        s, e = art.clean.offsets.span_to_source(block.start, block.end)
        assert _visible(art.source_text[s:e]) == " ".join(piece.replace("\xa0", " ").split())


def test_every_character_maps_back() -> None:
    ex = extract_html(PAGE)
    for i, ch in enumerate(ex.text):
        s, e = ex.offsets.span_to_source(i, i + 1)
        raw = PAGE[s:e]
        if ch == "\n":
            assert raw == ""
        elif ch == " ":
            assert raw.strip() == ""
        else:
            assert html.unescape(raw) == ch, (i, ch, raw)


def test_block_hints() -> None:
    ex = extract_html(PAGE)
    kinds = {ex.text[s:e]: k for s, e, k in ex.hints}
    assert kinds["Putin & Xi hail ‘great power’ ties"] == BlockKind.HEADLINE
    social = [ex.text[s:e] for s, e, k in ex.hints if k == BlockKind.SOCIAL]
    assert social and social[0].startswith("Does that mean China has some?")
    assert "@maxseddon" in social[0]


def test_captions_are_kept_as_captions_by_parallaxs_own_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARALLAX_HTML_EXTRACTOR", "rules")
    ex = extract_html(PAGE)
    kinds = {ex.text[s:e]: k for s, e, k in ex.hints}
    assert kinds["Putin and Xi in Samarkand. Photo: AP"] == BlockKind.CAPTION


def test_headline_outside_the_body_and_main() -> None:
    markup = (
        "<html><body><div class='top'><h1>The headline</h1></div>"
        "<div id='story'><p>First paragraph of the story.</p><p>Second one.</p></div>"
        "<div class='comments'><p>COMMENT</p></div></body></html>"
    )
    ex = extract_html(markup)
    assert ex.text == "The headline\n\nFirst paragraph of the story.\n\nSecond one."
    assert ex.hints[0] == (0, 12, BlockKind.HEADLINE)


def test_no_article_text(tmp_path: Path) -> None:
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>var a = 1;</script></head><body><nav>x</nav></body></html>")
    with pytest.raises(IngestError, match=r"^no article text found in the HTML$"):
        read_article(p)


def test_meta_charset_legacy_page(tmp_path: Path) -> None:
    p = tmp_path / "legacy.htm"
    p.write_bytes(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "</head><body><p>“Quoted” café, a sentence long enough to be an article of its own, "
        "with more than fifteen words in it.</p></body></html>".encode("cp1252")
    )
    assert read_article(p).clean.text.startswith("“Quoted” café, a sentence")


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("2022-09-15T10:00:00Z", "2022-09-15"),
        ("Thursday, 15 September 2022", "2022-09-15"),
        ("September 15, 2022", "2022-09-15"),
        ("2022/9/5", "2022-09-05"),
        ("19 Nov 2019 07:09 GMT", "2019-11-19"),
        ("November 19, 2019, 07:47 PM EST", "2019-11-19"),
        ("Sept. 5, 2019 at 10:30", "2019-09-05"),
        ("03/04/2019", "03/04/2019"),  # March or April? left as written
        ("Nov 2019", "Nov 2019"),  # no day: not made up
        ("sometime", "sometime"),
        ("", ""),
    ],
)
def test_normalise_date(raw: str, norm: str) -> None:
    assert normalise_date(raw) == norm


RESULTS = """<html><body><article><h1>Results of the vote in the regions</h1>
<p>The electoral commission published the results of the vote on Sunday evening, region by
region, after a long count that went on well into the night.</p>
<table><tr><th>Region</th><th>Turnout</th><th>Yes</th></tr>
<tr><td>North &amp; East</td>
    <td> 61.2 %</td><td><b>54</b> %</td></tr>
<tr><td>South</td><td></td><td>48 %</td></tr></table>
<p>Observers said the count had been orderly in every region, and the commission thanked the
volunteers who had staffed the polling stations.</p></article></body></html>"""


def _row(art_text: str, start: str) -> str:
    return next(line for line in art_text.split("\n\n") if line.startswith(start))


def test_table_cells_of_a_row_keep_a_visible_separator(tmp_path: Path) -> None:
    path = tmp_path / "results.html"
    path.write_text(RESULTS, encoding="utf-8")
    art = read_article(path)
    assert _row(art.clean.text, "Region") == "Region | Turnout | Yes"
    assert _row(art.clean.text, "North") == "North & East | 61.2 % | 54 %"
    kinds = {art.clean.text[b.start:b.end]: b.label for b in art.clean.blocks}
    assert kinds["North & East | 61.2 % | 54 %"] == BlockKind.LINE  # a row is one line


def test_an_empty_cell_between_two_keeps_its_place() -> None:
    ex = extract_html(RESULTS)
    assert "South | | 48 %" in ex.text


def test_table_cell_separator_maps_to_the_markup_between_the_cells(tmp_path: Path) -> None:
    path = tmp_path / "results.html"
    path.write_text(RESULTS, encoding="utf-8")
    art = read_article(path)
    text = art.clean.text
    row = text.index("North & East | 61.2 %")
    sep = text.index(" | ", row)
    s, e = art.clean.offsets.span_to_source(sep, sep + 3)
    assert art.source_text[s:e] == "</td>\n    <td> "  # the separator stands for that markup
    for word in ("North", "61.2", "54"):  # the cells' own characters are copies
        i = text.index(word, row)
        s, e = art.clean.offsets.span_to_source(i, i + len(word))
        assert art.source_text[s:e] == word
    i = text.index("&", row)
    s, e = art.clean.offsets.span_to_source(i, i + 1)
    assert art.source_text[s:e] == "&amp;"


def test_a_layout_table_of_paragraphs_gets_no_separators() -> None:
    markup = ("<html><body><table><tr><td><p>" + "The council met on Monday to discuss the budget. " * 4
              + "</p></td><td><p>" + "The mayor said the plan would be ready by June. " * 4
              + "</p></td></tr></table></body></html>")
    ex = extract_html(markup)
    assert "|" not in ex.text
