"""Extraction on layouts it was not written for: the corpus of ``tests/layouts`` (the snapshot's 45
articles in other news-CMS templates), field by field against each page's ground truth.

The first tests check the corpus itself: that each layout really lacks the markup it claims to
lack, and that its truth is what the page shows. The others run every page through the page object
and the pipelines (as ``tests.conftest.extract`` does) and compare every field.
"""

from __future__ import annotations

import html
import json
import re
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from sitesnapshot.render import date_line
from sitesnapshot.server import SnapshotServer
from tests import layouts
from tests.conftest import served
from tests.expected import SITE
from tests.layouts import score as S
from tests.layouts.adversarial import ADVERSARIAL
from tests.layouts.more import MORE
from tests.layouts.parts import BASE
from tests.layouts.templates import TEMPLATES
from tests.layouts.third import THIRD
from tests.quality import gold_bodies

ARTICLES = SITE.articles
GMT_LINE = re.compile(r"GMT\s+[0-9٠-٩]{2}:[0-9٠-٩]{2}\s+[0-9٠-٩]{4}")


def page(article: Any, layout: str) -> str:
    encoding = layouts.ENCODINGS.get(layout, "utf-8")
    return layouts.render(article, layout).decode(encoding)


def tree(article: Any, layout: str) -> Any:
    return lxml_html.fromstring(page(article, layout))


def ld_blocks(text: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)


# ---- the corpus ----------------------------------------------------------------------------------
def test_at_least_twelve_layouts_each_described() -> None:
    assert len(layouts.LAYOUTS) >= 12
    assert len(set(layouts.LAYOUTS)) == len(layouts.LAYOUTS)
    assert set(layouts.DESCRIPTIONS) == set(layouts.LAYOUTS)
    assert all("\n" not in d and len(d) > 20 for d in layouts.DESCRIPTIONS.values())


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_pages_are_reproducible_and_distinct(layout: str) -> None:
    first = [layouts.render(a, layout) for a in ARTICLES]
    assert first == [layouts.render(a, layout) for a in ARTICLES]
    assert len(set(first)) == len(ARTICLES)


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_no_layout_has_the_snapshot_markup(layout: str) -> None:
    """The markup the extractor was written for is absent from every layout."""
    for article in ARTICLES:
        text = page(article, layout)
        for marker in ('id="balmon"', 'class="coring"', 'class="newstitle"', 'class="newsdate"'):
            assert marker not in text, (layout, article.article_id, marker)


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_truth_is_what_the_page_shows(layout: str) -> None:
    """Every value of the truth is on the page (whitespace folded, as the export cleans text);
    the body is the gold body; a page to drop has a record of nothing as its truth."""
    gold = gold_bodies()
    for article in ARTICLES:
        truth = layouts.expected(article, layout)
        text = " ".join(html.unescape(page(article, layout)).split())
        assert list(truth) == list(S.FIELDS)
        if layouts.drop_reason(article, layout) is not None:
            assert truth == S.empty_item()
            continue
        if layout in layouts.PARTIAL_BODY:  # part of the article: the first paragraphs of it
            shown = truth["articleBody"].split("\n")
            assert shown == gold[article.article_id].split("\n")[: len(shown)]
            assert truth["articleBody"] != gold[article.article_id]
        else:
            assert truth["articleBody"] == gold[article.article_id]
        assert truth["url"] == layouts.url(article, layout)
        for field in ("headline", "description", "articleSection", "dateline"):
            assert truth[field] is None or truth[field] in text, (article.article_id, field)
        for field in ("datePublishedRaw", "dateModifiedRaw"):
            assert truth[field] is None or truth[field] in text, (article.article_id, field)
        if layout in layouts.UNREADABLE_DATE:  # an impossible date: the line kept, no date
            assert truth["datePublished"] is None and truth["datePublishedRaw"] is not None
        else:
            assert (truth["datePublished"] is None) == (truth["datePublishedRaw"] is None)
        assert (truth["dateModified"] is None) == (truth["dateModifiedRaw"] is None)
        for author in truth["authors"]:
            assert author["nameRaw"] in text, (article.article_id, author)
            assert author["name"] != "المغرب اليوم"
        for keyword in truth["keywords"]:
            assert keyword in text
        if truth["mainImage"]:
            assert truth["mainImage"]["url"] in text
            assert truth["mainImage"]["caption"] is None or truth["mainImage"]["caption"] in text
        for related in truth["relatedArticles"]:
            assert related["headline"] in text


