"""Time the dashboard opening on a large community (issue 6's goal: under a second).

    python benchmarks/bench_tui.py

Builds the benchmark community (300 members, 5 years of fortnightly meetings) through the core,
then times, in this process, from creating the app to the home screen showing the nine
principles, headless at 120x40 with ``App.run_test()``. It also times switching to each other
screen for the first time (the slowest switch, as each screen is built on first use). Each
figure is the best of a few runs; the first run also pays for importing Textual.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import build_large_community  # noqa: E402

from copkit.storage.store import Store  # noqa: E402

RUNS = 5
GOAL_SECONDS = 1.0
TODAY = dt.date(2026, 11, 25)


async def open_once(path: Path) -> tuple[float, dict[str, float]]:
    from textual.widgets import OptionList

    from copkit.tui.app import CopkitApp

    begin = time.perf_counter()
    app = CopkitApp(Store(path), today=TODAY)
    switches: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        principles = app.screen.query_one("#principles", OptionList)
        assert principles.option_count == 9, "the home screen is not ready"
        ready = time.perf_counter() - begin
        for key, name in (("m", "members"), ("r", "rhythms and meetings"), ("s", "spaces")):
            start = time.perf_counter()
            await pilot.press(key)
            switches[name] = time.perf_counter() - start
    return ready, switches


def import_seconds() -> float:
    """What `copkit tui` pays before the app exists: Python, Textual and copkit imports."""
    code = (
        "import time; t = time.perf_counter(); import copkit.tui.app; "
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(RUNS)
    ]
    return min(runs)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        begin = time.perf_counter()
        path = build_large_community(Path(folder) / "large.json")
        print(f"built 300 members, 5 years in {time.perf_counter() - begin:.2f} s")
        print(f"importing the dashboard in a fresh process: {import_seconds() * 1000:.0f} ms")
        results = [asyncio.run(open_once(path)) for _ in range(RUNS)]
    opened = min(ready for ready, _ in results)
    verdict = "ok" if opened < GOAL_SECONDS else f"over the {GOAL_SECONDS:.0f} s goal"
    print(f"open to home screen ready   {opened * 1000:6.0f} ms  ({verdict})")
    for name in results[0][1]:
        best = min(switches[name] for _, switches in results)
        print(f"first switch to {name:<22} {best * 1000:4.0f} ms")


if __name__ == "__main__":
    main()
