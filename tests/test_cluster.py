"""Workers of one distributed crawl on a real Redis (``-s REDIS_URL``): one frontier, one duplicate
filter, one state; exactly once through SIGKILL and a Redis outage; polite as one crawler."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request

from newscrawl.urls import article_id
from sitesnapshot.server import DEFAULT_ROOT, SnapshotHandler, SnapshotServer
from tests.conftest import REPO, served
from tests.expected import expected_items
from tests.redis_support import (
    RedisServer,
    lines,
    log_of,
    redis_server,
    redis_server_binary,
    report_of,
    start_worker,
    wait_for_lines,
)

TIMEOUT = 240


@pytest.fixture(scope="module")
def redis_binary() -> str:
    return redis_server_binary()


def _finish(workers: list[subprocess.Popen[str]], timeout: float = TIMEOUT) -> list[int]:
    codes = []
    for worker in workers:
        try:
            codes.append(worker.wait(timeout))
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
            codes.append(-9)
    return codes


def _union_ids(outs: list[Path]) -> list[str]:
    return [item["articleId"] for out in outs for item in lines(out)]


def _expected_ids(base_url: str) -> set[str]:
    return set(expected_items(base_url))


# ---- the reliable queue, on its own ------------------------------------------------------------
class _Spider:
    name = "almaghribtoday"

    def parse_article(self, response: Any) -> None: ...


@pytest.fixture
def redis(redis_binary: str, tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path / "redis") as server:
        yield server


def _queue(server: RedisServer, worker: str, lease: float = 30.0) -> Any:
    from newscrawl.cluster import serializer
    from newscrawl.cluster.connection import Keys
    from newscrawl.cluster.queue import ReliableQueue

    keys = Keys("almaghribtoday", "http://127.0.0.1:1")
    return ReliableQueue(
        server.client(),
        _Spider(),
        keys.queue,
        serializer,
        keys=keys,
        worker=worker,
        lease=lease,
    )


def test_queued_requests_are_json_and_a_pop_is_a_lease_until_acknowledged(
    redis: RedisServer,
) -> None:
    queue = _queue(redis, "a")
    spider = queue.spider
    request = Request(
        "http://127.0.0.1:1/314/1-x",
        callback=spider.parse_article,
        cb_kwargs={"listing_date": None},
        headers={"X-Test": "1"},
        body=b"\x00\xff",
        method="POST",
        priority=5,
    )
    queue.push(request)
    assert redis.client().zcard(queue.key) == 0  # sent at the end of the reactor's turn
    queue.flush()
    (member,) = redis.client().zrange(queue.key, 0, -1)
    assert json.loads(member)["url"] == "http://127.0.0.1:1/314/1-x"  # JSON, never a pickle
    popped = queue.pop()
    assert popped.url == request.url and popped.body == b"\x00\xff"
    assert popped.headers[b"X-Test"] == b"1" and popped.priority == 5
    assert len(queue) == 0 and queue.held() == 1
    assert queue.status()[:2] == (0, 1)
    assert queue.status_and_held()[4] == 1  # this worker's, in the same round trip
    queue.ack(popped.meta["newscrawl_lease"])  # sent with the next pop or send
    assert redis.client().hlen(queue.keys.inflight("a")) == 1
    assert queue.held() == 0 and queue.status()[:2] == (0, 0)


def test_the_requests_of_a_worker_whose_lease_expired_are_queued_again(
    redis: RedisServer,
) -> None:
    dead, alive = _queue(redis, "dead", lease=1), _queue(redis, "alive")
    dead.push(Request("http://127.0.0.1:1/a", priority=3))
    dead.push(Request("http://127.0.0.1:1/b"))
    assert dead.pop() is not None and dead.pop() is not None
    dead.heartbeat()
    assert alive.reap() == 0  # its lease holds
    time.sleep(1.2)
    assert alive.reap() == 2
    assert len(alive) == 2 and dead.held() == 0
    assert alive.pop().url == "http://127.0.0.1:1/a"  # its priority kept


# ---- a shared crawl ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_crawl(
    redis_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """Two workers on a password-protected Redis, started one after the other; then a second
    distributed run of two workers on the same Redis."""
    folder = tmp_path_factory.mktemp("cluster")
    with (
        redis_server(folder / "redis", password="s3cret") as redis,
        served(SnapshotServer(DEFAULT_ROOT)) as site,
    ):
        first = [folder / "first-1.jsonl", folder / "first-2.jsonl"]
        # a little delay, shared by the workers, so that the first has not finished alone
        # before the second has started
        pace = ("-s", "DOWNLOAD_DELAY=0.05")
        workers = [start_worker(site.url, redis.url, first[0], *pace)]
        time.sleep(0.5)
        workers.append(start_worker(site.url, redis.url, first[1], *pace))
        codes = _finish(workers)
        hits_first = dict(site.hits)
        site.hits.clear()
        second = [folder / "second-1.jsonl", folder / "second-2.jsonl"]
        codes_second = _finish([start_worker(site.url, redis.url, out, *pace) for out in second])
        show = subprocess.run(
            [sys.executable, "-m", "newscrawl.state", "show", "--redis", redis.url],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        keys = sorted(redis.client().keys("*"))
        yield {
            "site": site,
            "redis": redis,
            "first": first,
            "second": second,
            "codes": codes,
            "codes_second": codes_second,
            "hits_first": hits_first,
            "hits_second": dict(site.hits),
            "show": show,
            "keys": keys,
        }


def test_workers_share_one_frontier_and_export_every_article_once(
    shared_crawl: dict[str, Any],
) -> None:
    assert shared_crawl["codes"] == [0, 0], [log_of(o)[-3000:] for o in shared_crawl["first"]]
    ids = _union_ids(shared_crawl["first"])
    assert len(ids) == len(set(ids)), "an article exported twice"
    assert set(ids) == _expected_ids(shared_crawl["site"].url)
    assert all(lines(out) for out in shared_crawl["first"]), "each worker did part of the work"
    article_hits = {k: v for k, v in shared_crawl["hits_first"].items() if article_id(k)}
    assert set(article_hits.values()) == {1}, "an article fetched twice"


def test_the_first_worker_seeds_the_others_join_and_one_summary_covers_the_run(
    shared_crawl: dict[str, Any],
) -> None:
    reports = [report_of(out) for out in shared_crawl["first"]]
    roles = sorted(r["stats"]["newscrawl/cluster/role"] for r in reports)
    assert roles == ["joined", "seeder"]
    summaries = [json.loads(r["stats"]["newscrawl/cluster/run_summary"]) for r in reports if
                 "newscrawl/cluster/run_summary" in r["stats"]]  # fmt: skip
    assert len(summaries) == 1
    (summary,) = summaries
    assert summary["articles"] == len(_union_ids(shared_crawl["first"]))
    assert len(summary["workers"]) == 2
    assert summary["requests"] == sum(r["requests"] for r in reports)
    assert {w["worker"] for w in summary["workers"]} == {
        r["stats"]["newscrawl/cluster/worker"] for r in reports
    }


def test_a_second_distributed_run_fetches_no_article_already_exported(
    shared_crawl: dict[str, Any],
) -> None:
    assert shared_crawl["codes_second"] == [0, 0], [
        log_of(o)[-3000:] for o in shared_crawl["second"]
    ]
    assert _union_ids(shared_crawl["second"]) == []
    assert not [k for k in shared_crawl["hits_second"] if article_id(k)]
    assert shared_crawl["hits_second"].get("/", 0) == 1  # seeded once, by one worker


def test_redis_holds_json_under_the_sites_namespace_and_nothing_of_a_finished_run(
    shared_crawl: dict[str, Any],
) -> None:
    keys = shared_crawl["keys"]
    origin = shared_crawl["site"].url
    assert keys and all(k.startswith(f"newscrawl:almaghribtoday:{{{origin}}}:") for k in keys)
    suffixes = {k.rsplit("}:", 1)[1] for k in keys}
    # the frontier, the filter and the run are gone with the run; the state and summaries stay
    assert suffixes == {"state:articles", "state:runs", "summaries"}, suffixes
    client = shared_crawl["redis"].client()
    for key in keys:
        values = client.hvals(key) if client.type(key) == "hash" else client.lrange(key, 0, -1)
        for value in values:
            json.loads(value)


def test_state_show_reads_the_redis_state(shared_crawl: dict[str, Any]) -> None:
    show = shared_crawl["show"]
    assert show.returncode == 0, show.stderr
    count = len(_expected_ids(shared_crawl["site"].url))
    assert f": {count} articles" in show.stdout
    assert "s3cret" not in show.stdout
    assert f"almaghribtoday:{{{shared_crawl['site'].url}}}: {count} articles" in show.stdout


# ---- failures ------------------------------------------------------------------------------------
SLOW = ("-s", "DOWNLOAD_DELAY=0.1", "-s", "NEWSCRAWL_REDIS_LEASE=2")


@pytest.mark.parametrize("restart", [True, False], ids=["restarted", "not-restarted"])
def test_a_worker_killed_with_sigkill_loses_nothing_and_doubles_nothing(
    redis_binary: str, tmp_path: Path, restart: bool
) -> None:
    with redis_server(tmp_path / "redis") as redis, served(SnapshotServer(DEFAULT_ROOT)) as site:
        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
        victim = start_worker(site.url, redis.url, outs[0], *SLOW)
        survivor = start_worker(site.url, redis.url, outs[1], *SLOW)
        wait_for_lines(outs[0], 3)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        workers = [survivor]
        if restart:
            outs.append(tmp_path / "w1-again.jsonl")
            workers.append(start_worker(site.url, redis.url, outs[2], *SLOW))
        codes = _finish(workers)
        assert codes == [0] * len(workers), [log_of(o)[-3000:] for o in outs[1:]]
        ids = _union_ids(outs)
        assert len(ids) == len(set(ids)), "an article exported twice"
        assert set(ids) == _expected_ids(site.url), "an article lost"
        requeued = sum(
            report_of(o)["stats"].get("newscrawl/cluster/requeued_from_dead", 0) for o in outs[1:]
        )
        assert requeued >= 1, "the dead worker's leased requests were taken over"


def test_a_redis_outage_of_a_few_seconds_is_waited_out(redis_binary: str, tmp_path: Path) -> None:
    with redis_server(tmp_path / "redis") as redis, served(SnapshotServer(DEFAULT_ROOT)) as site:
        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
        workers = [
            start_worker(site.url, redis.url, out, "-s", "DOWNLOAD_DELAY=0.1") for out in outs
        ]
        wait_for_lines(outs[0], 3)
        redis.stop()
        time.sleep(3)
        redis.start()
        codes = _finish(workers)
        assert codes == [0, 0], [log_of(o)[-3000:] for o in outs]
        ids = _union_ids(outs)
        assert len(ids) == len(set(ids))
        assert set(ids) == _expected_ids(site.url)
        for out in outs:
            log = log_of(out)
            assert log.count("Redis does not answer") <= 1
            assert "Traceback" not in log
        assert any("Redis does not answer" in log_of(o) for o in outs)


def test_workers_exit_75_when_redis_stays_away_and_a_later_worker_finishes_the_run(
    redis_binary: str, tmp_path: Path
) -> None:
    from newscrawl.cluster import EXIT_REDIS_GONE

    limit = ("-s", "NEWSCRAWL_REDIS_OUTAGE_LIMIT=2", "-s", "NEWSCRAWL_REDIS_LEASE=2")
    with redis_server(tmp_path / "redis") as redis, served(SnapshotServer(DEFAULT_ROOT)) as site:
        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
        workers = [
            start_worker(site.url, redis.url, out, "-s", "DOWNLOAD_DELAY=0.1", *limit)
            for out in outs
        ]
        wait_for_lines(outs[0], 3)
        redis.stop()
        assert _finish(workers, timeout=60) == [EXIT_REDIS_GONE] * 2
        assert all("exits with status 75" in log_of(o) for o in outs)
        redis.start()
        outs.append(tmp_path / "w3.jsonl")
        assert _finish([start_worker(site.url, redis.url, outs[2], *limit)]) == [0]
        ids = _union_ids(outs)
        assert len(ids) == len(set(ids))
        assert set(ids) == _expected_ids(site.url)


def test_workers_over_tls_with_a_password(redis_binary: str, tmp_path: Path) -> None:
    """``rediss://`` with a password: two workers of one run over TLS, every article once."""
    with (
        redis_server(tmp_path / "redis", password="s3cret", tls=True) as redis,
        served(SnapshotServer(DEFAULT_ROOT)) as site,
    ):
        assert redis.url.startswith("rediss://:s3cret@")
        outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
        workers = [
            start_worker(site.url, redis.url, out, "-s", "DOWNLOAD_DELAY=0.05") for out in outs
        ]
        codes = _finish(workers)
        expected = _expected_ids(site.url)
    assert codes == [0, 0], [log_of(o)[-3000:] for o in outs]
    ids = _union_ids(outs)
    assert len(ids) == len(set(ids)) and set(ids) == expected
    for out in outs:  # the password is in no log or report
        assert "s3cret" not in log_of(out)
        assert "s3cret" not in out.with_suffix(".report.json").read_text(encoding="utf-8")
        assert "s3cret" not in out.with_suffix(".report.html").read_text(encoding="utf-8")


