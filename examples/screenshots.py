"""Screenshots of the bundled example's HTML pages, for the README (docs/img/).

    python examples/screenshots.py                  # docs/img/health-page.png, sponsor-page.png
    python examples/screenshots.py health --width 390 --out /tmp/shots

Each page is written by copkit's own command (``health --format html``, ``report sponsor
--format html``) from a copy of the example in a throwaway home, read on the README tour's day
(25 November 2026, so the pictures do not change with the clock), and drawn by Debian's headless
Chromium through the helper the browser tests use (tests/chromium.py; needs the test extras:
``pip install -e ".[test]"`` and ``apt-get install chromium``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import chromium  # noqa: E402  (tests/chromium.py: the browser the tests drive)

from copkit.storage.example import example_path  # noqa: E402

#: The README tour's today: the example's pictures stay the same whatever the clock says.
TOUR_DAY = "2026-11-25"
#: Each page: the command that writes it, and the PNG it becomes.
PAGES = {
    "health": (["health", "--format", "html"], "health-page.png"),
    "sponsor": (["report", "sponsor", "--format", "html"], "sponsor-page.png"),
}

#: Where the page's second chart ends (or the page, without charts), in CSS pixels.
CHARTS_END = """() => {
  const charts = document.querySelectorAll('figure.chart');
  const last = charts.length > 1 ? charts[1] : document.body;
  return Math.ceil(last.getBoundingClientRect().bottom + window.scrollY + 16);
}"""


def page_html(name: str, home: Path) -> str:
    """The page as copkit writes it, with the clock at the tour's day (tests/clock, as the
    suite sets it for the processes it starts)."""
    args, _png = PAGES[name]
    clock = os.pathsep.join(
        filter(None, [str(ROOT / "tests" / "clock"), os.environ.get("PYTHONPATH")])
    )
    env = {**os.environ, "COPKIT_TEST_NOW": f"{TOUR_DAY}T12:00:00+00:00", "PYTHONPATH": clock}
    done = subprocess.run(
        [sys.executable, "-m", "copkit", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"copkit {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="health, sponsor (default: both)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--full", action="store_true", help="the whole page, not its top")
    options = parser.parse_args()
    wanted = options.pages or list(PAGES)
    unknown = [name for name in wanted if name not in PAGES]
    if unknown:
        parser.error(f"no such page: {', '.join(unknown)} (health, sponsor)")
    with tempfile.TemporaryDirectory(prefix="copkit-shots-") as folder:
        home = Path(folder)
        shutil.copyfile(example_path(), home / "riverside.json")
        with chromium.browser() as browser:
            for name in wanted:
                page = chromium.open_page(browser, page_html(name, home), options.width)
                target = options.out / PAGES[name][1]
                options.out.mkdir(parents=True, exist_ok=True)
                if options.full:
                    page.screenshot(path=str(target), full_page=True)
                else:  # the title, the table and the first charts: what a reader sees first
                    height = page.evaluate(CHARTS_END)
                    width = options.width
                    page.screenshot(
                        path=str(target),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": height},
                    )
                page.close()
                print(f"Wrote {target}")


if __name__ == "__main__":
    main()
