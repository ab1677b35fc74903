"""Scrapy settings for newscrawl. Every Scrapy setting can still be overridden with ``-s``."""

from __future__ import annotations

from newscrawl.config import defaults as newscrawl_defaults
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
# That default is NEWSCRAWL_DEFAULT_FEED, below.
FEED_EXPORTERS = {  # -O articles.csv, -O articles.parquet (newscrawl/exporters.py)
    "csv": "newscrawl.exporters.FlatCsvItemExporter",  # flat cells, UTF-8 with BOM
    "parquet": "newscrawl.exporters.ParquetItemExporter",  # typed columns (pyarrow)
}
FEED_STORE_EMPTY = False  # a feed file is created (or, with -O, truncated) at its first line only:
# a run that finds nothing new, or gives up, leaves an earlier run's file as it was

# ---- processing ------------------------------------------------------------------------------------
ITEM_PIPELINES = {  # spaced order; validation comes last so nothing changes an item after it
    "newscrawl.pipelines.TextCleanPipeline": 100,
    "newscrawl.pipelines.DatesPipeline": 200,
    "newscrawl.pipelines.DedupPipeline": 300,
    "newscrawl.pipelines.IncrementalPipeline": 400,  # an article fetched again but unchanged is not re-exported
    "newscrawl.pipelines.ValidationPipeline": 900,
    # -a since=/until=/sections=: drops what is outside, changes nothing; after validation, so
    # that an item is validated whether or not the filter keeps it
    "newscrawl.filters.CrawlFilterPipeline": 950,
}
# Scrapy (2.13+) starts CONCURRENT_ITEMS asyncio tasks for the output of every response; a page
# here gives one item or a list of requests, and the pipelines are synchronous, so 100 (the
# default) only costs: 2 of the 5 ms of CPU Scrapy spends on each page (bench/RESULTS.md)
CONCURRENT_ITEMS = 4
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"  # Scrapy's current fingerprint
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"  # Scrapy's default
LOG_LEVEL = "INFO"  # DEBUG lists every request; INFO keeps scheduled logs readable

# ---- newscrawl -----------------------------------------------------------------------------------
# Every NEWSCRAWL_* setting, with its type, range, default and meaning, is declared once in
# newscrawl/config.py (the README's settings table is made from it); `scrapy crawl` validates them
# all, and the spider's -a arguments, before the first request.
globals().update(newscrawl_defaults())

EXTENSIONS = {  # order matters: each one's spider_closed runs after those above it
    "newscrawl.guards.RunHistory": 290,  # what earlier runs reached, for the shrink monitor
    "newscrawl.extensions.ExportedState": 300,  # the state store: open, mark exported, close
    "newscrawl.extensions.FieldStats": 400,  # field coverage and fallback counts of exported items
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,  # the monitors, on the figures above
    "newscrawl.extensions.RunReport": 600,  # the JSON report, with the monitors' verdicts
    "newscrawl.guards.MaxRunTime": 700,  # NEWSCRAWL_MAX_RUN_SECONDS
    "newscrawl.progress.Progress": 750,  # a progress line every NEWSCRAWL_PROGRESS_INTERVAL s
}

# ---- scheduled runs: incremental state, crash safety, monitors -------------------------------
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
SPIDERMON_ADD_FIELD_COVERAGE = True  # spidermon counts each exported item's fields present
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True  # a None field is missing (as "", [] and {} are)
SPIDERMON_DICT_FIELDS_COVERAGE_LEVELS = 0  # mainImage and metadata count as fields, not their keys
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True  # a run that exported nothing has no coverage
ADDONS = {  # NEWSCRAWL_MIN_COVERAGE as spidermon's SPIDERMON_FIELD_COVERAGE_RULES
    "newscrawl.monitors.CoverageRules": 0,
}
RETRY_GIVE_UP_LOG_LEVEL = (
    "WARNING"  # a page given up is counted; FailedPagesMonitor judges the share
)

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
    "newscrawl.guards.HeaderLimitMiddleware": 900,  # header count and bytes of one response
    # last before the download slot, first to see its answers: with a long delay, one request of a
    # slot at a time goes on, so that a run that stops does not wait out a queue of delays
    "newscrawl.guards.StopGateMiddleware": 950,
}
FEED_URI_PARAMS = "newscrawl.urls.safe_uri_params"  # arguments cannot move a feed out of its folder
# int >= 1, characters: the longest URL requested (Scrapy's default, 2083, is a limit of old
# Internet Explorer; a slug of 420 Arabic letters, percent-encoded, is longer). Longer ones are
# refused at WARNING (newscrawl/refused/url_too_long) and never recorded as pending
URLLENGTH_LIMIT = 8192
