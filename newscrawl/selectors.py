"""Every CSS and XPath expression of newscrawl, named, with the page region it reads.

Classes marked [real] were seen on the site's pages; [recon] marks markup the snapshot
reconstructs (SITE.md). Where SITE.md names no class, the page objects find an element by what it
contains (the date line by its pattern, the related block by its heading), and the expressions
here only narrow the search.
"""

from __future__ import annotations

import re

# ---- page head [real] -------------------------------------------------------------------------
TITLE = "title::text"
META_DESCRIPTION = 'meta[name="description"]::attr(content)'
META_KEYWORDS = 'meta[name="keywords"]::attr(content)'
META_NEWS_KEYWORDS = 'meta[name="news_keywords"]::attr(content)'
CANONICAL = 'link[rel="canonical"]::attr(href)'
OG_TITLE = 'meta[property="og:title"]::attr(content)'
OG_DESCRIPTION = 'meta[property="og:description"]::attr(content)'
OG_IMAGE = 'meta[property="og:image"]::attr(content)'
OG_URL = 'meta[property="og:url"]::attr(content)'
# the site's non-standard OpenGraph keys: "og:article:author", "og:article:section"
OG_AUTHOR = 'meta[property="og:article:author"]::attr(content), meta[property="article:author"]::attr(content)'
OG_SECTION = 'meta[property="og:article:section"]::attr(content), meta[property="article:section"]::attr(content)'
META_PUBLISHED = (
    'meta[property="article:published_time"]::attr(content), '
    'meta[itemprop="datePublished"]::attr(content), meta[name="pubdate"]::attr(content)'
)
META_MODIFIED = (
    'meta[property="article:modified_time"]::attr(content), '
    'meta[property="og:updated_time"]::attr(content), meta[itemprop="dateModified"]::attr(content)'
)
HTML_LANG = "/html/@lang"
BASE_HREF = "base::attr(href)"

# ---- article column ---------------------------------------------------------------------------
# [recon] the headline h1 inside the article column: every h1 of the page, in document order, but
# the homepage's "h1.page-title" (the site title "المغرب اليوم | أخبار المغرب والعالم العربي");
# a template's logo may come first, and the page object skips an h1 that is the site's name
HEADLINES = "//h1[not(contains(concat(' ', normalize-space(@class), ' '), ' page-title '))]"
# a headline set in h2 (no link, no section title) or an h2/h3 that repeats og:title
HEADLINE_H2 = (
    "//h2[not(.//a) and not(contains(concat(' ', normalize-space(@class), ' '), ' page-title '))]"
)
SUBHEADINGS = "//h2 | //h3"
# an element's class in lower case, for templates that write "Path" or "PicComment"
_CLASS = "translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
# the links of a breadcrumb trail ("الرئيسية > أخبار عاجلة > ...")
# (Joomla calls it "pathway", older templates "path")
BREADCRUMB_LINKS = (
    "//*[contains(translate(@class, 'BREADCUMS', 'breadcums'), 'breadcrumb') or "
    "contains(translate(@id, 'BREADCUMS', 'breadcums'), 'breadcrumb') or "
    f"contains(concat(' ', normalize-space({_CLASS}), ' '), ' path ') or "
    f"contains(concat(' ', normalize-space({_CLASS}), ' '), ' pathway ')]//a"
)
# "article:tag" meta, one per keyword (OpenGraph)
META_TAGS = 'meta[property="article:tag"]::attr(content)'
# pictures of a page, in document order (AMP pages write <amp-img>)
ARTICLE_IMAGES = "//img | //amp-img"
# the caption beside an image in its block: "itemImageCaption", "tr-caption", "wp-caption-text"
CAPTION_IN_BLOCK = (
    ".//*[contains(translate(@class, 'CAPTION', 'caption'), 'caption') and not(self::img)]"
)
# a short description beside an image ("pic-desc", "photo-desc"), read only right next to it
# ("PicComment" in older portals)
DESC_IN_BLOCK = (
    f"./*[(contains({_CLASS}, 'desc') or contains({_CLASS}, 'comment') or "
    f"contains({_CLASS}, 'title')) and not(self::img or self::h1 or self::h2 or self::a)]"
)
# writers' names in a template's byline: rel=author links, "author" links, "author-name"s,
# links to the writer's page
_AUTHOR_NAMES = (
    "{0}a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')] | "
    "{0}a[contains(concat(' ', normalize-space(@class), ' '), ' author ')] | "
    "{0}*[contains(concat(' ', normalize-space(@class), ' '), ' author-name ')] | "
    "{0}a[contains(@href, '/author/') and normalize-space(.) != '']"
)
AUTHOR_NAMES = _AUTHOR_NAMES.format("//")
AUTHOR_NAMES_IN = _AUTHOR_NAMES.format(".//")
# a category or primary-tag link in the article's header (the page object also takes a link
# whose class says category, or that leads to one of the site's section listings)
CATEGORY_LINKS = ".//a[@href]"
# a dateline or byline in a block of its own ("span.reporter", ".dateline", ".byline")
REPORTER_BLOCKS = (
    f"//*[contains({_CLASS}, 'reporter') or contains({_CLASS}, 'dateline') or "
    f"contains({_CLASS}, 'byline') or contains({_CLASS}, 'source')][not(self::a)]"
)
# a closing signature naming the writers
SIGNATURES = f"//*[contains({_CLASS}, 'signature')]"
# a bold lead-in of a paragraph: "<strong>الرباط - المغرب اليوم</strong> أعلنت ..."
LEAD_BOLD = "(.//strong | .//b)[1]"
# blocks of text: paragraphs, and <div>s that hold no other block
TEXT_BLOCKS = "//p | //div[not(.//div or .//p or .//table)] | //td[not(.//td or .//p or .//div)]"
# captions of any template: <figcaption>, "h3.caption", "*.caption", "*.wp-caption-text"
CAPTIONS = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')] | "
    "//*[contains(@class, 'caption-text')]"
)
# elements that may be a related block's heading (its own text is checked by pattern)
RELATED_HEADING_CANDIDATES = (
    "//h2 | //h3 | //h4 | //h5 | //strong | //b | //p | //span | //th | "
    "//*[not(*) and string-length(normalize-space(.)) < 60]"
)
# blocks whose class or id says they list related articles
RELATED_BOXES = (
    "//*[self::div or self::ul or self::section or self::aside][contains(@class, 'related') or "
    "contains(@id, 'related') or contains(@class, 'relatedinline')]"
)
# [recon] the article's own date lines sit right under the h1, in the sidebar's form
# "GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر"; the update line starts "آخر تحديث".
HEADLINE_SIBLINGS = "following-sibling::*[position() <= 4]"
# [recon] breadcrumb-like section title
SECTION_TITLE = "h2.page-title a::text, h2.page-title::text"
# [real] body container of the site, "div#balmon > p" (a 2019 scraper of the site used it)
BODY = "div#balmon"
BODY_PARAGRAPHS = "div#balmon > p"
# [real] image block: "div.image_container img[alt='المغرب اليوم - {title}']" with "h3.caption"
IMAGE_CONTAINER = "div.image_container"
IMAGE_SRC = "img::attr(src)"
IMAGE_CAPTION = "h3.caption ::text"
# [real] the dateline "{city} - {reporter}" in "h4.coring" (or "div.cauthorboy > h5")
DATELINE = "div#balmon h4.coring, h4.coring, div.cauthorboy > h5"
# [real] the inline related box inside the body, between two paragraphs [recon: a div]
INLINE_RELATED_LINKS = "div#balmon > div a[href]"
# any link, for the related block found by its heading
LINKS = "a[href]"

