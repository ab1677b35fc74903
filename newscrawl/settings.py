"""Scrapy settings for newscrawl. Every Scrapy setting can still be overridden with ``-s``."""

from __future__ import annotations

from newscrawl.items import ARTICLE_FIELDS

BOT_NAME = "newscrawl"  # the name Scrapy logs and stats use
SPIDER_MODULES = ["newscrawl.spiders"]  # where `scrapy crawl` looks for spiders
NEWSPIDER_MODULE = "newscrawl.spiders"  # where `scrapy genspider` writes new ones

# ---- politeness: a scheduled crawler is a guest on the site ---------------------------------
USER_AGENT = "newscrawl/0.1 (Arabic news crawler; Scrapy)"  # names the project to the site
ROBOTSTXT_OBEY = True  # obey robots.txt
CONCURRENT_REQUESTS = 8  # global ceiling on requests in flight
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # at most two requests at a time to the site
DOWNLOAD_DELAY = 1.0  # seconds between requests to the site (AutoThrottle adjusts from here)
AUTOTHROTTLE_ENABLED = True  # slow down when the site slows down
AUTOTHROTTLE_START_DELAY = 1.0  # the first delay AutoThrottle tries
AUTOTHROTTLE_MAX_DELAY = 30.0  # never wait longer than this between requests
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0  # aim for one request in flight on average
DOWNLOAD_TIMEOUT = 30  # seconds before a request is given up (then retried)
RETRY_ENABLED = True  # retry 5xx, 429 and network errors
RETRY_TIMES = 2  # retries per request after the first attempt
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # an article page is ~200 KB; refuse anything past 8 MB
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024  # log pages past 2 MB
REDIRECT_MAX_TIMES = 5  # a redirect chain longer than this is a loop
COOKIES_ENABLED = False  # the site needs no session
TELNETCONSOLE_ENABLED = False  # no listening port on scheduled machines
REMOTE_CONTROL_ENABLED = False  # nor the remote-control HTTP server of newer Scrapy

# ---- export --------------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"  # literal Arabic in the output, not \uXXXX escapes
FEED_EXPORT_FIELDS = list(ARTICLE_FIELDS)  # stable key order = the item's declaration order
# The default target when no feed is given: `-o`/`-O` on the command line, or FEEDS set with
# `-s` or in a scrapyd job, take its place (the spider applies it only when FEEDS is empty, since
# Scrapy merges FEEDS from settings.py with the command line's instead of replacing them).
NEWSCRAWL_DEFAULT_FEED = "output/%(name)s/%(time)s.jsonl"
NEWSCRAWL_DEFAULT_FEED_OPTIONS = {"format": "jsonlines", "encoding": "utf-8"}

# ---- processing ------------------------------------------------------------------------------------
ITEM_PIPELINES = {  # spaced order; validation comes last so nothing changes an item after it
    "newscrawl.pipelines.TextCleanPipeline": 100,
    "newscrawl.pipelines.DatesPipeline": 200,
    "newscrawl.pipelines.DedupPipeline": 300,
    "newscrawl.pipelines.IncrementalPipeline": 400,  # an article fetched again but unchanged is not re-exported
    "newscrawl.pipelines.ValidationPipeline": 900,
}
# Scrapy (2.13+) starts CONCURRENT_ITEMS asyncio tasks for the output of every response; a page
# here gives one item or a list of requests, and the pipelines are synchronous, so 100 (the
# default) only costs: 2 of the 5 ms of CPU Scrapy spends on each page (bench/RESULTS.md)
CONCURRENT_ITEMS = 4
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"  # Scrapy's current fingerprint
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"  # Scrapy's default
LOG_LEVEL = "INFO"  # DEBUG lists every request; INFO keeps scheduled logs readable

# ---- newscrawl -----------------------------------------------------------------------------------
NEWSCRAWL_BASE_URL = (
    "https://www.almaghribtoday.net"  # where the crawl starts; `-a base_url=` overrides
)
NEWSCRAWL_SITE_HOSTS = [
    "www.almaghribtoday.net",
    "almaghribtoday.net",
]  # links to these are the site's own
NEWSCRAWL_MAX_LISTING_PAGES = 5  # pages of one section's pagination per run (?start=N)
NEWSCRAWL_PUBLISHER = "المغرب اليوم"  # the item's `publisher`
NEWSCRAWL_REPORT = "auto"  # JSON run report; "auto": beside the first output file; "" writes none

