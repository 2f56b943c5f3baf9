"""HTML import on page shapes met in real news sites (snippets written for these tests).

Each test names the failure it protects against: whole bodies lost to compound class names,
bodies without <p>, the wrong <article> among teasers, boilerplate kept (advertisement
labels, share bars, bylines, time stamps, related lists, repeated captions), titles with
section/site labels, and every character still mapped to the markup.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.html_blocks import is_boilerplate
from desktop.core.html_extract import extract_html
from desktop.core.html_meta import strip_labels
from desktop.core.html_tree import Node, Text, parse
from desktop.core.model import BlockKind

STORY = [
    "The city council voted on Tuesday to close the old harbour bridge to traffic from March.",
    "Engineers told the council that the steel frame had corroded faster than expected.",
    "Local shops fear that fewer visitors will cross from the eastern side of the river.",
    "A ferry service will run every twenty minutes while a new bridge is designed and built.",
]


@pytest.fixture(params=["trafilatura", "rules"])
def extractor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every page shape must come out right with the library and with Parallax's own rules."""
    monkeypatch.setenv("PARALLAX_HTML_EXTRACTOR", request.param)
    return str(request.param)


def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def _paras(lines: list[str] = STORY) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def _assert_story(text: str) -> None:
    for line in STORY:
        assert line in text


_CELL_BOUNDARY = re.compile(r"<t[dh]\b", re.I)


def _assert_exact_map(markup: str) -> None:
    ex = extract_html(markup)
    for i, ch in enumerate(ex.text):
        s, e = ex.offsets.span_to_source(i, i + 1)
        raw = markup[s:e]
        if ch == "\n":
            assert raw == ""
        elif ch in " |" and _CELL_BOUNDARY.search(raw):  # " | " between two table cells
            assert ex.text[max(0, i - 2):i + 3].count("|") >= 1, (i, raw)
        elif ch == " ":
            assert raw.strip() == "" or html.unescape(raw).strip() == ""
        else:
            assert html.unescape(raw) == ch, (i, ch, raw)


def _node(cls: str = "", id_: str = "", tag: str = "div") -> Node:
    attrs = {k: v for k, v in (("class", cls), ("id", id_)) if v}
    return Node(tag, attrs, None, 0)


@pytest.mark.parametrize(
    "cls",
    ["l-sidebar-fixed", "layout--sidebar", "ad_body", "ad-in-text-target", "category-advertising",
     "subscriber-preview", "Cheat__body-and-footer", "article-body", "story-content", "header-image"],
)
def test_compound_class_names_are_not_boilerplate(cls: str) -> None:
    assert not is_boilerplate(_node(cls))


@pytest.mark.parametrize(
    "cls",
    ["sidebar", "social-share", "share-bar", "ad", "related-articles", "cookie-banner",
     "newsletter-signup", "comments", "breadcrumbs", "ad-slot"],
)
def test_boilerplate_class_names(cls: str) -> None:
    assert is_boilerplate(_node(cls))


def test_body_inside_compound_sidebar_layout_is_kept(extractor: str) -> None:
    markup = _page(
        "<div class='l-sidebar-fixed layout--sidebar'><div class='ad_body'>"
        f"<h1>Harbour bridge to close</h1>{_paras()}</div>"
        "<div class='sidebar'><p>SIDEBAR: most read stories of the week, chosen for you.</p></div></div>"
    )
    text = extract_html(markup).text
    _assert_story(text)
    assert "SIDEBAR" not in text


def test_body_of_divs_and_line_breaks_without_paragraphs(extractor: str) -> None:
    body = "<br><br>\n".join(STORY)
    markup = _page(
        "<div class='menu-links'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        "<div class='teasers'><p>Other story: a short teaser, with a comma.</p></div>"
        f"<div class='entry'><h1>Harbour bridge to close</h1><div class='text'>{body}</div></div>"
    )
    ex = extract_html(markup)
    _assert_story(ex.text)
    assert ex.text.count("\n\n") >= len(STORY)  # every <br><br> line is its own block
    assert "Home" not in ex.text


def test_the_story_wins_among_teaser_articles(extractor: str) -> None:
    teaser = ("<article class='teaser'><h2><a href='/t{n}'>Teaser {n}</a></h2>"
              "<p>Teaser {n} text, short, with a comma.</p></article>")
    teasers = "".join(teaser.format(n=n) for n in range(6))
    markup = _page(
        f"<div class='rail'>{teasers}</div>"
        f"<div class='main'><h1>Harbour bridge to close</h1>{_paras()}</div>"
    )
    text = extract_html(markup).text
    _assert_story(text)
    assert "Teaser 3 text" not in text


