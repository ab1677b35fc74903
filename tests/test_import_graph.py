"""The house keeps its shape: imports run one way (issue 17, point 4).

spider -> page objects -> pure modules (``text``, ``dates``, ``urls``, ``selectors``, ``items``,
``sites``);
pipelines (and the crawl filters the spider shares with theirs) -> pure modules; nothing below imports anything above; middlewares import no page
object, no pipeline and no spider; the spider imports no middleware and no pipeline (what the
two share, the names of a refusal or a failure, is :mod:`newscrawl.refusals`). The imports are
read with ``ast`` from the source, those inside functions and under ``TYPE_CHECKING`` included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "newscrawl"

#: ``sites``: the group's sites as validated configuration (sites.toml), which imports only
#: ``selectors`` (a site's selector overrides name them)
PURE = {"text", "dates", "urls", "selectors", "items", "sites"}
PAGES = {"pages"}
PIPELINES = {"pipelines"}
#: the -a since/until/sections rules, read by the spider (what to fetch) and by their pipeline
#: (what to export): below both, like the pure modules
FILTERS = {"filters"}
MIDDLEWARES = {"middlewares", "guards", "headers", "pace"}
SPIDERS = {"spiders"}
EXTENSIONS = {"extensions", "monitors", "feeds", "progress", "report"}
#: the vocabulary the spider and the middlewares share: imports only what is below both
SHARED = {"refusals"}

#: group of a module -> the only groups it may import (itself included)
ONLY = {
    "pure": PURE,
    "pages": PURE | PAGES,
    "pipelines": PURE,
    "filters": PURE,
    "refusals": PURE | {"headers"},
}
#: group of a module -> groups it must not import
NEVER = {
    "middlewares": PAGES | PIPELINES | FILTERS | SPIDERS | EXTENSIONS,
    "spiders": MIDDLEWARES | PIPELINES | EXTENSIONS,
}


def group(top: str, name: str) -> str | None:
    """The layer a module of the package belongs to, by its first name under ``newscrawl``."""
    for label, members in (
        ("pure", PURE),
        ("pages", PAGES),
        ("pipelines", PIPELINES),
        ("filters", FILTERS),
        ("middlewares", MIDDLEWARES),
        ("spiders", SPIDERS),
        ("refusals", SHARED),
    ):
        if top in members:
            return label
    return None


def imports(path: Path) -> set[str]:
    """Every ``newscrawl`` module ``path`` imports, as its first name under the package
    (``newscrawl.pages.article`` -> ``pages``; ``from newscrawl import text`` -> ``text``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "newscrawl":
                names = [f"newscrawl.{alias.name}" for alias in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the package imports by full name")
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "newscrawl" and len(parts) > 1:
                found.add(parts[1])
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))  # the crawler's package (the snapshot is apart)


def top_of(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def violations(path: Path, imported: set[str]) -> list[str]:
    top = top_of(path)
    label = group(top, path.stem)
    if label is None:
        return []
    wrong = []
    for other in sorted(imported - {top}):
        if label in ONLY and other not in ONLY[label]:
            wrong.append(f"{path.relative_to(REPO)} ({label}) imports newscrawl.{other}")
        if label in NEVER and other in NEVER[label]:
            wrong.append(f"{path.relative_to(REPO)} ({label}) imports newscrawl.{other}")
    return wrong


def test_imports_run_one_way() -> None:
    wrong = [v for path in modules() for v in violations(path, imports(path))]
    assert not wrong, "\n".join(wrong)


def test_pure_modules_import_no_scrapy() -> None:
    """``text``, ``dates``, ``urls``, ``selectors``: pure functions and tables, no Scrapy,
    Twisted or parser (``items`` uses itemadapter only)."""
    heavy = ("scrapy", "twisted", "parsel", "lxml")
    wrong = []
    files = [
        path
        for name in PURE
        for path in (
            sorted((PACKAGE / name).glob("*.py"))  # a package: dates/
            if (PACKAGE / name).is_dir()
            else [PACKAGE / f"{name}.py"]
        )
    ]
    assert len(files) > len(PURE)  # the dates package's modules are read, not skipped
    for path in files:
        name = path.relative_to(PACKAGE).with_suffix("").as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = ""
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module
            elif isinstance(node, ast.Import):
                module = node.names[0].name
            if module.split(".")[0] in heavy:
                wrong.append(f"{name}.py imports {module}")
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("middlewares.py", "from newscrawl.pages.article import ArticlePage", "pages"),
        ("spiders/site.py", "from newscrawl.middlewares import failure_reason", "middlewares"),
        ("spiders/site.py", "import newscrawl.pipelines", "pipelines"),
        ("text.py", "from newscrawl import urls, pages", "pages"),
        ("pipelines.py", "def f():\n    from newscrawl.state import fingerprint", "state"),
        ("pages/listing.py", "from newscrawl.spiders.almaghribtoday import X", "spiders"),
    ],
    ids=[
        "middleware-page",
        "spider-middleware",
        "spider-pipeline",
        "pure-page",
        "pipeline-state",
        "page-spider",
    ],
)
def test_the_check_catches_a_wrong_import(
    tmp_path: Path, where: str, source: str, expected: str
) -> None:
    """The rule is not vacuous: each of these imports is reported."""
    path = PACKAGE / where
    probe = tmp_path / "probe.py"
    probe.write_text(source + "\n", encoding="utf-8")
    found = violations(path, imports(probe))
    assert any(f"newscrawl.{expected}" in v for v in found), found
