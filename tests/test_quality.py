"""Item quality: clean bodies against the gold file, the JSON Schema, one record per article."""

from __future__ import annotations

import json
from typing import Any

import jsonschema_rs
import pytest
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem

from newscrawl.items import ArticleItem
from newscrawl.pipelines import SCHEMA_PATH, DedupPipeline, ValidationPipeline
from sitesnapshot.server import DEFAULT_ROOT
from tests.conftest import extract, make_spider
from tests.expected import SITE
from tests.quality import gold_bodies, precision_recall

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def snapshot_items() -> dict[str, dict[str, Any]]:
    items = {}
    for article in SITE.articles:
        url = "https://www.almaghribtoday.net" + article.path
        item, _ = extract(url, (DEFAULT_ROOT / article.file).read_bytes())
        items[item["articleId"]] = item
    return items


def test_gold_file_covers_every_snapshot_article() -> None:
    assert set(gold_bodies()) == {a.article_id for a in SITE.articles}


def test_body_sentence_precision_and_recall(snapshot_items: dict[str, dict[str, Any]]) -> None:
    gold = gold_bodies()
    precision, recall = precision_recall(
        (snapshot_items[k]["articleBody"], body) for k, body in gold.items()
    )
    assert precision >= 0.99 and recall >= 0.99, (precision, recall)


def test_bodies_equal_the_gold_exactly(snapshot_items: dict[str, dict[str, Any]]) -> None:
    wrong = [k for k, body in gold_bodies().items() if snapshot_items[k]["articleBody"] != body]
    assert not wrong


@pytest.mark.parametrize(
    "needle",
    [
        "قد يهمك",
        "المغرب اليوم -",
        "almaghribtoday",
        "الإسم *",
        "شروط",
        "تابعونا",
        "اقرأ أيضا",
        "GMT",
        "&nbsp;",
        "&quot;",
        "\u00a0",
    ],
)
def test_no_boilerplate_in_any_body(snapshot_items: dict[str, dict[str, Any]], needle: str) -> None:
    assert not [k for k, item in snapshot_items.items() if needle in item["articleBody"]]


def test_no_repeated_headline_or_dateline_in_bodies(
    snapshot_items: dict[str, dict[str, Any]],
) -> None:
    for item in snapshot_items.values():
        lines = item["articleBody"].split("\n")
        assert item["headline"] not in lines
        assert (
            not [line for line in lines if line.startswith(f"{item['dateline']} ")]
            if item["dateline"]
            else True
        )


def test_every_snapshot_item_is_valid(snapshot_items: dict[str, dict[str, Any]]) -> None:
    for item in snapshot_items.values():
        errors = [e.message for e in VALIDATOR.iter_errors(item)]
        assert not errors, (item["articleId"], errors)


def test_schema_takes_arabic_urls_as_iris_not_uris() -> None:
    url = "https://www.almaghribtoday.net/314/102152-الخلاف-يحبط"
    checker = Draft202012Validator.FORMAT_CHECKER
    assert checker.conforms(url, "iri")
    assert not checker.conforms(url, "uri")  # why the schema says "iri"


def _valid_item() -> dict[str, Any]:
    article = SITE.articles[0]
    item, _ = extract(
        "https://www.almaghribtoday.net" + article.path, (DEFAULT_ROOT / article.file).read_bytes()
    )
    return item


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", ""),
        ("headline", None),
        ("articleBody", "  "),
        ("url", "not a url"),
        ("canonicalUrl", "javascript:alert(1)"),
        ("datePublished", "14/11/2025"),
        ("dateModified", "2025-11-14T02:57:00Z"),
        ("keywords", ["a", "a"]),
        ("authors", [{"name": "x"}]),
        ("mainImage", {"url": "ftp://x/y.jpg", "caption": None}),
        ("articleId", "no-slash"),
        ("inLanguage", "Arabic"),
    ],
    ids=[
        "empty-headline",
        "null-headline",
        "blank-body",
        "bad-url",
        "javascript-canonical",
        "non-iso-date",
        "z-offset",
        "repeated-keyword",
        "author-without-raw",
        "ftp-image",
        "bad-article-id",
        "bad-language",
    ],
)
def test_invalid_item_is_dropped_logged_and_counted(
    field: str, value: Any, caplog: pytest.LogCaptureFixture
) -> None:
    spider = make_spider()
    pipeline = ValidationPipeline.from_crawler(spider.crawler)
    data = _valid_item()
    data[field] = value
    item = ArticleItem(**data)
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(item)
    assert data["url"] in str(dropped.value) and field in str(dropped.value)
    assert spider.crawler.stats.get_value(f"newscrawl/invalid/{field}") == 1
    assert spider.crawler.stats.get_value("newscrawl/invalid") == 1