def test_h2_only_layouts_have_no_headline_h1() -> None:
    for article in ARTICLES:
        assert not tree(article, "jsonld_array").xpath("//h1")
        h1s = tree(article, "joomla_og").xpath("//h1")
        assert len(h1s) == 1 and h1s[0].xpath(".//img[@alt='المغرب اليوم']")
        for layout in ("jsonld_array", "joomla_og"):
            h2 = tree(article, layout).xpath("//h2/text()")
            assert article.data["headline"] in h2


def test_headline_only_in_og_title() -> None:
    for article in ARTICLES:
        doc = tree(article, "br_text")
        headline = article.data["headline"]
        assert not doc.xpath("//h1")
        assert all(headline not in h.text_content() for h in doc.xpath("//h2|//h3|//div"))
        og = doc.xpath("//meta[@property='og:title']/@content")[0]
        assert og in (f"{headline} - المغرب اليوم", f"{headline} | المغرب اليوم")


def test_br_text_body_has_no_paragraphs_and_glues_on_a_naive_join() -> None:
    glued = 0
    for article in ARTICLES:
        details = tree(article, "br_text").xpath("//div[@class='details']")[0]
        assert not details.xpath(".//p|.//div")
        assert details.xpath(".//br")
        dateline = article.dateline()
        if dateline + article.data["body"][0][:5] in details.text_content():
            glued += 1
    assert glued >= 20


def test_div_body_has_no_paragraphs() -> None:
    for article in ARTICLES:
        body = tree(article, "drupal_time").xpath("//div[contains(@class,'field--name-body')]")[0]
        assert not body.xpath(".//p") and len(body.xpath("./div")) == len(article.data["body"])


@pytest.mark.parametrize("layout", ["wp_jsonld", "yoast_graph", "jsonld_array"])
def test_jsonld_layouts_have_dates_only_in_json_ld(layout: str) -> None:
    for article in ARTICLES:
        text = page(article, layout)
        head, body = text.split("<body", 1)
        assert not GMT_LINE.search(
            re.sub(r'<aside class="sidebar">.*?</aside>', "", body, flags=re.S).replace(
                "GMT 21:03:24", ""
            )
        )
        for marker in ("article:published_time", "itemprop", "<time"):
            assert marker not in text
        assert article.published.strftime("%Y-%m-%d") not in body.split('<section id="comments"')[0]
        assert ld_blocks(head)


def test_json_ld_variants_a_tolerant_reader_must_survive() -> None:
    for article in ARTICLES:
        blocks = ld_blocks(page(article, "yoast_graph"))
        assert len(blocks) == 2
        with pytest.raises(json.JSONDecodeError):
            json.loads(blocks[0])  # a trailing comma, or the script wrapped in <!-- -->
        graph = json.loads(blocks[1])["@graph"]
        types = {node["@type"] for node in graph}
        assert {"WebPage", "Organization", "BreadcrumbList"} <= types
        blocks = ld_blocks(page(article, "jsonld_array"))
        assert blocks[0].strip().startswith("<!--")
        assert isinstance(json.loads(blocks[1]), list)
    kinds = {
        n["@type"]
        for a in ARTICLES
        for n in json.loads(ld_blocks(page(a, "yoast_graph"))[1])["@graph"]
    }
    assert {"OpinionNewsArticle", "ReportageNewsArticle", "NewsArticle", "Person"} <= kinds


def test_microdata_and_meta_layouts_carry_no_json_ld() -> None:
    for article in ARTICLES:
        text = page(article, "microdata")
        assert 'itemtype="https://schema.org/NewsArticle"' in text and not ld_blocks(text)
        assert "article:published_time" not in text
        text = page(article, "joomla_og")
        assert not ld_blocks(text) and "itemprop" not in text and "<time" not in text
        assert text.count('property="article:tag"') == len(article.data["keywords"])


