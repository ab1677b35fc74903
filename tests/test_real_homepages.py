"""Each real 2018 homepage of ../shared/site/real/, served as its own site's homepage (its host
rewritten to a server on 127.0.0.1), crawled by that site's spider: every article and column link
it holds is requested, once, on the crawl's origin.

The pages are third-party material: read in place, never copied; the tests skip where ../shared
is absent. The links are counted here by their own pattern, not by newscrawl's URL grammar, so a
link the spider misses fails the test.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from newscrawl.sites import SITES
from tests.conftest import SHARED, run_crawl

REAL = SHARED / "site" / "real"
# the real homepages and the site whose homepage each is, with the articles and columns each
# links on its own host (../shared/site/real/README.md: 95, 95, and palestinetoday's 90 articles
# with its 5 columns)
HOMEPAGES = [
    ("almaghribtoday-home-2018.html", "almaghribtoday", 95),
    ("arabstoday-home-2018.html", "arabstoday", 95),
    ("palestinetoday-home-2018.html", "palestinetoday", 95),
]
# "/314/102152-{slug}", "/w-1046/052021-{slug}": the 2018 homepages' article and column links
_ARTICLE = re.compile(r"^/(?:\d+|w-\d+)/\d{6}-[^/]+/?$")


class _Home(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, page: bytes) -> None:
        self.page = page
        self.paths: list[str] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Home

    def do_GET(self) -> None:
        path = unicodedata.normalize("NFC", unquote(urlsplit(self.path).path))
        with self.server.lock:
            self.server.paths.append(path)
        body = self.server.page if path == "/" else b"<html><body>404</body></html>"
        self.send_response(200 if path == "/" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _own_article_paths(text: str, hosts: set[str]) -> set[str]:
    """The decoded paths of the page's links to an article or column on the site's own hosts."""
    found = set()
    for href in lxml_html.fromstring(text).xpath("//a/@href"):
        url = urljoin("http://www.example.invalid/", href.strip())
        parts = urlsplit(url)
        if parts.hostname not in hosts | {"www.example.invalid"}:
            continue
        path = unicodedata.normalize("NFC", unquote(parts.path)).rstrip("/")
        if _ARTICLE.match(path):
            found.add(path)
    return found


@pytest.fixture(params=HOMEPAGES, ids=[h[1] for h in HOMEPAGES])
def homepage(request: pytest.FixtureRequest) -> Iterator[tuple[str, Path, int]]:
    name, site, count = request.param
    path = REAL / name
    if not path.exists():
        pytest.skip(
            f"real site material not available: {path} is absent (it lives in ../shared, "
            "outside the repo)"
        )
    yield site, path, count


def test_every_real_homepage_belongs_to_a_configured_site() -> None:
    if not REAL.exists():
        pytest.skip(f"real site material not available: {REAL} is absent")
    for page in sorted(REAL.glob("*-home-*.html")):
        site = page.name.split("-home-")[0]
        assert site in SITES, f"{page.name}: no site {site!r} in newscrawl/sites.toml"
        assert site in {h[1] for h in HOMEPAGES}, f"{page.name} is not tested here"


def test_crawl_requests_every_article_and_column_of_the_real_homepage(
    homepage: tuple[str, Path, int], tmp_path: Path
) -> None:
    site, path, count = homepage
    text = path.read_text(encoding="utf-8")
    hosts = {h for h in SITES[site].hosts}
    expected = _own_article_paths(text, hosts)
    assert len(expected) == count
    server = _Home(b"")
    # the page's own host, written http://www.{site}, becomes the test server
    for host in sorted(hosts, key=len, reverse=True):
        text = re.sub(rf"https?://{re.escape(host)}(?=[/\"'])", server.url, text)
    server.page = text.encode("utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = tmp_path / "items.jsonl"
        # only the homepage: its section links are not followed, so that the test's requests
        # are the homepage's article links
        result = run_crawl(
            server.url,
            out,
            *("-s", "NEWSCRAWL_MAX_LISTINGS=1", "-s", "ROBOTSTXT_OBEY=False"),
            spider=site,
        )
    finally:
        server.shutdown()
        server.server_close()
    requested = [p.rstrip("/") for p in server.paths]
    articles = [p for p in requested if _ARTICLE.match(p)]
    missing = expected - set(articles)
    assert not missing, (len(missing), sorted(missing)[:3], result.stderr[-2000:])
    assert len(articles) == len(set(articles)), "an article was requested twice"
    assert set(articles) == expected
