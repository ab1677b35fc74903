"""Formats for analysis: one crawl of the snapshot writes JSON lines, CSV and Parquet at once
(``-O a.jsonl -O a.csv -O a.parquet``); each format, read back, gives every field of every
JSON-lines record. The records then go into SQLite with full-text search."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

import pytest

from newscrawl.exporters import LIST_SEPARATOR, item_from_parquet
from newscrawl.items import ARTICLE_FIELDS
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import run_crawl, served

#: how each CSV column reads back (the rules of newscrawl.exporters)
LIST_OF_TEXT = {"keywords"}
JSON_TEXT = {"authors", "mainImage", "relatedArticles", "metadata"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("formats")
    out = folder / "a.jsonl"
    with served(SnapshotServer(DEFAULT_ROOT)) as server:
        result = run_crawl(
            server.url, out, "-O", str(folder / "a.csv"), "-O", str(folder / "a.parquet"),
            # tests/test_progress.py reads the progress lines of this crawl
            "-s", "NEWSCRAWL_PROGRESS_INTERVAL=0.5", "-s", "NEWSCRAWL_PROGRESS=log",
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 45
    yield {"folder": folder, "records": {r["articleId"]: r for r in records}, "log": result.stderr}


def test_progress_lines_in_the_log(outputs: dict[str, Any]) -> None:
    """``NEWSCRAWL_PROGRESS=log``: plain lines, every 0.5 s here, with every figure."""
    from tests.test_progress import LINE

    lines = [line for line in outputs["log"].splitlines() if "Progress: " in line]
    assert lines, "no progress line in the crawl's log"
    for line in lines:
        assert LINE.search(line), line


def csv_value(name: str, cell: str) -> Any:
    if name in LIST_OF_TEXT:
        return cell.split(LIST_SEPARATOR) if cell else []
    if name in JSON_TEXT:
        return (
            json.loads(cell) if cell else ([] if name in ("authors", "relatedArticles") else None)
        )
    return cell or None


def test_csv_is_utf8_with_bom_and_never_a_python_repr(outputs: dict[str, Any]) -> None:
    raw = (outputs["folder"] / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "{'" not in text and "['" not in text  # Scrapy's own exporter writes reprs
    assert "المغرب اليوم" in text


def test_csv_gives_back_every_field(outputs: dict[str, Any]) -> None:
    with open(outputs["folder"] / "a.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert len(rows) == len(outputs["records"])
    for row in rows:
        record = outputs["records"][row["articleId"]]
        for name in ARTICLE_FIELDS:
            assert csv_value(name, row[name]) == record[name], (row["articleId"], name)


def test_parquet_is_typed_and_gives_back_every_field(outputs: dict[str, Any]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(outputs["folder"] / "a.parquet")
    assert table.schema.names == list(ARTICLE_FIELDS)
    assert table.schema.field("datePublished").type == pa.timestamp("ms", tz="UTC")
    assert table.schema.field("keywords").type == pa.list_(pa.string())
    assert pa.types.is_list(table.schema.field("authors").type)
    assert table.num_rows == len(outputs["records"])
    for row in table.to_pylist():
        record = outputs["records"][row["articleId"]]
        back = item_from_parquet(row)
        for name in ARTICLE_FIELDS:
            assert back[name] == record[name], (row["articleId"], name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الشطرنج", "417/182539-"),  # a word of the body
        ("تؤكد", "314/025733-"),  # the headline writes it with tashkeel: تُؤكّد
    ],
    ids=["body-word", "without-tashkeel"],
)
def test_sqlite_export_searches_arabic(outputs: dict[str, Any], query: str, expected: str) -> None:
    from newscrawl.export import main, search

    db = outputs["folder"] / "a.db"
    if not db.exists():
        assert main(["sqlite", str(db), str(outputs["folder"] / "a.jsonl")]) == 0
    found = search(db, query)
    assert found and any(article.startswith(expected) for article, _ in found), found
    for article, _ in found:
        record = outputs["records"][article]
        assert query[:3] in (record["headline"] + record["articleBody"]).replace("ُ", "").replace(
            "ّ", ""
        )