NEWSCRAWL_EXTRACT_PROCESSES = (
    0  # worker processes that read pages (newscrawl/workers.py); 0: this one
)
NEWSCRAWL_SCHEMA = None  # JSON Schema of the record; None uses newscrawl/schema.json

EXTENSIONS = {  # order matters: each one's spider_closed runs after those above it
    "newscrawl.guards.RunHistory": 290,  # what earlier runs reached, for the shrink monitor
    "newscrawl.extensions.ExportedState": 300,  # the state store: open, mark exported, close
    "newscrawl.extensions.FieldStats": 400,  # field coverage and fallback counts of exported items
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,  # the monitors, on the figures above
    "newscrawl.extensions.RunReport": 600,  # the JSON report, with the monitors' verdicts
    "newscrawl.guards.MaxRunTime": 700,  # NEWSCRAWL_MAX_RUN_SECONDS
}

# ---- scheduled runs: incremental state, crash safety, monitors -------------------------------
NEWSCRAWL_STATE_PATH = None  # the state's SQLite file; None: .scrapy/newscrawl/state.sqlite3
NEWSCRAWL_STATE_CLASS = "newscrawl.state.SQLiteState"  # a StateStore (a shared one: Redis)
NEWSCRAWL_STATE_COMMIT_INTERVAL = 1.0  # seconds state writes wait to commit together; 0: each
NEWSCRAWL_MAX_PENDING_ATTEMPTS = 3  # runs that retry an unfinished request before giving up
COMMANDS_MODULE = "newscrawl.commands"  # `scrapy crawl` that exits non-zero when a monitor fails
DUPEFILTER_CLASS = "newscrawl.feeds.RunDupeFilter"  # per-run only, also with JOBDIR (see feeds.py)
FEED_STORAGES = {  # unbuffered files: a killed run leaves complete lines only
    "": "newscrawl.feeds.FlushedFileFeedStorage",
    "file": "newscrawl.feeds.FlushedFileFeedStorage",
}
SPIDERMON_ENABLED = True  # run the monitors of newscrawl/monitors.py when a crawl closes
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.monitors.SpiderCloseMonitorSuite"]  # which monitors
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]  # anything else (a cap, a shutdown) fails
SPIDERMON_MAX_ERRORS = 0  # an ERROR in the log fails the run
RETRY_GIVE_UP_LOG_LEVEL = (
    "WARNING"  # a page given up is counted; FailedPagesMonitor judges the share
)
NEWSCRAWL_MAX_FAILED_SHARE = (
    0.1  # requests failed or dropped, as a share of all, before the run fails
)
NEWSCRAWL_MAX_INVALID_ITEMS = 0  # items dropped by validation before the run fails
NEWSCRAWL_MIN_COVERAGE = {
    "headline": 1.0,
    "articleBody": 1.0,
    "datePublished": 0.95,
}  # share of items
NEWSCRAWL_MAX_FALLBACK_SHARE = 0.2  # a fallback serving a field in more items fails the run

