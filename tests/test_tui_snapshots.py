"""Screenshots of the dashboard on the example community, compared with approved SVGs.

The date is pinned, so the snapshots change only when the screens (or the example) change.
Each is taken once the dashboard has read the community and run the health check (both in
workers), so none shows a loading state.
After a deliberate change, regenerate with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at the SVGs in ``tests/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_tui import settle

from copkit.storage.example import example_path
from copkit.storage.store import Store
from copkit.tui.app import CopkitApp

TODAY = dt.date(2026, 11, 25)
SIZES = [(80, 24), (120, 40)]


def example_app(folder: Path) -> CopkitApp:
    path = folder / "riverside.json"
    shutil.copyfile(example_path(), path)
    return CopkitApp(Store(path), today=TODAY)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(example_app(tmp_path), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_members_screen(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(example_app(tmp_path), press=["m"], terminal_size=size, run_before=settle)
