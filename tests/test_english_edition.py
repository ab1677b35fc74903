"""An English edition's article page (emiratesvoice.com /en/, the snapshot's egypttoday /en/):
English labels, calls and forms are boilerplate, its dates are read, it is marked English."""

from __future__ import annotations

from datetime import datetime, timezone

from newscrawl.pages import ArticlePage
from newscrawl.pipelines import normalize_dates

PARAGRAPHS = [
    "The Dubai Shopping Festival opened on Thursday with more than three thousand shops taking part "
    "and discounts of up to seventy-five per cent across the city's malls.",
    "Organisers said they expect more visitors than last year, when the festival drew several "
    "million people over its five weeks.",
]

PAGE = f"""<!DOCTYPE html>
<html xml:lang="en-gb" lang="en-gb"><head>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<title>Dubai Shopping Festival opens | Emirates Voice</title>
<meta property="og:site_name" content="Emiratesvoice" />
</head><body>
<div class="readmoregmttimeband">Last Updated : GMT 09:12:05</div>
<div class="newsarticle">
<div class="sitelabel">Emirates Voice -</div>
<h1 class="newstitle">Dubai Shopping Festival opens</h1>
<div class="newsdate">GMT 11:43 2018 Thursday ,30 August</div>
<div class="newsdate">Last Updated : GMT 14:05 2018 Thursday ,30 August</div>
<div id="balmon">
<h4 class="coring">Dubai - Emirates Voice</h4>
<p>{PARAGRAPHS[0]}</p>
<p>Follow us on Twitter and Facebook</p>
<p>{PARAGRAPHS[1]}</p>
<p>emiratesvoice</p>
<p>Emirates Voice</p>
<h3 class="alsointerest">Read also :</h3>
<ul><li><a href="/en/199/dubai-metro-extends-its-hours">Dubai metro extends its hours</a></li></ul>
</div>
<form><label>Name *</label><label>Email *</label><p>Terms of use</p></form>
</div></body></html>"""


def _page(language: str | None = "en") -> ArticlePage:
    return ArticlePage.from_html(
        "https://www.emiratesvoice.com/en/199/dubai-shopping-festival-opens",
        PAGE,
        language=language,
    )


def test_english_boilerplate_is_not_the_body() -> None:
    page = _page()
    assert page.articleBody() == "\n".join(PARAGRAPHS)
    # as "قد يهمك ايضا :" does, a "Read also :" line ends the article's text
    cut = PAGE.replace("<p>Follow us on Twitter", "<p>Read also :</p>\n<p>Follow us on Twitter")
    assert (
        ArticlePage.from_html(
            "https://www.emiratesvoice.com/en/199/x", cut, language="en"
        ).articleBody()
        == PARAGRAPHS[0]
    )
    assert page.headline() == "Dubai Shopping Festival opens"


def test_english_staff_dateline_credits_nobody() -> None:
    page = _page()
    assert page.dateline() == "Dubai"
    assert page.authors() == []


def test_english_related_block_and_dates() -> None:
    page = _page()
    related = page.relatedArticles()
    assert [r["headline"] for r in related] == ["Dubai metro extends its hours"]
    item = page.to_item(publisher="صوت الإمارات", site="emiratesvoice")
    item.metadata["dateDownloaded"] = "2018-08-31T00:00:00+00:00"
    normalize_dates(item)
    assert item.datePublishedRaw == "GMT 11:43 2018 Thursday ,30 August"
    assert item.datePublished == "2018-08-30T11:43:00+00:00"
    assert item.dateModifiedRaw == "Last Updated : GMT 14:05 2018 Thursday ,30 August"
    assert item.dateModified == "2018-08-30T14:05:00+00:00"
    assert item.inLanguage == "en" and item.site == "emiratesvoice"


def test_an_english_edition_page_is_english_whatever_its_template_says() -> None:
    arabic_template = PAGE.replace('lang="en-gb"', 'lang="ar-aa"')
    page = ArticlePage.from_html(
        "https://www.emiratesvoice.com/en/199/x", arabic_template, language="en"
    )
    assert page.inLanguage() == "en" and page.sources["inLanguage"] == "edition"
    arabic = ArticlePage.from_html("https://www.emiratesvoice.com/199/x", arabic_template)
    assert arabic.inLanguage() == "ar"


def test_reference_is_unused_by_dates_written_in_full() -> None:
    item = _page().to_item()
    item.metadata["dateDownloaded"] = datetime(2030, 1, 1, tzinfo=timezone.utc).isoformat()
    normalize_dates(item)
    assert item.datePublished == "2018-08-30T11:43:00+00:00"