def test_the_largest_article_wins_when_several_are_in_the_body(extractor: str) -> None:
    teaser = "<article><p>Teaser {n} text, short, with a comma.</p></article>"
    markup = _page(
        "<main>" + teaser.format(n=1)
        + f"<article><h1>Harbour bridge to close</h1>{_paras()}</article>"
        + teaser.format(n=2) + "</main>"
    )
    text = extract_html(markup).text
    _assert_story(text)
    assert "Teaser 2 text" not in text


def test_boilerplate_inside_the_story_is_dropped(extractor: str) -> None:
    related = "".join(f"<li><a href='/r{n}'>Another story number {n} about bridges</a></li>"
                      for n in range(5))
    markup = _page(
        "<article><h1>Harbour bridge to close</h1>"
        "<div class='byline'>By Jane Doe and Ali Khan</div>"
        "<p>Updated 10:32 AM ET, Thu November 21, 2019</p>"
        f"<p>{STORY[0]}</p><div class='ad-slot'><p>Advertisement</p></div>"
        "<p>Advertisement</p>"
        f"<p>{STORY[1]}</p><div class='share-bar'><a href='#'>Share on Facebook</a></div>"
        f"<p>Continue reading the main story</p><p>{STORY[2]}</p><p>{STORY[3]}</p>"
        f"<ul class='related-links'>{related}</ul>"
        "</article>",
        head="<meta name='author' content='Jane Doe'>",
    )
    ex = extract_html(markup)
    _assert_story(ex.text)
    for junk in ("Advertisement", "Share on Facebook", "Continue reading", "By Jane Doe", "10:32",
                 "Another story number"):
        assert junk not in ex.text, junk
    assert ex.text.startswith("Harbour bridge to close\n\n")


def test_a_short_label_repeated_in_the_page_is_not_article_text(extractor: str) -> None:
    markup = _page(
        f"<article><h1>Harbour bridge to close</h1><p>{STORY[0]}</p><p>Sponsored links</p>"
        f"<p>{STORY[1]}</p><p>Sponsored links</p><p>{STORY[2]}</p><p>Sponsored links</p>"
        f"<p>{STORY[3]}</p></article>"
    )
    text = extract_html(markup).text
    _assert_story(text)
    assert "Sponsored links" not in text


def test_time_stamps_inside_a_live_blog_stay(extractor: str) -> None:
    markup = _page(
        f"<article><h1>The latest</h1><p>{STORY[0]}</p><h2>4:14 p.m.</h2><p>{STORY[1]}</p>"
        f"<h2>10 p.m.</h2><p>{STORY[2]}</p><p>{STORY[3]}</p></article>"
    )
    text = extract_html(markup).text
    assert "4:14 p.m." in text and "10 p.m." in text


def test_unclosed_head_does_not_swallow_the_body(extractor: str) -> None:
    markup = "<html><head><title>T</title><meta charset='utf-8'>\n<body><h1>Headline</h1>" + _paras()
    _assert_story(extract_html(markup).text)


def test_a_page_wrapped_in_one_form_is_read(extractor: str) -> None:
    markup = _page(
        "<form id='aspnetForm' method='post'><input type='hidden' name='__VIEWSTATE' value='x'>"
        f"<div class='main'><h1>Harbour bridge to close</h1>{_paras()}</div></form>"
    )
    _assert_story(extract_html(markup).text)


def test_a_search_form_is_not_read(extractor: str) -> None:
    markup = _page(
        f"<form action='/search'><label>Search this site for articles</label></form>"
        f"<div class='main'><h1>Harbour bridge to close</h1>{_paras()}</div>"
    )
    assert "Search this site" not in extract_html(markup).text


def test_metadata_from_json_ld() -> None:
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Harbour bridge to close in March",
        "datePublished": "2019-11-21T10:32:00-05:00",
        "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Ali Khan"}],
        "publisher": {"@type": "Organization", "name": "The Harbour Gazette"},
        "url": "https://gazette.example/bridge",
    }
    markup = _page(
        f"<article><h1>Harbour bridge to close in March</h1>{_paras()}</article>",
        head="<title>Bridge | The Harbour Gazette</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
    )
    meta = extract_html(markup).meta
    assert meta.title == "Harbour bridge to close in March"
    assert meta.source == "The Harbour Gazette"
    assert meta.author == "Jane Doe, Ali Khan"
    assert meta.date == "2019-11-21"
    assert meta.url == "https://gazette.example/bridge"