# ---- listings [real] --------------------------------------------------------------------------
LISTING_HEADLINE_LINKS = (
    "h2.housemaintitle a, h3.housemaintitle a, p.newsalsokuttisubtitle a, div.anatext a"
)
# pagination: Joomla "?start=20" with a link "التالي"
NEXT_PAGE = (
    "//a[@rel='next']/@href | //a[normalize-space(.)='التالي' or normalize-space(.)='التالي »' "
    "or normalize-space(.)='»']/@href"
)

# ---- RSS ----------------------------------------------------------------------------------------
RSS_ITEMS = "//item"
RSS_LINK = "link/text()"
RSS_GUID = "guid/text()"
RSS_PUBDATE = "pubDate/text()"

# ---- text patterns ------------------------------------------------------------------------------
# "GMT 02:57 2025 الجمعة ,14 تشرين الثاني / نوفمبر": the site's full date line
# (digits in any script: "\d" is Unicode; a tatweel or dash may stand between time and year);
# the English edition writes "GMT 11:43 2018 Thursday ,30 August" [real: emiratesvoice.com], and
# a site whose clocks are local time names the zone instead of GMT: "توقيت القاهرة المحلي 00:12:44"
# [real: egypt-today.com's header clock], read in the site's clock_zone (newscrawl/sites.toml)
DATE_LINE_RE = re.compile(
    r"(?:GMT|توقيت\s+\S+\s+المحلي)\s*\d{1,2}:\d{2}(?::\d{2})?[\sـ\-–,،]*\s\d{4}\s"
)
# "آخر تحديث" (last update) opens the update line, in other templates also "تم التحديث" and
# "محدث", on the English edition "Last Updated : GMT 09:12:05" [real: emiratesvoice.com];
# "نشر في" (published on) may open the other
UPDATED_PREFIX_RE = re.compile(
    r"^\s*(?:آخر|اخر)\s+تحديث|^\s*تم\s+التحديث|^\s*محدث|^\s*(?:last\s+)?updated\b", re.I
)
# "قد يهمك ايضا :" opens the related block (also "قد يهمك أيضاً", "اقرأ أيضا")
# (the English edition: "Read also :", "You may also like")
RELATED_HEADING_RE = re.compile(
    r"^\s*(?:قد\s+يهمك|اقرأ\s+أيضا|اقرأ\s+ايضا|اقرأ\s+أيضاً|read\s+also|also\s+read|"
    r"you\s+may\s+also\s+like)",
    re.I,
)
# headings of a related block in other templates: "اقرأ أيضاً", "مقالات ذات صلة", "أخبار ذات صلة"
RELATED_ANY_HEADING_RE = re.compile(
    r"^\s*(?:قد\s+يهم(?:ك|كم)|(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|ايضا|أيضاً|ايضاً|المزيد)|"
    r"(?:مقالات|أخبار|اخبار|مواضيع|موضوعات)\s+(?:ذات\s+صلة|متعلقة|مشابهة)|ذات\s+صلة|"
    r"read\s+also|also\s+read|you\s+may\s+also\s+like|related\s+(?:articles|news|stories))",
    re.I,
)


#: the selectors a site's entry of ``newscrawl/sites.toml`` may override (``[site.selectors]``,
#: ``BODY = "div.article-body"``): the article regions a sister site may name otherwise
OVERRIDABLE = frozenset({"BODY", "DATELINE", "SECTION_TITLE"})
