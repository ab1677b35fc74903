"""The real 2025 article page (its text, read in place from ../shared/seeds/), rendered into the
snapshot's article layout in the order the real page reads, then extracted.

The seed is third-party text: it is never copied into the repository, and this test skips where
the folder is absent.
"""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl.dates import parse_date
from newscrawl.text import split_sentences
from sitesnapshot.render import Article, render_article
from tests.conftest import SEED, extract, real_material

SIDEBAR_MARK = "GMT "


def _slug(text: str) -> str:
    return "-".join(text.replace('"', "").replace(":", "").split()[:8])


def _read_seed() -> dict[str, Any]:
    """The seed's parts by their place in the page's reading order (SITE.md, "Article page")."""
    lines = [line.strip() for line in real_material(SEED).read_text(encoding="utf-8").splitlines()]
    headline = lines[0]
    label = f"المغرب اليوم - {headline}"
    at = lines.index(label)
    after = [i for i in range(at + 1, len(lines)) if lines[i]]
    caption, dateline = lines[after[0]], lines[after[1]]
    end = lines.index("قد يهمك ايضا :")
    body: list[str] = []
    inline = None
    for line in lines[after[1] + 1 : end]:
        if not line:
            continue
        if line.startswith(headline) and line != headline:
            # the inline related box: its image alt (the headline) glued to the linked headline
            inline = line[len(headline) :]
            continue
        body.append(line)
    related = []
    for line in lines[end + 1 :]:
        if line == "almaghribtoday":
            break
        if line:
            related.append(line)
    sidebar = []
    for i, line in enumerate(lines):
        if line.startswith(SIDEBAR_MARK) and i + 2 < len(lines):
            title = next(x for x in lines[i + 1 :] if x)
            sidebar.append((line, title))
    return {
        "headline": headline,
        "caption": caption,
        "dateline": dateline,
        "body": body,
        "inline": inline,
        "related": related,
        "sidebar": sidebar,
    }


def _stub(headline: str, index: int, when: str = "2025-11-14T02:57:00") -> Article:
    return Article(
        {
            "section": "314",
            "time": "101010",
            "slug": _slug(headline),
            "headline": headline,
            "published": when,
            "city": "القاهرة",
            "reporter": None,
            "image": "2025/11/x.jpg",
        },
        index,
    )


@pytest.fixture(scope="module")
def seed_item() -> tuple[dict[str, Any], dict[str, Any]]:
    seed = _read_seed()
    sidebar = []
    for n, (line, title) in enumerate(seed["sidebar"]):
        when = parse_date(line)
        assert when is not None, line
        sidebar.append(_stub(title, n, when.strftime("%Y-%m-%dT%H:%M:%S")))
    html = render_article(
        {
            "headline": seed["headline"],
            "body": seed["body"],
            "caption": seed["caption"],
            "image": "2021/07/putin.jpg",
            "keywords": [],
        },
        path="/314/210324-" + _slug(seed["headline"]),
        related=[_stub(h, i) for i, h in enumerate(seed["related"])],
        inline=_stub(seed["inline"], 9) if seed["inline"] else None,
        sidebar=sidebar,
        dateline=seed["dateline"],
    )
    item, _ = extract(
        "https://www.almaghribtoday.net/314/210324-" + _slug(seed["headline"]), html.encode("utf-8")
    )
    return seed, item


def test_seed_headline_dateline_caption(seed_item: tuple[dict[str, Any], dict[str, Any]]) -> None:
    seed, item = seed_item
    assert item["headline"] == seed["headline"]
    assert item["dateline"] == "لندن"
    assert item["authors"] == []  # "لندن - المغرب اليوم" is a staff piece
    assert item["mainImage"]["caption"] == "الرئيس الروسي فلاديمير بوتين"


def test_seed_first_and_last_body_sentences(
    seed_item: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    seed, item = seed_item
    sentences = split_sentences(item["articleBody"])
    assert sentences[0] == split_sentences(seed["body"][0])[0]
    assert sentences[-1] == split_sentences(seed["body"][-1])[-1]
    assert sentences[0].startswith("أكد الرئيس الروسي فلاديمير بوتين")


@pytest.mark.parametrize(
    "needle",
    ["قد يهمك ايضا", "الإسم *", "almaghribtoday", "inline", "sidebar", "related"],
)
def test_seed_body_has_no_boilerplate(
    seed_item: tuple[dict[str, Any], dict[str, Any]], needle: str
) -> None:
    seed, item = seed_item
    body = item["articleBody"]
    if needle == "inline":
        assert seed["inline"] and seed["inline"] not in body
    elif needle == "sidebar":
        assert seed["sidebar"]
        for line, title in seed["sidebar"]:
            assert line not in body and title not in body
    elif needle == "related":
        assert seed["related"]
        for headline in seed["related"]:
            assert headline not in body
    else:
        assert needle not in body


def test_seed_related_articles(seed_item: tuple[dict[str, Any], dict[str, Any]]) -> None:
    seed, item = seed_item
    headlines = [r["headline"] for r in item["relatedArticles"]]
    assert headlines == [*seed["related"], seed["inline"]]


def test_seed_page_takes_no_date_from_the_sidebar(
    seed_item: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """The real page has no date line of its own above the body: the sidebar's dates, which
    belong to other articles, must not become its date."""
    _, item = seed_item
    assert item["datePublishedRaw"] is None and item["datePublished"] is None
