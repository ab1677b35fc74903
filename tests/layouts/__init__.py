"""A corpus of other plausible layouts of the snapshot's 45 articles, each with its ground truth.

The bundled snapshot reconstructs one layout, the one the extractor was written for. Here the
same articles are rendered as other news CMS templates would serve them (WordPress, Yoast,
Joomla/K2, Drupal, AMP, microdata, an older windows-1256 portal, ...), so that extraction can be
scored on pages it was not tuned to. The truth of each page is written from the content
(:mod:`sitesnapshot.content`) beside the template, never by running the extractor: it
starts from :func:`tests.expected.expected_item` and changes what the layout shows differently
(see ``tests/layouts/templates.py``, and ``score.py`` for the scoring).

- :data:`LAYOUTS`, :data:`DESCRIPTIONS`: the layouts' names and one line on each;
- :func:`render`: one article's page in one layout, as served (bytes);
- :func:`expected`: what the crawl must export for that page;
- :func:`url`: where a page is fetched from;
- :func:`render_site`: the bundled snapshot with every article page in one layout, servable by
  :class:`sitesnapshot.server.SnapshotServer`;
- :func:`drop_reason`: for a page that must not be exported, the rejection the page object gives
  (its truth is then a record of nothing);
- :func:`content_type`: the ``Content-Type`` header a page is served with (a layout may be served
  with a wrong charset).

The first thirteen layouts are in ``templates.py``; ``more.py`` holds those written after the
extractor was tuned to them, and ``third.py`` those written after it was tuned to all twenty-one
(:data:`PARTIAL_BODY`: layouts whose page shows only part of the article).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sitesnapshot.render import Article
from sitesnapshot.server import DEFAULT_ROOT
from tests.expected import SITE, expected_item
from tests.layouts.adversarial import ADVERSARIAL
from tests.layouts.adversarial import UNREADABLE_DATE as UNREADABLE_DATE
from tests.layouts.more import DROP, HEADERS, MORE, URL_QUERIES
from tests.layouts.parts import BASE
from tests.layouts.templates import TEMPLATES
from tests.layouts.third import PARTIAL_BODY as PARTIAL_BODY
from tests.layouts.third import THIRD

ALL_TEMPLATES = {**TEMPLATES, **MORE, **THIRD, **ADVERSARIAL}
LAYOUTS: list[str] = list(ALL_TEMPLATES)
#: one line on each layout: what it looks like and what it lacks
DESCRIPTIONS: dict[str, str] = {
    name: " ".join((function.__doc__ or name).split()) for name, function in ALL_TEMPLATES.items()
}
#: layouts served in another encoding than UTF-8, declared only in the page's <meta>
ENCODINGS: dict[str, str] = {"cp1256_portal": "cp1256", "latin1_header": "cp1256"}


def url(article: Article, layout: str | None = None) -> str:
    """The URL a page is fetched at: the live host and the percent-encoded path (and the
    layout's query, ``?print=1`` for the print version)."""
    return BASE + quote(article.path) + URL_QUERIES.get(layout or "", "")


def _rendered(article: Article, layout: str) -> tuple[str, dict[str, Any]]:
    try:
        template = ALL_TEMPLATES[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}") from None
    return template(article)


def render(article: Article, layout: str) -> bytes:
    """``article``'s page in ``layout``, as the server sends it."""
    html, _ = _rendered(article, layout)
    encoding = ENCODINGS.get(layout, "utf-8")
    return html.encode(encoding, errors="xmlcharrefreplace")


def expected(article: Article, layout: str) -> dict[str, Any]:
    """The record the crawl must export for ``article``'s page in ``layout``."""
    _, changes = _rendered(article, layout)
    truth = expected_item(article, BASE)
    if DROP in changes:
        return dict.fromkeys(truth)  # not exported: a record of nothing
    unknown = set(changes) - set(truth)
    if unknown:
        raise KeyError(f"layout {layout!r} changes unknown fields {sorted(unknown)}")
    truth.update(changes)
    return truth


def drop_reason(article: Article, layout: str) -> str | None:
    """Why ``article``'s page in ``layout`` must not be exported (the reason of the page object's
    :class:`~newscrawl.pages.Rejection`), or ``None`` for a page to export."""
    _, changes = _rendered(article, layout)
    reason = changes.get(DROP)
    return str(reason) if reason is not None else None


def content_type(layout: str) -> str:
    """The Content-Type header: without a charset for the pages that declare it in <meta> only,
    the layout's own (a wrong charset) where it has one."""
    if layout in HEADERS:
        return HEADERS[layout]
    return "text/html" if layout in ENCODINGS else "text/html; charset=utf-8"


def render_site(layout: str, dest: Path) -> Path:
    """A copy of the bundled snapshot under ``dest`` with every article page in ``layout``."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(DEFAULT_ROOT, dest)
    routes = json.loads((dest / "routes.json").read_text(encoding="utf-8"))
    for article in SITE.articles:
        (dest / article.file).write_bytes(render(article, layout))
        routes[article.path] = {"file": article.file, "type": content_type(layout)}
    (dest / "routes.json").write_text(
        json.dumps(routes, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return dest