# ---- politeness ----------------------------------------------------------------------------------
def test_three_workers_keep_the_spacing_of_one(redis_binary: str, tmp_path: Path) -> None:
    delay = 0.2
    with redis_server(tmp_path / "redis") as redis, served(SnapshotServer(DEFAULT_ROOT)) as site:
        outs = [tmp_path / f"w{i}.jsonl" for i in range(3)]
        extra = ("-s", f"DOWNLOAD_DELAY={delay}", "-s", "NEWSCRAWL_MAX_LISTING_PAGES=1")
        workers = [start_worker(site.url, redis.url, out, *extra) for out in outs]
        assert _finish(workers) == [0, 0, 0], [log_of(o)[-3000:] for o in outs]
        arrivals = [t for t, _ in site.arrivals]
    gaps = sorted(b - a for a, b in pairwise(arrivals))
    assert len(arrivals) > 20
    # one worker spaces its requests 0.5 to 1.5 times DOWNLOAD_DELAY apart (Scrapy's
    # RANDOMIZE_DOWNLOAD_DELAY), `delay` on average. Three workers together keep that average
    # (without the shared pace it would be a third of it); a turn is taken in Redis the instant a
    # request goes, and the rest is the jitter of busy processes on the way to the server
    assert sum(gaps) / len(gaps) >= delay * 0.95, gaps
    assert gaps[len(gaps) // 2] >= delay * 0.95, gaps
    assert gaps[len(gaps) // 10] >= delay * 0.35, gaps
    paced = sum(report_of(o)["stats"].get("newscrawl/cluster/paced", 0) for o in outs)
    assert paced > 0


class _Gauge:
    """The requests the site is answering at one instant, and the most at any instant."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()


def _gauged(server: SnapshotServer, pause: float) -> _Gauge:
    """The server answers each request after ``pause`` seconds and counts those in hand."""
    gauge = _Gauge()

    class Slow(SnapshotHandler):
        def do_GET(self) -> None:
            with gauge.lock:
                gauge.now += 1
                gauge.most = max(gauge.most, gauge.now)
            try:
                time.sleep(pause)
                super().do_GET()
            finally:
                with gauge.lock:
                    gauge.now -= 1

    server.RequestHandlerClass = Slow
    return gauge


def test_three_workers_keep_the_sites_concurrency_of_one(redis_binary: str, tmp_path: Path) -> None:
    """CONCURRENT_REQUESTS_PER_DOMAIN=2 holds for the cluster: three workers, each of which would
    have two requests in flight on its own, never have more than two at the site together."""
    with redis_server(tmp_path / "redis") as redis:
        server = SnapshotServer(DEFAULT_ROOT)
        gauge = _gauged(server, 0.05)
        with served(server) as site:
            outs = [tmp_path / f"w{i}.jsonl" for i in range(3)]
            extra = (
                "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            )  # fmt: skip
            workers = [start_worker(site.url, redis.url, out, *extra) for out in outs]
            codes = _finish(workers)
            expected = _expected_ids(site.url)
    assert codes == [0, 0, 0], [log_of(o)[-3000:] for o in outs]
    assert gauge.most == 2, gauge.most
    ids = _union_ids(outs)
    assert len(ids) == len(set(ids)) and set(ids) == expected
    paced = sum(report_of(o)["stats"].get("newscrawl/cluster/paced", 0) for o in outs)
    assert paced > 0  # a worker waited for a place


def test_a_retry_after_pauses_every_worker(redis_binary: str, tmp_path: Path) -> None:
    """One worker gets a 429 with Retry-After: 2; once it has read it, no worker starts a
    request until the 2 s are over. A request that already holds its place (the site's other
    place: CONCURRENT_REQUESTS_PER_DOMAIN=2 for the cluster) is not called back."""
    with redis_server(tmp_path / "redis") as redis:
        server = SnapshotServer(
            DEFAULT_ROOT,
            faults={"paths": {"/rss": {"kind": "http_429", "retry_after": "2", "times": 1}}},
        )
        with served(server) as site:
            outs = [tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"]
            workers = [
                start_worker(site.url, redis.url, out, "-s", "DOWNLOAD_DELAY=0.1") for out in outs
            ]
            codes = _finish(workers)
            arrivals = list(site.arrivals)
            expected = _expected_ids(site.url)
    assert codes == [0, 0], [log_of(o)[-2000:] for o in outs]
    first_429 = next(t for t, key in arrivals if key == "/rss")
    after = [round(t - first_429, 2) for t, _ in arrivals if t > first_429]
    # without the shared pause, two workers 0.1 s apart would send some 30 requests meanwhile
    assert len([t for t in after if 0.2 < t < 1.9]) <= 1, after
    assert [t for t in after if t >= 1.9], after  # the retry of /rss, and the rest of the crawl
    assert any("every worker of the crawl pauses" in log_of(o) for o in outs)
    ids = _union_ids(outs)
    assert len(ids) == len(set(ids)) and set(ids) == expected


def test_no_redis_is_needed_without_redis_url() -> None:
    """The ordinary crawl's settings name no Redis component."""
    from scrapy.settings import Settings

    from newscrawl import cluster
    from newscrawl import settings as project_settings
    from newscrawl.spiders.almaghribtoday import AlmaghribtodaySpider

    settings = Settings()
    settings.setmodule(project_settings)
    AlmaghribtodaySpider.update_settings(settings)
    assert "cluster" not in str(settings.get("SCHEDULER"))
    assert settings.get("NEWSCRAWL_STATE_CLASS") == "newscrawl.state.SQLiteState"
    assert not cluster.enabled(settings)


def test_the_systemd_template_runs_a_worker_with_the_switch() -> None:
    from tests.test_deploy import _unit

    unit = _unit("newscrawl-worker@.service")
    command = unit["Service"]["ExecStart"]
    assert "scrapy crawl almaghribtoday" in command
    assert "-s REDIS_URL=${REDIS_URL}" in command and "%i" in command
    assert unit["Service"]["KillSignal"] == "SIGINT"  # what it holds goes back to the frontier
    assert unit["Service"]["Restart"] == "on-failure"  # after exit 75, Redis gone too long


def test_ci_installs_redis_server_and_fails_without_it() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y -qq redis-server" in script
    assert 'export CI="${CI:-true}"' in script