_PIPELINE = ValidationPipeline.from_crawler(make_spider().crawler)
_VALID = _valid_item()


def test_valid_item_passes_unchanged() -> None:
    spider = make_spider()
    data = _valid_item()
    item = ArticleItem(**data)
    assert ValidationPipeline.from_crawler(spider.crawler).process_item(item) is item
    assert ItemAdapter(item).asdict() == data


def test_dedup_keeps_the_first_record_of_an_article() -> None:
    spider = make_spider()
    pipeline = DedupPipeline.from_crawler(spider.crawler)
    data = _valid_item()
    first = ArticleItem(**data)
    again = ArticleItem(
        **{**data, "url": data["url"].replace("https://www.", "http://host.arabstoday.net/amp/")}
    )
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem):
        pipeline.process_item(again)
    assert spider.crawler.stats.get_value("newscrawl/duplicate") == 1


def test_the_schema_is_validated_as_the_dialect_it_declares() -> None:
    """Draft 2020-12, as ``newscrawl/schema.json`` declares, with formats checked: a URL that
    is no IRI and a date that is no date-time fail (a draft-07 relabelling would not say)."""
    pipeline = _PIPELINE.checker
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert isinstance(pipeline.validator, jsonschema_rs.Draft202012Validator)
    assert pipeline.problems(ArticleItem(**_VALID)) == {}
    assert "url" in pipeline.problems(ArticleItem(**{**_VALID, "url": "http://a b/<x>"}))
    bad_date = {**_VALID, "datePublished": "2025-13-45T99:00:00+00:00"}
    assert "datePublished" in pipeline.problems(ArticleItem(**bad_date))


_TEXT_CASES = [
    "نص",
    "a",
    "سطر\nسطر",
    "نص\n",  # Python's $ matches before a final newline: the schema must still refuse it
    "\nنص",
    " نص",
    "نص ",
    "نص\u00a0",
    "\u2003نص",
    "نص\t",
    "",
    "ب" * 3_000_000,  # a body far longer than any page: read in linear time, and valid
    "ب" * 3_000_000 + " ",
]


@pytest.mark.parametrize("text", _TEXT_CASES, ids=range(len(_TEXT_CASES)))
@pytest.mark.parametrize("field", ["headline", "articleBody"])
def test_the_crawl_and_the_reference_implementation_agree(field: str, text: str) -> None:
    """The crawl validates with jsonschema-rs; the Python reference implementation reads the
    schema the same way, text edge cases and a 3-million-character body included."""
    data = {**_VALID, field: text}
    expected = VALIDATOR.is_valid(data)
    assert expected == (text == text.strip() and text != "")
    assert (_PIPELINE.checker.problems(ArticleItem(**data)) == {}) is expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "https://www.almaghribtoday.net/314/102152-الخلاف-يحبط"),
        ("url", "https://www.almaghribtoday.net/314/102152-%D8%A7%D9%84"),
        ("url", "https://www.almaghribtoday.net/a b"),
        ("url", "http:///path"),
        ("canonicalUrl", None),
        ("datePublished", "2025-02-29T10:00:00+00:00"),
        ("datePublished", "2024-02-29T10:00:00+00:00"),
        ("keywords", []),
        ("site", "Almaghrib"),
        ("zzz", 1),
    ],
)
def test_the_validators_agree_on_more_values(field: str, value: Any) -> None:
    data = {**_VALID, field: value}
    expected = VALIDATOR.is_valid(data)
    assert (_PIPELINE.checker.validator.is_valid(data)) is expected