def test_undated_page_has_only_other_articles_dates() -> None:
    for article in ARTICLES:
        text = page(article, "undated_sidebar")
        assert date_line(article.published, article.index) not in text
        assert article.published.strftime("%Y-%m-%dT") not in text
        assert len(GMT_LINE.findall(text)) >= 5  # the sidebar's teasers
        truth = layouts.expected(article, "undated_sidebar")
        assert truth["datePublished"] is None and truth["dateModified"] is None


def test_arabic_indic_date_lines() -> None:
    for layout in ("br_text", "dates_in_body", "portal_precedence"):
        raws = [layouts.expected(a, layout)["datePublishedRaw"] for a in ARTICLES]
        assert any(re.search("[٠-٩]{4}", r or "") for r in raws), layout


def test_windows_1256_pages_declare_it_only_in_meta() -> None:
    declared = set()
    for article in ARTICLES:
        body = layouts.render(article, "cp1256_portal")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        text = body.decode("cp1256")
        assert article.data["headline"] in text
        declared.add("http-equiv" if "http-equiv" in text else "charset")
    assert declared == {"http-equiv", "charset"}
    assert "charset" not in layouts.content_type("cp1256_portal")


def test_render_site_serves_every_article_in_the_layout(tmp_path: Path) -> None:
    root = layouts.render_site("cp1256_portal", tmp_path / "site")
    article = ARTICLES[3]
    with served(SnapshotServer(root)) as server:
        with urllib.request.urlopen(server.url + layouts.url(article)[len(BASE) :]) as r:
            assert r.read() == layouts.render(article, "cp1256_portal")
            assert r.headers["Content-Type"] == "text/html"
        with urllib.request.urlopen(server.url + "/") as r:
            assert r.status == 200


def test_blogger_headline_is_an_h3_below_a_date_only_h2() -> None:
    for article in ARTICLES:
        doc = tree(article, "blogger_divs")
        assert not doc.xpath("//h1")
        assert doc.xpath("//h3[contains(@class,'post-title')]/text()") == [article.data["headline"]]
        assert doc.xpath("//h2[@class='date-header']")
        body = doc.xpath("//div[contains(@class,'post-body')]")[0]
        assert not body.xpath(".//p") and body.xpath("./div[br]")


# ---- the layouts of more.py ---------------------------------------------------------------------
def test_more_layouts_are_registered() -> None:
    assert len(layouts.LAYOUTS) >= 19
    assert set(MORE) <= set(layouts.LAYOUTS) and set(MORE).isdisjoint(TEMPLATES)


def test_third_layouts_are_registered() -> None:
    assert len(layouts.LAYOUTS) >= 27
    assert set(THIRD) <= set(layouts.LAYOUTS)
    assert set(THIRD).isdisjoint(TEMPLATES) and set(THIRD).isdisjoint(MORE)


def test_adversarial_layouts_are_registered() -> None:
    assert len(ADVERSARIAL) >= 6 and len(layouts.LAYOUTS) >= 35
    assert set(ADVERSARIAL) <= set(layouts.LAYOUTS)
    assert set(ADVERSARIAL).isdisjoint(TEMPLATES) and set(ADVERSARIAL).isdisjoint(MORE)
    assert set(ADVERSARIAL).isdisjoint(THIRD)


