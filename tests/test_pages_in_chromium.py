"""The HTML pages in a real browser (issue 22): Debian's headless Chromium draws the health page
of the bundled example, and its sponsor report, at a desktop's 1280 px and a phone's 390 px.

Nothing may reach past the page's width, every chart's SVG must be drawn with a box of its own,
and the numbers the browser holds for each drawn mark must be the core's. A screenshot of each
page goes to ``$COPKIT_SCREENSHOTS`` (default: a folder of the test run), for the closing note
and for a person to look at. Chromium missing is a failure, never a skip (tests/chromium.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromium
import pytest
from click.testing import CliRunner
from conftest import TODAY

from copkit import community_store
from copkit.cli import cli
from copkit.health import participation
from copkit.readings.figures import health_figures, sponsor_figures
from copkit.storage.example import example_path


class Example:
    def __init__(self, folder: Path) -> None:
        home = folder / "home"
        home.mkdir()
        shutil.copyfile(example_path(), home / "riverside.json")
        pages = {}
        for name, command in (("health", ["health"]), ("sponsor", ["report", "sponsor"])):
            result = CliRunner().invoke(cli, ["--home", str(home), *command, "--format", "html"])
            assert result.exit_code == 0, result.output
            pages[name] = result.output
        with community_store(home=home).read() as session:
            data = participation.read(session)
        self.health = health_figures(data, TODAY)
        self.sponsor = sponsor_figures(data, TODAY)
        self.pages = pages


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return Example(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module: starting one takes about half a second."""
    with chromium.browser() as context:
        yield context


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("COPKIT_SCREENSHOTS")
    return Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("device", sorted(chromium.WIDTHS))
@pytest.mark.parametrize("name", ["health", "sponsor"])
def test_every_chart_is_drawn_and_nothing_overflows(
    example: Example, browser: Any, screenshots: Path, name: str, device: str
) -> None:
    page = chromium.open_page(browser, example.pages[name], chromium.WIDTHS[device])
    try:
        assert page.evaluate(chromium.OVERFLOWING) == []
        boxes = page.evaluate(chromium.CHART_BOXES)
        assert len(boxes) == (4 if name == "health" else 3)  # the example records no conversation
        for box in boxes:
            assert box["width"] > 200 and box["height"] > 50, box
        for mark in page.evaluate(chromium.MARKS):
            if mark["value"]:
                assert mark["width"] > 0 and mark["height"] > 0, mark
        shot = chromium.screenshot(page, screenshots, f"{name}-{device}")
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def _drawn(page: Any, chart: str, kind: str | None = None) -> list[tuple[str | None, int]]:
    return [
        (mark["label"], mark["value"])
        for mark in page.evaluate(chromium.MARKS)
        if mark["chart"] == chart and (kind is None or mark["kind"] == kind)
    ]


def test_the_browser_draws_the_cores_numbers(example: Example, browser: Any) -> None:
    page = chromium.open_page(browser, example.pages["health"], chromium.WIDTHS["phone"])
    try:
        figures = example.health
        assert _drawn(page, "attendance") == [
            (f"{m.month:%b}", m.average) for m in figures.attendance.months if m.held
        ]
        assert _drawn(page, "shape") == [
            (None, round(figures.shape.share(level) * 100))
            for level in ("core", "active", "peripheral")
        ]
        assert _drawn(page, "survey") == [
            (None, round((p.agree_share or 0) * 100)) for p in figures.survey.principles
        ]
        assert figures.movement is not None
        assert _drawn(page, "movement", "moved_in") == [
            (f"{m.day:%b}", m.moved_in) for m in figures.movement.months if m.moved_in
        ]
        # a taller bar is a larger number: the picture is drawn to scale
        heights = {
            m["value"]: round(m["height"], 1)
            for m in page.evaluate(chromium.MARKS)
            if m["chart"] == "attendance"
        }
        ordered = [heights[v] for v in sorted(heights)]
        assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)
    finally:
        page.close()
    sponsor = chromium.open_page(browser, example.pages["sponsor"], chromium.WIDTHS["desktop"])
    try:
        assert _drawn(sponsor, "sponsor-attendance") == [
            (f"{m.month:%b}", m.average) for m in example.sponsor.attendance.months if m.held
        ]
        text = sponsor.inner_text("body")
        assert "Supervision circle" not in text  # the example's private space
    finally:
        sponsor.close()
