"""A real browser for the tests: Debian's headless Chromium, driven by Playwright for Python.

Playwright is told where Chromium is (``executable_path``), so it never downloads a browser of
its own; CI installs the ``chromium`` package (``.ci/run``). A missing Chromium is a failure
with a clear message, never a skip: a page that was never drawn was never checked. Used by
``tests/test_pages_in_chromium.py`` and ``examples/screenshots.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Where Debian's package puts Chromium; ``COPKIT_CHROMIUM`` names another.
CHROMIUM = os.environ.get("COPKIT_CHROMIUM", "/usr/bin/chromium")
#: A desktop and a phone (an iPhone 12 to 15 is 390 CSS pixels wide).
WIDTHS = {"desktop": 1280, "phone": 390}
#: Nothing a test does needs the network, an update, a sync or a GPU.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class ChromiumMissing(RuntimeError):
    pass


def chromium_path() -> str:
    """The Chromium to drive, or a clear reason why there is none."""
    found = shutil.which(CHROMIUM) or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if found is None:
        raise ChromiumMissing(
            f"Chromium is not installed at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium) or set COPKIT_CHROMIUM to a Chromium binary"
        )
    return found


@contextmanager
def browser() -> Iterator[Any]:
    """One headless Chromium with a fresh profile of its own, closed afterwards."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with tempfile.TemporaryDirectory(prefix="copkit-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=ARGS,
            headless=True,
            viewport={"width": WIDTHS["desktop"], "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: Any, html: str, width: int) -> Any:
    """A new tab ``width`` CSS pixels wide showing ``html`` (no network: the page is set)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.route("**/*", lambda route: route.abort())  # nothing may be fetched from outside
    page.set_content(html, wait_until="load")
    return page


#: Elements wider than the page, or reaching past its right edge: a reader on a phone would
#: have to scroll sideways to see them.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ` +
                 `(${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
    }
  }
  if (document.documentElement.scrollWidth > width) found.push('the page scrolls sideways');
  return found;
}"""

#: Each chart's svg and its drawn box.
CHART_BOXES = """() => Array.from(document.querySelectorAll('figure.chart svg')).map(svg => {
  const box = svg.getBoundingClientRect();
  return {chart: svg.closest('figure').dataset.chart, width: box.width, height: box.height};
})"""

#: Every drawn mark's chart, kind, column and number, as the browser holds them.
MARKS = """() => Array.from(document.querySelectorAll('figure.chart [data-value]')).map(el => ({
  chart: el.closest('figure').dataset.chart,
  kind: el.dataset.kind,
  label: el.closest('[data-label]') ? el.closest('[data-label]').dataset.label : null,
  value: Number(el.dataset.value),
  width: el.getBoundingClientRect().width,
  height: el.getBoundingClientRect().height,
}))"""


def screenshot(page: Any, folder: Path, name: str) -> Path:
    """The whole page as a PNG in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