def test_adversarial_traps_are_on_the_page() -> None:
    """Each adversarial page carries the wrong value it tempts with."""
    for article in ARTICLES:
        (ld,) = [json.loads(b) for b in ld_blocks(page(article, "org_author_only"))]
        authors = ld["author"] if isinstance(ld["author"], list) else [ld["author"]]
        assert [a["name"] for a in authors] == ["المغرب اليوم"] and "Person" not in str(ld)
        assert not tree(article, "org_author_only").xpath("//*[@itemprop] | //time")
        t = tree(article, "section_h1")
        assert t.xpath("//h1/text()")[0] != article.data["headline"]
        t = tree(article, "teasers_first")
        teasers = t.xpath("//article[@class='teaser']")
        assert len(teasers) >= 3 and all(GMT_LINE.search(x.text_content()) for x in teasers)
        main = t.xpath("//article[contains(@class,'single')]")[0]
        assert not GMT_LINE.search(main.text_content())
        t = tree(article, "related_under_headline")
        assert GMT_LINE.search(t.xpath("//div[@class='related-top']")[0].text_content())
        assert t.xpath("//div[@class='related-top']//a[@class='author']")
        assert not GMT_LINE.search(t.xpath("//div[@class='article-text']")[0].text_content())
        t = tree(article, "comments_in_article")
        assert t.xpath("//article//a[contains(@href,'/user/')]")
        assert GMT_LINE.search(t.xpath("//article")[0].text_content())
        assert not t.xpath("//aside//a[contains(@href,'/user/')]")
        t = tree(article, "site_name_titles")
        assert not t.xpath("//h1") and t.xpath("//title/text()") == ["المغرب اليوم | الرئيسية"]
        assert t.xpath("//meta[@property='og:title']/@content") == ["المغرب اليوم"]
        line = layouts.expected(article, "impossible_date")["datePublishedRaw"]
        assert GMT_LINE.search(line) and (",31 " in line or ",30 " in line)
        t = tree(article, "microdata_teaser")
        urls = t.xpath("//*[@itemprop='url']/@href")
        assert urls and all(u != layouts.url(article) for u in urls)
        assert not GMT_LINE.search(t.xpath("//div[@class='article']")[0].text_content())


def test_two_h1_and_article_cards() -> None:
    for article in ARTICLES:
        doc = tree(article, "two_h1_cards")
        h1s = doc.xpath("//h1")
        assert len(h1s) == 2
        assert "المغرب اليوم" in h1s[0].text_content() + " ".join(h1s[0].xpath(".//img/@alt"))
        assert h1s[1].text_content() == article.data["headline"]
        cards = doc.xpath("//article[@class='card']")
        assert len(cards) >= len(article.data["related"]) and all(
            c.xpath(".//h2") and c.xpath(".//time/@datetime") for c in cards
        )


def test_live_blog_entries_carry_site_date_lines() -> None:
    gold = gold_bodies()
    for article in ARTICLES:
        doc = tree(article, "live_blog")
        lines = doc.xpath("//div[@class='entry-time']/text()")
        assert len(lines) == len(article.data["body"]) - 1
        assert all(GMT_LINE.match(line) and line not in gold[article.article_id] for line in lines)


def test_gallery_captions_are_not_body_text() -> None:
    gold = gold_bodies()
    for article in ARTICLES:
        doc = tree(article, "photo_gallery")
        figures = doc.xpath("//figure[@class='gallery-item']")
        assert len(figures) >= 6
        assert figures[0].xpath("./img/@src") == [article.image("large")]
        for caption in doc.xpath("//figcaption"):
            assert caption.text_content() not in gold[article.article_id]


def test_json_ld_dates_are_three_days_off_the_visible_line() -> None:
    for article in ARTICLES:
        text = page(article, "jsonld_conflict")
        ld = json.loads(ld_blocks(text)[0])
        stated = datetime.fromisoformat(ld["datePublished"])
        assert abs(stated - article.published) == timedelta(days=3)
        assert date_line(article.published, article.index) in text


