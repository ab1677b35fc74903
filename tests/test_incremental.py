"""Scheduled crawls: incremental runs, changed articles, crash safety, the lock, loud monitors."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.items import fingerprint
from newscrawl.state import SQLiteState
from newscrawl.urls import article_id, path_key
from sitesnapshot.content import ARTICLES, SECTIONS
from sitesnapshot.render import Site, build
from sitesnapshot.server import DEFAULT_ROOT, SnapshotServer
from tests.conftest import REPO, callback_output, run_crawl

ALL_IDS = {a.article_id for a in Site(SECTIONS, ARTICLES).articles}


class Served:
    """A snapshot folder served on 127.0.0.1; ``root`` may be swapped between runs."""

    def __init__(self, root: Path) -> None:
        self.server = SnapshotServer(root)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return self.server.url

    def use(self, root: Path) -> None:
        self.server.root = root
        self.server.routes = json.loads((root / "routes.json").read_text(encoding="utf-8"))
        self.server.hits.clear()

    def article_hits(self) -> int:
        return sum(v for k, v in self.server.hits.items() if article_id(k))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served() -> Iterator[Served]:
    site = Served(DEFAULT_ROOT)
    yield site
    site.close()


def _items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _report(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))


def test_second_run_fetches_no_article_and_exports_nothing(served: Served, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert run_crawl(served.url, first, state=state).returncode == 0
    requests_first = _report(first)["requests"]
    served.server.hits.clear()
    result = run_crawl(served.url, second, state=state)
    assert result.returncode == 0, result.stderr[-2000:]
    assert {i["articleId"] for i in _items(first)} == ALL_IDS
    assert not second.exists()  # nothing new: no output file (issue 15)
    assert served.article_hits() == 0
    report = _report(second)
    assert report["requests"] < requests_first / 3
    assert report["stats"]["newscrawl/incremental/pagination_stopped"] >= 2
    assert report["monitors"]["failed"] == 0


def _changed_site(tmp_path: Path) -> tuple[Path, str, str]:
    """The snapshot with one article rewritten and its update time moved forward."""
    articles = copy.deepcopy(ARTICLES)
    target = articles[14]
    target["body"][0] = "نص جديد للفقرة الأولى بعد تحديث الخبر من طرف هيئة التحرير."
    target["modified"] = "2025-12-02T09:30:00"
    root = tmp_path / "site-v2"
    site = Site(SECTIONS, articles)
    build(site, root)
    return root, site.articles[14].article_id, "2025-12-02T09:30:00+00:00"


def test_changed_article_is_exported_again_alone(served: Served, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert run_crawl(served.url, first, state=state).returncode == 0
    root, changed_id, modified = _changed_site(tmp_path)
    served.use(root)
    result = run_crawl(served.url, second, state=state)
    assert result.returncode == 0, result.stderr[-2000:]
    again = _items(second)
    assert [i["articleId"] for i in again] == [changed_id]
    assert again[0]["dateModified"] == modified
    assert again[0]["articleBody"].startswith("نص جديد للفقرة الأولى")
    assert served.article_hits() == 1
    known = SQLiteState(state, key=served.url).get(changed_id)  # filed under the origin crawled
    assert known is not None and known.date_modified == modified


def test_refetched_but_unchanged_article_is_not_exported(served: Served, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert run_crawl(served.url, first, state=state).returncode == 0
    articles = copy.deepcopy(ARTICLES)
    articles[14]["modified"] = "2025-12-02T09:30:00"  # a newer update line, the same text
    root = tmp_path / "site-touched"
    build(Site(SECTIONS, articles), root)
    served.use(root)
    assert run_crawl(served.url, second, state=state).returncode == 0
    assert not second.exists()
    assert served.article_hits() == 1
    assert _report(second)["stats"]["newscrawl/incremental/unchanged"] == 1


def test_full_run_ignores_the_state_and_reset_empties_it(served: Served, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite3"
    outs = [tmp_path / f"{n}.jsonl" for n in range(3)]
    assert run_crawl(served.url, outs[0], state=state).returncode == 0
    assert run_crawl(served.url, outs[1], "-a", "full=1", state=state).returncode == 0
    assert {i["articleId"] for i in _items(outs[1])} == ALL_IDS
    reset = subprocess.run(
        [sys.executable, "-m", "newscrawl.state", "reset", "--path", str(state)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert reset.returncode == 0 and "state reset" in reset.stdout
    assert run_crawl(served.url, outs[2], state=state).returncode == 0
    assert {i["articleId"] for i in _items(outs[2])} == ALL_IDS


def test_sigkill_mid_crawl_then_resume_exports_every_article_once(
    served: Served, tmp_path: Path
) -> None:
    state, job = tmp_path / "state.sqlite3", tmp_path / "job"
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    command = [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={served.url}", "-O", str(first),
        "-s", f"JOBDIR={job}", "-s", f"NEWSCRAWL_STATE_PATH={state}",
        "-s", "DOWNLOAD_DELAY=0.1", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False",
    ]  # fmt: skip
    crawl = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and crawl.poll() is None:
            if first.exists() and first.read_bytes().count(b"\n") >= 12:
                break
            time.sleep(0.05)
        assert crawl.poll() is None, "the crawl ended before it could be killed"
        os.kill(crawl.pid, signal.SIGKILL)
    finally:
        crawl.wait(timeout=30)
    killed = _items(first)  # every line of the killed run parses
    assert 12 <= len(killed) < len(ALL_IDS)
    result = run_crawl(served.url, second, "-s", f"JOBDIR={job}", state=state)
    assert result.returncode == 0, result.stderr[-3000:]
    together = [i["articleId"] for i in killed + _items(second)]
    assert sorted(together) == sorted(ALL_IDS)


def test_a_second_run_gives_up_while_the_first_holds_the_lock(
    served: Served, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite3"
    holder = SQLiteState(state)
    holder.open("a-running-crawl")
    try:
        out = tmp_path / "locked.jsonl"
        result = run_crawl(served.url, out, state=state)
    finally:
        holder.close()
    assert result.returncode == 2
    assert "another crawl holds the state" in result.stderr
    assert "a-running-crawl" in result.stderr
    assert served.article_hits() == 0
    assert _report(out)["finish_reason"] == "already_running"


def test_a_layout_change_fails_the_monitors_loudly(served: Served, tmp_path: Path) -> None:
    root = tmp_path / "changed-layout"
    build(Site(SECTIONS, ARTICLES), root)
    for page in (root / "articles").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(
            html.replace('<h1 class="newstitle">', '<h2 class="newstitle">'), encoding="utf-8"
        )
    served.use(root)
    out = tmp_path / "items.jsonl"
    result = run_crawl(served.url, out, state=tmp_path / "state.sqlite3")
    assert result.returncode == 3
    assert "monitor(s) failed" in result.stderr and "headline in 100% of items" in result.stderr
    report = _report(out)
    assert (
        report["monitors"]["failed"] == 1
    )  # coverage holds: the date lines are found by their pattern
    assert report["monitors"]["failures"][0]["monitor"].startswith("Fallbacks")
    assert len(_items(out)) == len(ALL_IDS)  # the items are still exported


def test_default_output_is_one_new_file_per_run_with_its_report(
    served: Served, tmp_path: Path
) -> None:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "PYTHONPATH": str(REPO)}
    command = [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday", "-a", f"base_url={served.url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_STATE_PATH={tmp_path / 'state.sqlite3'}",
    ]  # fmt: skip
    for _ in range(2):
        assert (
            subprocess.run(
                command, cwd=tmp_path, env=env, capture_output=True, check=False
            ).returncode
            == 0
        )
        time.sleep(1.1)  # the file name has the start time to the second
    outputs = sorted((tmp_path / "output" / "almaghribtoday").glob("*.jsonl"))
    reports = sorted((tmp_path / "output" / "almaghribtoday").glob("*.report.json"))
    # the second run found nothing new: it writes its report, and no empty output (issue 15)
    assert len(outputs) == 1 and len(reports) == 2
    assert len(_items(outputs[0])) == len(ALL_IDS)
    assert outputs[0].with_suffix(".report.json") == reports[0]


@pytest.mark.parametrize("earlier_run", [False, True], ids=["same-run", "earlier-run"])
def test_pagination_stops_only_at_articles_known_before_this_run(
    tmp_path: Path, earlier_run: bool
) -> None:
    """A section page whose articles this run already exported (reached first through another
    listing) is not a page of known articles: its next page is still read. Exported by an earlier
    run, they stop the pagination."""
    from scrapy.http import HtmlResponse

    from newscrawl.pages import ArticleLink
    from tests.conftest import make_spider

    state = str(tmp_path / "s.sqlite3")
    site = Site(SECTIONS, ARTICLES)
    section = site.sections[0]  # 12 articles: two pages
    path, file, _ = site.section_pages(section)[0]
    first_page = site.articles  # the page also links the ticker's newest articles of every section
    spider = make_spider(NEWSCRAWL_BASE_URL="http://127.0.0.1:8123", NEWSCRAWL_STATE_PATH=state)
    if earlier_run:
        before = SQLiteState(state, key=spider.run_state.store.key)
        before.open("an-earlier-run")
        for article in first_page:
            before.put({"articleId": article.article_id, "url": article.path})
        before.close()
    spider.run_state.open("this-run")
    try:
        if not earlier_run:
            for article in first_page:  # requested and exported earlier in this run
                assert spider._article_request(
                    ArticleLink("http://www.almaghribtoday.net" + article.path)
                )
                spider.run_state.exported({"articleId": article.article_id, "url": article.path})
        response = HtmlResponse(
            url=spider.origin.url(path), body=(DEFAULT_ROOT / file).read_bytes()
        )
        requests = callback_output(spider.parse_listing(response))
    finally:
        spider.run_state.close(finished=True)
    next_pages = [r for r in requests if "start=6" in r.url]
    stopped = spider.crawler.stats.get_value("newscrawl/incremental/pagination_stopped")
    if earlier_run:
        assert not next_pages and stopped == 1
    else:
        assert len(next_pages) == 1 and stopped is None


def _committed(state: Path, sql: str) -> list[tuple[Any, ...]]:
    """What another process would read from the state file: committed rows only."""
    import sqlite3

    with sqlite3.connect(state) as other:
        return other.execute(sql).fetchall()


def test_each_write_is_committed_as_it_is_made_and_a_kill_loses_none(tmp_path: Path) -> None:
    state = tmp_path / "s.sqlite3"
    store = SQLiteState(state)
    store.open("a-run")
    store.put({"articleId": "1", "url": "/a/1"})
    store.add_pending("/a/2", "article")
    assert _committed(state, "SELECT article_id FROM articles") == [("1",)]
    assert _committed(state, "SELECT url FROM pending") == [("/a/2",)]
    store.done("/a/2")
    store.put({"articleId": "3", "url": "/a/3"})
    store._db.close()  # type: ignore[union-attr]  # killed: nothing is left to commit
    store._db = None
    assert sorted(_committed(state, "SELECT article_id FROM articles")) == [("1",), ("3",)]
    assert _committed(state, "SELECT url FROM pending") == []


def test_a_retired_setting_warns_and_the_crawl_runs(caplog: pytest.LogCaptureFixture) -> None:
    from newscrawl.config import validate_settings

    with caplog.at_level("WARNING", logger="newscrawl.config"):
        validate_settings({"NEWSCRAWL_STATE_COMMIT_INTERVAL": 1.0, "NEWSCRAWL_MAX_REQUESTS": 10})
    assert "NEWSCRAWL_STATE_COMMIT_INTERVAL is no longer used" in caplog.text


def test_a_listings_requests_are_committed_as_pending_before_the_first_goes_out(
    tmp_path: Path,
) -> None:
    """The pending records of a page's requests reach the file before Scrapy gets any of them,
    whatever the commit interval: a run killed later makes them again."""
    from scrapy.http import HtmlResponse

    from tests.conftest import make_spider

    state = tmp_path / "s.sqlite3"
    site = Site(SECTIONS, ARTICLES)
    path, file, _ = site.section_pages(site.sections[0])[1]  # page 2: pending itself
    spider = make_spider(
        NEWSCRAWL_BASE_URL="http://127.0.0.1:8123",
        NEWSCRAWL_STATE_PATH=str(state),
    )
    spider.run_state.open("this-run")
    url = spider.origin.url(path)
    spider.run_state.add_pending(path_key(url), "listing", 2)
    response = HtmlResponse(url=url, body=(DEFAULT_ROOT / file).read_bytes())
    seen: list[list[tuple[Any, ...]]] = []

    def requests() -> list[Any]:
        output = spider.parse_listing(response, page=2)
        first = next(output)
        seen.append(_committed(state, "SELECT url FROM pending"))
        return [first, *output]

    try:
        made = requests()
    finally:
        spider.run_state.close(finished=True)
    pending = {row[0] for row in seen[0]}
    articles = {path_key(r.url) for r in made if r.callback == spider.parse_article}
    assert len(articles) >= 6
    assert pending == articles  # and the page itself seen through, in the same commit


def test_a_new_version_exported_before_a_kill_is_recorded_by_the_next_run(tmp_path: Path) -> None:
    """A run killed after its feed wrote a changed article, before the state recorded it: the
    next run records the new version from the output file, so it is not exported again."""
    state = tmp_path / "s.sqlite3"
    first = SQLiteState(state)
    first.open("run-1")
    first.put({"articleId": "314/1-x", "url": "/314/1-x", "headline": "v1"})
    first.close()
    killed_output = tmp_path / "run-2.jsonl"
    killed = SQLiteState(state)
    killed.open("run-2", [str(killed_output)])
    version_2 = {"articleId": "314/1-x", "url": "/314/1-x", "headline": "v2"}
    killed_output.write_text(json.dumps(version_2) + "\n", encoding="utf-8")
    # SIGKILL between the feed's write and the state's
    killed._db.close()  # type: ignore[union-attr]
    killed._db = None
    killed.close(finished=False)  # only the lock file is released, as the kernel would
    following = SQLiteState(state)
    following.open("run-3")
    try:
        known = following.get("314/1-x")
        assert known is not None
        assert known.fingerprint == fingerprint(version_2)
    finally:
        following.close()


class BufferingState(SQLiteState):
    """A store that buffers its writes, as the Redis state does: sent by :meth:`flush`."""

    commit_interval = 5.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1

    @classmethod
    def from_settings(cls, settings: Any) -> BufferingState:
        return cls(settings.get("NEWSCRAWL_STATE_PATH"))


def test_the_timer_flushes_a_buffering_store_when_no_write_follows(tmp_path: Path) -> None:
    """A crawl waiting on a slow site makes no write that would send a buffering store's
    writes: the timer does, every ``commit_interval`` seconds; and it stops when the crawl
    closes."""
    from twisted.internet import task

    from newscrawl.extensions import ExportedState
    from tests.conftest import make_spider

    spider = make_spider(
        NEWSCRAWL_STATE_PATH=str(tmp_path / "s.sqlite3"),
        NEWSCRAWL_STATE_CLASS="tests.test_incremental.BufferingState",
    )
    extension = ExportedState(spider.crawler)
    extension.clock = task.Clock()
    extension.spider_opened(spider)
    store: Any = spider.run_state.store
    assert type(store).__name__ == "BufferingState"  # imported by name, as a user's class is
    before = store.flushes
    extension.clock.advance(4)
    assert store.flushes == before
    extension.clock.advance(1)
    assert store.flushes == before + 1
    extension.spider_closed(spider, "finished")
    assert not extension._committer.running
