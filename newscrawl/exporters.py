"""Feed exporters for analysis: flat CSV for spreadsheets, typed Parquet for pandas, R, DuckDB.

Scrapy picks them by the output's extension (``FEED_EXPORTERS`` in the settings):
``-O articles.csv``, ``-O articles.parquet``. JSON lines stays the format of record: a scheduled
run killed outright leaves complete lines in it, and the state recovers from it; a Parquet file
is written whole when the run closes.

**CSV** (:class:`FlatCsvItemExporter`): one column per item field, in export order. A list of
text (``keywords``) is its values joined with :data:`LIST_SEPARATOR` (``" | "``); a list of
objects (``authors``, ``relatedArticles``) and an object (``mainImage``, ``metadata``) are JSON
text; ``null`` and an empty list are an empty cell. UTF-8 with a byte-order mark
(``utf-8-sig``), so that Excel and LibreOffice open the Arabic as Arabic; ``-s
FEED_EXPORT_ENCODING=...`` or a feed's ``encoding`` option other than ``utf-8`` is kept as given.
Scrapy's own CSV exporter writes lists of objects as Python reprs (``[{'name': ...}]``).

**Parquet** (:class:`ParquetItemExporter`, pyarrow): the typed schema :data:`SCHEMA`: dates as
timestamps in UTC, lists as lists, objects as structs, ``metadata.sources`` as a map.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter, CsvItemExporter

#: what joins a list of text in a CSV cell (a keyword never holds it: the site separates tags
#: with commas)
LIST_SEPARATOR = " | "


def csv_cell(value: Any) -> str:
    """One item value as CSV text (the rules above)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) for v in value):
            return LIST_SEPARATOR.join(value)
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class FlatCsvItemExporter(CsvItemExporter):
    """Scrapy's CSV exporter with flat cells (:func:`csv_cell`) and, for UTF-8, a BOM."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        if kwargs.get("encoding") in (None, "utf-8", "utf8"):
            kwargs["encoding"] = "utf-8-sig"
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(value)


def _schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    when = pa.timestamp("ms", tz="UTC")  # Parquet keeps no seconds unit
    return pa.schema(
        [
            ("url", text),
            ("canonicalUrl", text),
            ("articleId", text),
            ("headline", text),
            ("description", text),
            ("articleBody", text),
            ("articleSection", text),
            ("keywords", pa.list_(text)),
            ("authors", pa.list_(pa.struct([("name", text), ("nameRaw", text)]))),
            ("dateline", text),
            ("datePublished", when),
            ("datePublishedRaw", text),
            ("dateModified", when),
            ("dateModifiedRaw", text),
            ("mainImage", pa.struct([("url", text), ("caption", text)])),
            ("relatedArticles", pa.list_(pa.struct([("headline", text), ("url", text)]))),
            ("inLanguage", text),
            ("publisher", text),
            ("site", text),
            (
                "metadata",
                pa.struct(
                    [
                        ("dateDownloaded", when),
                        ("sources", pa.map_(text, text)),
                        ("fallbacks", pa.list_(text)),
                        # {"datePublished": "Africa/Cairo"}: only for dates in local time
                        ("timeZones", pa.map_(text, text)),
                        # {"datePublished": {"chosen", "other", "otherSource"}}: JSON text, rare
                        ("dateConflicts", text),
                    ]
                ),
            ),
        ]
    )


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def parquet_row(item: dict[str, Any]) -> dict[str, Any]:
    """An exported item as a row of :data:`SCHEMA`."""
    row = dict(item)
    for name in ("datePublished", "dateModified"):
        row[name] = _when(row.get(name))
    metadata = dict(row.get("metadata") or {})
    conflicts = metadata.get("dateConflicts")
    row["metadata"] = {
        "dateDownloaded": _when(metadata.get("dateDownloaded")),
        "sources": list((metadata.get("sources") or {}).items()),
        "fallbacks": list(metadata.get("fallbacks") or []),
        "dateConflicts": json.dumps(conflicts, ensure_ascii=False) if conflicts else None,
        "timeZones": list(metadata["timeZones"].items()) if metadata.get("timeZones") else None,
    }
    return row


def item_from_parquet(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back (``Table.to_pylist()``) as the JSON-lines record it was written from."""
    item = dict(row)
    for name in ("datePublished", "dateModified"):
        item[name] = item[name].isoformat() if item.get(name) is not None else None
    metadata = item.get("metadata") or {}
    out: dict[str, Any] = {
        "dateDownloaded": metadata["dateDownloaded"].isoformat()
        if metadata.get("dateDownloaded")
        else None,
        "sources": dict(metadata.get("sources") or []),
        "fallbacks": metadata.get("fallbacks") or [],
    }
    if metadata.get("dateConflicts"):
        out["dateConflicts"] = json.loads(metadata["dateConflicts"])
    if metadata.get("timeZones"):
        out["timeZones"] = dict(metadata["timeZones"])
    item["metadata"] = out
    return item


class ParquetItemExporter(BaseItemExporter):
    """Items as Parquet rows of :data:`SCHEMA`, written in row groups of ``ROW_GROUP`` items
    through pyarrow's ``ParquetWriter`` (Scrapy's exporters have no Parquet one)."""

    ROW_GROUP = 1000

    def __init__(self, file: Any, **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None

    def start_exporting(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.schema = _schema()
        self.writer = pq.ParquetWriter(pa.PythonFile(self.file, mode="w"), self.schema)

    def export_item(self, item: Any) -> None:
        self.rows.append(parquet_row(ItemAdapter(item).asdict()))
        if len(self.rows) >= self.ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def finish_exporting(self) -> None:
        self._flush()
        self.writer.close()


#: the Parquet schema (built on first use: pyarrow is imported only by a Parquet feed)
def __getattr__(name: str) -> Any:
    if name == "SCHEMA":
        return _schema()
    raise AttributeError(name)