def test_paginated_pages_show_the_first_half_and_link_page_two() -> None:
    for article in ARTICLES:
        text = page(article, "paginated")
        body = article.data["body"]
        shown = -(-len(body) // 2)
        assert "?page=2" in text and body[shown][:40] not in html.unescape(text)


def test_signature_and_dates_come_after_the_text() -> None:
    for article in ARTICLES:
        text = page(article, "signature_after_body")
        body_end = text.index("article-footer")
        assert not GMT_LINE.search(text[text.index("<h1") : body_end])
        assert date_line(article.published, article.index) in text[body_end:]
        if article.data.get("reporter") or article.data.get("writer"):
            assert 'class="signature"' in text[:body_end]


def test_ghost_bio_is_on_the_page_never_in_the_body() -> None:
    gold = gold_bodies()
    with_ld = 0
    for article in ARTICLES:
        text = page(article, "ghost_post")
        doc = lxml_html.fromstring(text)
        assert doc.xpath("//article[contains(@class,'post-full')]//section[contains(@class,"
                         "'post-full-content')]/div[@class='post-content']/p")  # fmt: skip
        day = doc.xpath("//time[contains(@class,'post-full-meta-date')]/@datetime")
        assert day == [article.published.strftime("%Y-%m-%d")]
        bios = doc.xpath("//section[@class='author-card']//p/text()")
        assert bios and all(bio not in gold[article.article_id] for bio in bios)
        cards = doc.xpath("//article[contains(@class,'post-card')]//time/@datetime")
        assert len(cards) == 3  # "more in this section", each dated
        published = doc.xpath("//meta[@property='article:published_time']/@content")[0]
        assert published.endswith(".000Z")
        with_ld += bool(ld_blocks(text))
    assert 0 < with_ld < len(ARTICLES)


def test_ticker_and_most_read_come_before_the_article() -> None:
    for article in ARTICLES:
        text = page(article, "ticker_portal")
        h1 = text.index("<h1")
        before = GMT_LINE.findall(text[:h1])
        assert len(before) == 11  # 6 in the ticker, 5 in the most-read box
        assert "الأكثر قراءة" in text[:h1] and "عاجل" in text[:h1]
        meta_line = lxml_html.fromstring(text).xpath("//div[@class='meta']")[0].text_content()
        assert date_line(article.published, article.index) in meta_line
        assert "<aside" not in text[:h1] and "sidebar" not in text[:h1]


def test_item_list_comes_before_the_page_own_news_article() -> None:
    forms = set()
    for article in ARTICLES:
        url = layouts.url(article)
        entities: list[dict[str, Any]] = []
        blocks = [json.loads(b) for b in ld_blocks(page(article, "jsonld_itemlist"))]
        for block in blocks:
            entities += block if isinstance(block, list) else block.get("@graph", [block])
        forms.add((len(blocks), "@graph" in blocks[0]))
        assert [e["@type"] for e in entities] == ["ItemList", "NewsArticle"]
        items = [i["item"] for i in entities[0]["itemListElement"]]
        assert items and all(i["url"] != url and i["datePublished"] for i in items)
        own = entities[1]["mainEntityOfPage"]
        assert (own if isinstance(own, str) else own["@id"]) == url
    assert len(forms) == 3


def test_paragraph_blocks_ads_tweet_and_read_also() -> None:
    gold = gold_bodies()
    for article in ARTICLES:
        doc = tree(article, "paragraph_blocks")
        content = doc.xpath("//div[@class='article-content']")[0]
        assert not content.xpath("./p[not(@class)]")
        assert len(content.xpath("./div[@class='paragraph']")) >= len(article.data["body"]) + 1
        assert content.xpath("./div[@class='ad'][text()='إعلان']")
        tweet = content.xpath("./blockquote[@class='twitter-tweet']")[0]
        assert tweet.xpath("./p")[0].text.strip() not in gold[article.article_id]
        read_also = [
            n
            for n in content.xpath("./*")
            if n.text_content().startswith(("اقرأ أيضا", "اقرأ ايضا"))
        ]
        assert len(read_also) == 1 and len(read_also[0].xpath(".//a")) == 1


def test_print_page_has_no_meta_but_its_charset() -> None:
    for article in ARTICLES:
        text = page(article, "print_page")
        doc = lxml_html.fromstring(text)
        assert doc.xpath("//meta/@charset") == ["utf-8"] and len(doc.xpath("//meta")) == 1
        assert not doc.xpath("//link|//script|//figure|//p")
        assert not doc.xpath("//img[not(@alt='المغرب اليوم')]")
        assert doc.xpath("//h1/text()") == [article.data["headline"]]
        assert "جميع الحقوق محفوظة" in text and "<br" in text
        assert layouts.url(article, "print_page").endswith("?print=1")


def test_brief_pages_are_short_and_must_be_dropped() -> None:
    for article in ARTICLES:
        doc = tree(article, "brief_dropped")
        brief = doc.xpath("//div[@class='news-text']")[0].text_content().strip()
        assert len(brief) < 100 and brief.endswith(".") and brief.count("، ") == 1
        assert len(doc.xpath("//div[@class='block-news']//p")) == 4  # other articles' summaries
        assert layouts.drop_reason(article, "brief_dropped") == "no_body"
        assert layouts.expected(article, "brief_dropped") == S.empty_item()
    assert all(layouts.drop_reason(a, "wp_jsonld") is None for a in ARTICLES)


def test_eastern_digits_tatweel_and_spaces() -> None:
    raws = [layouts.expected(a, "eastern_digits")["datePublishedRaw"] for a in ARTICLES]
    assert sum(bool(re.search("[۰-۹]{4}", r)) for r in raws) >= 20
    assert sum(bool(re.search("[٠-٩]{4}", r)) for r in raws) >= 10
    assert sum(" ـ " in r for r in raws) >= 10
    assert sum(bool(re.search("[^ ]ـ[^ ]", r)) for r in raws) >= 10
    spaced = [page(a, "eastern_digits") for a in ARTICLES if a.index % 4 == 2]
    assert spaced and all("GMT  " in t and "&nbsp;," in t for t in spaced)


def test_latin1_header_is_wrong_for_the_windows_1256_page(tmp_path: Path) -> None:
    header = layouts.content_type("latin1_header")
    assert header == "text/html; charset=iso-8859-1"
    for article in ARTICLES:
        body = layouts.render(article, "latin1_header")
        assert not re.search("[\u0600-\u06ff]", body.decode("iso-8859-1"))
        text = body.decode("cp1256")
        assert 'content="text/html; charset=windows-1256"' in text
        assert article.data["headline"] in text
    root = layouts.render_site("latin1_header", tmp_path / "site")
    with served(SnapshotServer(root)) as server:
        with urllib.request.urlopen(server.url + layouts.url(ARTICLES[5])[len(BASE) :]) as r:
            assert r.headers["Content-Type"] == header


# ---- extraction ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def results() -> list[S.Pair]:
    return S.run()


@pytest.fixture(scope="module")
def by_layout(results: list[S.Pair]) -> dict[str, list[S.Pair]]:
    grouped: dict[str, list[S.Pair]] = {}
    for pair in results:
        grouped.setdefault(pair[0], []).append(pair)
    return grouped


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_fast_chain_is_conftest_extract(layout: str) -> None:
    """The scoring's extraction chain, built once, gives what ``tests.conftest.extract`` gives."""
    fast = S.pipeline_extractor()
    for article in ARTICLES[:: len(ARTICLES) // 3]:
        body = layouts.render(article, layout)
        url = layouts.url(article, layout)
        assert fast(url, body) == S.conftest_extract(url, body)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 240 else text[:240] + "…"


@pytest.mark.parametrize("field", S.FIELDS)
@pytest.mark.parametrize("layout", layouts.LAYOUTS)
def test_field(by_layout: dict[str, list[S.Pair]], layout: str, field: str) -> None:
    wrong = []
    for _, want, got in by_layout[layout]:
        value = (got or S.empty_item()).get(field)
        if value != want[field]:
            wrong.append(f"  {want['articleId']}: got {_short(value)}, want {_short(want[field])}")
    assert not wrong, (
        f"{layout}.{field}: {len(wrong)}/{len(by_layout[layout])} wrong\n" + "\n".join(wrong[:5])
    )


def test_brief_pages_are_rejected_by_the_page_object() -> None:
    """The spider drops a :class:`~newscrawl.pages.Rejection`: the brief must be one."""
    reasons = []
    for article in ARTICLES:
        url = layouts.url(article, "brief_dropped")
        rejection = S.rejection(url, layouts.render(article, "brief_dropped"))
        if rejection is None or rejection.reason != layouts.drop_reason(article, "brief_dropped"):
            reasons.append(f"  {article.article_id}: {rejection}")
    assert not reasons, f"{len(reasons)}/{len(ARTICLES)} not rejected as no_body\n" + "\n".join(
        reasons[:5]
    )


def test_aggregate_scores(results: list[S.Pair]) -> None:
    figures = S.score(results)
    mean = figures["mean"]
    report = S.table(figures)
    assert mean["fields_right"] / mean["fields_total"] >= 0.97, report
    assert mean["precision"] >= 0.97 and mean["recall"] >= 0.97, report
    assert mean["wrong_dates"] == 0, report