# ---- faults, hostile input and politeness (newscrawl/middlewares.py) -------------------------
DOWNLOADER_MIDDLEWARES = {  # Scrapy's built-ins keep their places; see each class's docstring
    "newscrawl.middlewares.OriginGuardMiddleware": 60,  # refuse other hosts and ports, before robots.txt
    "newscrawl.middlewares.RequestCapMiddleware": 70,  # at most NEWSCRAWL_MAX_REQUESTS per run
    "newscrawl.middlewares.CrawlDelayMiddleware": 110,  # robots.txt's Crawl-delay as the slot's delay
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,  # replaced by the next one
    "newscrawl.middlewares.RetryAfterMiddleware": 550,  # Scrapy's retry, waiting for Retry-After
    "newscrawl.middlewares.EncodingMiddleware": 560,  # the charset that decodes the page, not the declared one
    "newscrawl.middlewares.RedirectGuardMiddleware": 650,  # stop offsite redirects and loops before they are followed
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,  # replaced by the next one
    "newscrawl.guards.MetaRefreshMiddleware": 580,  # a refresh to the page itself is that page; loops stopped
    "newscrawl.guards.BodyRepairMiddleware": 565,  # UTF-16/32 pages decoded, stray NUL bytes stripped
    "newscrawl.guards.RobotsTxtLimitMiddleware": 595,  # robots.txt read up to its first 500 KiB
    # last before the download slot, first to see its answers: with a long delay, one request of a
    # slot at a time goes on, so that a run that stops does not wait out a queue of delays
    "newscrawl.guards.StopGateMiddleware": 950,
}
FEED_URI_PARAMS = "newscrawl.urls.safe_uri_params"  # arguments cannot move a feed out of its folder
NEWSCRAWL_MAX_REQUESTS = 50_000  # requests per run (robots.txt and retries count); 0: no cap
NEWSCRAWL_OBEY_CRAWL_DELAY = True  # apply robots.txt's Crawl-delay (with ROBOTSTXT_OBEY)
NEWSCRAWL_MAX_CRAWL_DELAY = 60.0  # the longest Crawl-delay honoured, seconds (longer: cut)
NEWSCRAWL_MAX_RETRY_AFTER = 120.0  # a longer Retry-After gives the request up instead of waiting
# float >= 0, seconds: the Retry-After waits one run grants in all; past it a request is given up
NEWSCRAWL_MAX_RETRY_AFTER_TOTAL = 600.0
NEWSCRAWL_RETRY_EMPTY = True  # retry a 200 with an empty body, as a 5xx is retried
NEWSCRAWL_LEGACY_ENCODINGS = ["windows-1256"]  # tried when a page's declared charset fails

# ---- limits per page and per run: a broken or hostile site cannot stall or starve a crawl ------
# (newscrawl/guards.py; each refusal is counted as newscrawl/refused/<reason> and the first of each
# reason logged at WARNING with an example URL; a value that is not a whole number in range stops
# the crawl at its start)
# int >= 1: article links (and, apart, listing links) taken from one listing page or feed; the
# real homepage has about 140 links in all, a section page about 60
NEWSCRAWL_MAX_LINKS_PER_PAGE = 500
# int >= 1: article and listing requests recorded as pending (new rows of the state) per run
NEWSCRAWL_MAX_NEW_PENDING = 20_000
# int >= 0: pending rows of earlier runs made again per run, oldest first; the others wait, and
# the run counts as one of their NEWSCRAWL_MAX_PENDING_ATTEMPTS
NEWSCRAWL_MAX_RESUMED_PENDING = 1_000
# int >= 1: distinct listing pages (homepage, sections, writers, their pagination) read per run
NEWSCRAWL_MAX_LISTINGS = 300
# int >= 1024, bytes: robots.txt is read up to this much (RFC 9309: at least 500 KiB) and obeyed as
# far as read; the download stops there, a compressed one is inflated only that far
NEWSCRAWL_ROBOTSTXT_MAX_BYTES = 500 * 1024
# int >= 1, characters: the longest URL requested (Scrapy's default, 2083, is a limit of old
# Internet Explorer; a slug of 420 Arabic letters, percent-encoded, is longer). Longer ones are
# refused at WARNING (newscrawl/refused/url_too_long) and never recorded as pending
URLLENGTH_LIMIT = 8192
# int >= 1: the earlier finished runs whose reach (articles exported, or known and skipped) the
# shrink monitor compares this run's with (their median)
NEWSCRAWL_HISTORY_RUNS = 5
# float in [0, 1]: a run that reached fewer articles than this share of that median fails (exit 3);
# 0 turns the check off. Checked once the state knows 3 earlier runs (or NEWSCRAWL_HISTORY_RUNS, if fewer)
NEWSCRAWL_MIN_REACH_SHARE = 0.5
# int >= 0, seconds: a run is closed (finish reason max_run_seconds, exit 3) after this long; the
# feed and the state close as at any run's end and what was not fetched stays pending. 0: no limit.
# 3000 (50 min) keeps an hourly run from running into the next. Scrapy's CLOSESPIDER_TIMEOUT also
# works, but waits out the requests already queued behind a long Crawl-delay
NEWSCRAWL_MAX_RUN_SECONDS = 3000
# float >= 0, seconds: from this download delay on (a long Crawl-delay, AutoThrottle backing off),
# one request of the site at a time waits in the download slot; a stop drops the others at once
NEWSCRAWL_GATE_DELAY = 10.0
