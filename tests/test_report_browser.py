"""The HTML run report in a real browser: headless Chromium renders the demo run's report (built
from ``docs/demo-run.report.json`` by ``python -m newscrawl.report``), and the test checks that
every plot drew, that Arabic reads right to left, that nothing was fetched and no console error
occurred, and takes a screenshot."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from newscrawl.report.__main__ import main as report_main
from tests.browser import browser_page

DEMO = Path(__file__).resolve().parents[1] / "docs" / "demo-run.report.json"

#: per plot: its box, how many SVG shapes it drew, and where each Arabic label's first and last
#: characters landed (right to left: the first is to the right of the last)
PLOTS_JS = """
() => [...document.querySelectorAll('figure.plot')].map(fig => {
  const svg = fig.querySelector('svg');
  if (!svg) return {name: fig.dataset.plot, svg: false};
  const box = svg.getBoundingClientRect();
  const shapes = [...svg.querySelectorAll('path, rect, use')].filter(el => {
    const b = el.getBBox(); return b.width > 0 || b.height > 0; }).length;
  const arabic = [...svg.querySelectorAll('text')]
    .filter(t => /[\\u0600-\\u06FF]/.test(t.textContent))
    .map(t => { const n = t.getNumberOfChars();
      return {text: t.textContent, first: t.getStartPositionOfChar(0).x,
              last: t.getStartPositionOfChar(n - 1).x}; });
  return {name: fig.dataset.plot, svg: true, width: box.width, height: box.height, shapes, arabic};
})
"""

#: every HTML text node with Arabic: the direction it is laid out in, and the on-screen x of its
#: first and last characters
ARABIC_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!/[\\u0600-\\u06FF]/.test(text) || node.parentElement.closest('svg, code')) continue;
    const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                      return r.getBoundingClientRect(); };
    const start = node.textContent.indexOf(text[0]);
    const end = node.textContent.lastIndexOf(text[text.length - 1]);
    out.push({text, direction: getComputedStyle(node.parentElement).direction,
              lang: node.parentElement.closest('[lang]').getAttribute('lang'),
              firstRight: at(start).right, lastRight: at(end).right});
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("report")
    report = folder / DEMO.name
    shutil.copy(DEMO, report)
    assert report_main([str(report)]) == 0
    html = folder / "demo-run.report.html"
    with browser_page() as (page, problems):
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        plots = page.evaluate(PLOTS_JS)
        arabic = page.evaluate(ARABIC_JS)
        shots = {p["name"]: page.locator(f'figure[data-plot="{p["name"]}"] svg').screenshot()
                 for p in plots if p["svg"]}  # fmt: skip
        screenshot = folder / "report.png"
        page.screenshot(path=str(screenshot), full_page=True)
    return {"html": html, "plots": plots, "arabic": arabic, "shots": shots,
            "problems": problems, "screenshot": screenshot}  # fmt: skip


def test_report_is_one_file_that_fetches_nothing(rendered: dict[str, Any]) -> None:
    text = rendered["html"].read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "src=" not in text
    assert rendered["problems"] == []


def test_every_plot_drew(rendered: dict[str, Any]) -> None:
    from matplotlib.image import imread

    names = [p["name"] for p in rendered["plots"]]
    assert names == ["per_day", "per_section", "coverage", "trend"]
    for plot in rendered["plots"]:
        assert plot["svg"], plot["name"]
        assert plot["width"] > 300 and plot["height"] > 100, plot
        assert plot["shapes"] > 10, plot
        pixels = imread(io.BytesIO(rendered["shots"][plot["name"]]), format="png")
        inked = (pixels[..., :3].min(axis=2) < 0.9).mean()
        assert inked > 0.02, f"{plot['name']}: {inked:.1%} of its pixels are drawn"


def test_arabic_section_names_in_the_plot_read_right_to_left(rendered: dict[str, Any]) -> None:
    (sections,) = [p for p in rendered["plots"] if p["name"] == "per_section"]
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    assert sorted(label["text"] for label in sections["arabic"]) == sorted(demo["per_section"])
    for label in sections["arabic"]:
        assert label["first"] > label["last"], label


def test_arabic_text_of_the_page_is_right_to_left(rendered: dict[str, Any]) -> None:
    arabic = rendered["arabic"]
    assert arabic, "the demo report shows Arabic text outside its plots"
    for node in arabic:
        assert node["direction"] == "rtl" and node["lang"] == "ar", node
        if len(node["text"]) > 1:
            assert node["firstRight"] > node["lastRight"], node


def test_screenshot_taken(rendered: dict[str, Any]) -> None:
    from matplotlib.image import imread

    pixels = imread(rendered["screenshot"])
    assert pixels.shape[1] == 1100 and pixels.shape[0] > 2000