def test_json_ld_text_with_html_entities_reads_as_the_page_shows_it() -> None:
    """WordPress writes entities into its JSON-LD; the page's <title> shows them decoded."""
    ld = {"@type": "NewsArticle", "headline": "Bridge review &#8211; &#8220;shut it&nbsp;now&#8221;",
          "datePublished": "20 Nov 2019 08:02 GMT",
          "author": {"@type": "Person", "name": "Se&#225;n O&#8217;Neill"},
          "publisher": {"@type": "Organization", "name": "Harbour &amp; Bay News"}}
    markup = _page(f"<article><h1>Bridge review – “shut it now”</h1>{_paras()}</article>",
                   head=f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    meta = extract_html(markup).meta
    assert (meta.title, meta.author, meta.source, meta.date) == (
        "Bridge review – “shut it now”", "Seán O’Neill", "Harbour & Bay News", "2019-11-20")


def test_metadata_from_open_graph_without_the_site_label() -> None:
    markup = _page(
        f"<article><h1>Harbour bridge to close</h1>{_paras()}</article>",
        head="<meta property='og:title' content='Harbour bridge to close - Harbour Gazette'>"
        "<meta property='og:site_name' content='Harbour Gazette'>"
        "<meta property='og:url' content='https://gazette.example/b'>"
        "<meta property='article:published_time' content='2020-01-02'>",
    )
    meta = extract_html(markup).meta
    assert (meta.title, meta.source, meta.url, meta.date) == (
        "Harbour bridge to close", "Harbour Gazette", "https://gazette.example/b", "2020-01-02")


def test_outlet_falls_back_to_the_web_address() -> None:
    markup = _page(f"<article><h1>Bridge</h1>{_paras()}</article>",
                   head="<link rel='canonical' href='https://www.gazette.example/b'>")
    assert extract_html(markup).meta.source == "gazette.example"


def test_an_outlet_given_as_a_web_address_is_shown_as_its_host() -> None:
    markup = _page(f"<article><h1>Bridge</h1>{_paras()}</article>",
                   head="<meta property='og:site_name' content='https://www.newsnation.example/'>")
    assert extract_html(markup).meta.source == "newsnation.example"


@pytest.mark.parametrize(
    ("title", "sites", "headline", "expected"),
    [
        ("Opinion | The bridge we deserve is not the one we are getting", [], "",
         "The bridge we deserve is not the one we are getting"),
        ("Toyota recalls a million cars over airbags - Auto News", [], "",
         "Toyota recalls a million cars over airbags"),
        ("Harbour bridge | Harbour Gazette", ["Harbour Gazette"], "", "Harbour bridge"),
        ("Die elektronische Patientenakte (ePA) – der lange Marsch ins Digitale", [],
         "Die elektronische Patientenakte (ePA) – der lange Marsch ins Digitale",
         "Die elektronische Patientenakte (ePA) – der lange Marsch ins Digitale"),
        ("商品の改造が商標法違反に！？ - 特許業務法人ライトハウス", [], "商品の改造が商標法違反に！？",
         "商品の改造が商標法違反に！？"),
        ("No labels here", ["Gazette"], "", "No labels here"),
    ],
)
def test_titles_lose_section_and_site_labels(title: str, sites: list[str], headline: str,
                                              expected: str) -> None:
    assert strip_labels(title, sites, headline) == expected


def test_headline_is_a_headline_block_and_every_character_maps(extractor: str) -> None:
    markup = _page(
        "<header><a href='/'>Gazette</a></header><h1>Harbour &amp; bridge</h1>"
        f"<div class='story'>{_paras()}<p>Tom&nbsp;said &#8220;no&#8221;.</p></div>"
    )
    ex = extract_html(markup)
    assert ex.hints[0] == (0, len("Harbour & bridge"), BlockKind.HEADLINE)
    _assert_exact_map(markup)


_TAGS = st.sampled_from(["p", "div", "span", "b", "li", "h1", "h2", "td", "article", "br", "a", "section"])
_TEXT = st.lists(st.sampled_from([*"ab cé\n\t.,&;<>#x1", "&amp;", "&nbsp;", "&#8217;", "&bogus", "&#x"]),
                max_size=30).map("".join)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(_TAGS)
            attr = draw(st.sampled_from(["", " class='share'", " class='story-body'", " hidden"]))
            inner = draw(_markup(depth + 1))  # type: ignore[call-arg]
            parts.append(f"<{tag}{attr}>{inner}" + ("" if draw(st.booleans()) else f"</{tag}>"))
        else:
            parts.append(draw(_TEXT))
    return "".join(parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_markup(), story=st.booleans())
def test_every_clean_character_maps_back_into_random_markup(body: str, story: bool) -> None:
    markup = _page(body + (_paras() if story else ""))
    _assert_exact_map(markup)
    ex = extract_html(markup)
    tree = parse(markup)
    assert tree.tag == "#document"
    assert not [t for t in _leaves(tree) if "</" in t.value]  # no end tag ever becomes text
    previous = -1
    for run in ex.offsets.runs():  # monotone into the markup
        assert run.src_start >= previous
        previous = run.src_start + run.src_len


def _leaves(tree: Node) -> list[Text]:
    return [c for n in tree.iter() for c in n.children if isinstance(c, Text)]


@pytest.mark.parametrize("stray", [
    "&#x",  # no ";" anywhere after it: the parser waited for the rest of the page
    "C&# and F&# ",  # two of them, a ";" after: the second one gave up the rest of the page
    "&#; ",
    "&#1a ",  # digits, then a hex letter: not a reference for html.parser either
])
def test_a_stray_character_reference_opener_keeps_the_markup_after_it(
        stray: str, extractor: str) -> None:
    markup = _page(f"<div><span><b>Harbour</b>{stray}</span></div>" + _paras())
    tree = parse(markup)
    assert not [t for t in _leaves(tree) if "<" in t.value]
    assert [n.text() for n in tree.iter() if n.tag == "p"] == STORY
    ex = extract_html(markup)
    _assert_story(ex.text)
    assert "</p>" not in ex.text
    _assert_exact_map(markup)


@pytest.mark.parametrize(("tail", "shown"), [
    ("<!-- related stories <p>Ads here</p>", False),  # a comment left open hides the rest
    ("<![CDATA[ x <p>Ads here</p>", True),  # a bogus comment ends at ">" (as in a browser)
    ("<?php echo 1 <p>Ads here</p>", True),
    ("<!-- Ads here", False),  # no ">" after it: close() gave a lone "<", then the rest
    ("<?php Ads here", False),
])
def test_markup_left_open_at_the_end_never_becomes_text(tail: str, shown: bool) -> None:
    markup = _page(_paras() + tail)
    leaves = "".join(t.value for t in _leaves(parse(markup)))
    assert "<" not in leaves and ("Ads here" in leaves) == shown
    assert all(line in leaves for line in STORY)
    _assert_exact_map(markup)


def test_a_tag_cut_by_the_end_of_the_file_is_not_text() -> None:
    markup = "<html><body>" + _paras() + "<p>More <a href='/more"  # a download cut short
    leaves = "".join(t.value for t in _leaves(parse(markup)))
    assert leaves.endswith(STORY[-1] + "More ") and "href" not in leaves
    _assert_exact_map(markup)


def test_a_comment_opener_inside_a_script_is_script() -> None:
    tree = parse("<script>var s = '<!--';</script>" + _paras())
    assert [n.text() for n in tree.iter() if n.tag == "p"] == STORY


def test_stray_openers_are_exactly_those_html_parser_does_not_read() -> None:
    import html.parser as stdlib

    from desktop.core.html_tree import _STRAY_CHARREF

    charref = vars(stdlib)["charref"]  # the parser's own pattern (not in its stubs)
    for tail in ["", "x", "x;", "xg", "x1", "x1g", "1", "1;", "1a", "1 ", "12<", "a", ";", " ", "X9z"]:
        text = "&#" + tail
        assert (_STRAY_CHARREF.match(text) is None) == (charref.match(text) is not None), text


def test_a_stray_character_reference_opener_in_an_attribute_is_kept() -> None:
    tree = parse("<p><a href='/q?a=1&#top' title='&#65;&#'>x&#;y</a>;</p>")
    (a,) = [n for n in tree.iter() if n.tag == "a"]
    assert a.attrs == {"href": "/q?a=1&#top", "title": "A&#"}
    assert a.text() == "x&#;y"
