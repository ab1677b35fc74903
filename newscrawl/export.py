"""``python -m newscrawl.export sqlite OUT.db [FEED ...]``: the exported articles in one SQLite
file with full-text search on headline and body, for ``sqlite3``, ``datasette OUT.db`` or pandas.

The feeds are the JSON-lines files runs wrote (default: ``output/*/*.jsonl``), read in name order
(the default names are UTC start times, so oldest first); an article exported by several runs is
kept in its latest version. Table ``articles`` has one column per item field (lists and objects as
JSON text, which SQLite's ``json_each`` reads) and two search columns, ``headline_search`` and
``body_search``: the text as :func:`newscrawl.text.match_key` folds it (diacritics and tatweel
removed, alef forms as ``ا``, ``ى`` as ``ي``, ``ة`` as ``ه``, digits as ASCII), so that ``تؤكد``
finds ``تُؤكّد``. ``articles_fts`` is an FTS5 index of those two columns, external content of
``articles`` (datasette offers its search box on the table), tokenized by ``unicode61
remove_diacritics 2``: Arabic words split on spaces and punctuation, Latin accents folded.

``python -m newscrawl.export search OUT.db WORDS`` runs a search with the query folded the same
way; in ``sqlite3``, write the query folded (without tashkeel, bare alef)::

    SELECT articleId, headline FROM articles
    WHERE rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'الشطرنج');
"""

from __future__ import annotations

import argparse
import glob
import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.text import match_key

#: the FTS5 tokenizer: Unicode word splitting (Arabic included), Latin diacritics folded
TOKENIZER = "unicode61 remove_diacritics 2"
#: item fields stored as JSON text
JSON_FIELDS = ("keywords", "authors", "mainImage", "relatedArticles", "metadata")


def _schema() -> str:
    columns = ",\n    ".join(
        f'"{name}" TEXT' + (" PRIMARY KEY" if name == "articleId" else "")
        for name in ARTICLE_FIELDS
    )
    return f"""
CREATE TABLE IF NOT EXISTS articles (
    {columns},
    headline_search TEXT,
    body_search TEXT
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    headline_search, body_search, content='articles', content_rowid='rowid',
    tokenize='{TOKENIZER}'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, headline_search, body_search)
    VALUES (new.rowid, new.headline_search, new.body_search);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline_search, body_search)
    VALUES ('delete', old.rowid, old.headline_search, old.body_search);
END;
"""


def read_feeds(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """The records of JSON-lines files, in order; a torn or foreign line is skipped."""
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("articleId"):
                    yield record


def _row(record: dict[str, Any]) -> tuple[Any, ...]:
    values = [
        json.dumps(record.get(name), ensure_ascii=False)
        if name in JSON_FIELDS
        else record.get(name)
        for name in ARTICLE_FIELDS
    ]
    return (*values, match_key(record.get("headline")), match_key(record.get("articleBody")))


def load(db_path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Load ``records`` into ``db_path`` (created if need be); returns how many were written."""
    db = sqlite3.connect(db_path)
    try:
        db.executescript(_schema())
        columns = ", ".join(f'"{n}"' for n in ARTICLE_FIELDS) + ", headline_search, body_search"
        marks = ", ".join("?" * (len(ARTICLE_FIELDS) + 2))
        count = 0
        with db:
            for record in records:
                # DELETE then INSERT, not REPLACE: the delete trigger keeps the index in step
                db.execute("DELETE FROM articles WHERE articleId = ?", (record["articleId"],))
                db.execute(f"INSERT INTO articles ({columns}) VALUES ({marks})", _row(record))
                count += 1
        return count
    finally:
        db.close()


def search(db_path: Path, query: str, limit: int = 20) -> list[tuple[str, str]]:
    """``(articleId, headline)`` of the articles whose headline or body has every word of
    ``query`` (folded as the index is), best first."""
    words = [f'"{w}"' for w in match_key(query).replace('"', " ").split()]
    if not words:
        return []
    with sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT a.articleId, a.headline FROM articles_fts JOIN articles a "
            "ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (" ".join(words), limit),
        ).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.export", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    to_sqlite = commands.add_parser("sqlite", help="load JSON-lines feeds into an SQLite file")
    to_sqlite.add_argument("db", type=Path, help="the SQLite file (created, or updated)")
    to_sqlite.add_argument("feeds", nargs="*", type=Path, help="default: output/*/*.jsonl")
    find = commands.add_parser("search", help="full-text search of an exported SQLite file")
    find.add_argument("db", type=Path)
    find.add_argument("query", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "search":
        if not args.db.is_file():
            print(f"newscrawl.export: no such file: {args.db}", file=sys.stderr)
            return 1
        for article_id, headline in search(args.db, " ".join(args.query)):
            print(f"{article_id}\t{headline}")
        return 0
    feeds = args.feeds or [Path(p) for p in sorted(glob.glob("output/*/*.jsonl"))]
    missing = [str(p) for p in feeds if not p.is_file()]
    if missing or not feeds:
        print(
            f"newscrawl.export: no feed to load: {', '.join(missing) or 'output/*/*.jsonl'}",
            file=sys.stderr,
        )
        return 1
    count = load(args.db, read_feeds(feeds))
    print(f"{count} record(s) from {len(feeds)} feed(s) loaded into {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
