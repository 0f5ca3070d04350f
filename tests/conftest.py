"""Shared fixtures: one fixed "today", a throwaway copkit home and a way to run the CLI in it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner, Result

from copkit.cli import cli
from copkit.storage.example import example_path

Run = Callable[..., Result]

#: The suite's one "today": every test, and every Python process a test starts, sees this moment
#: (the clock then ticks on from it), so the suite passes on any real date.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
CLOCK_FOLDER = Path(__file__).parent / "clock"


_TRAVEL = time_machine.travel(NOW, tick=True)


def pytest_configure(config: pytest.Config) -> None:
    """Travel to NOW before collection, here and in every subprocess (see tests/clock)."""
    os.environ["COPKIT_TEST_NOW"] = NOW.isoformat()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(CLOCK_FOLDER), os.environ.get("PYTHONPATH")])
    )
    _TRAVEL.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _TRAVEL.stop()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty copkit home; the environment cannot point anywhere else."""
    monkeypatch.delenv("COPKIT_HOME", raising=False)
    monkeypatch.delenv("COPKIT_COMMUNITY", raising=False)
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def run(home: Path) -> Run:
    """Run `copkit --home HOME ARGS...`; fails the test on a traceback unless told otherwise."""

    def invoke(*args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--home", str(home), *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


@pytest.fixture
def community(run: Run) -> Run:
    """A small community: gardener Ann (core), Bo (active), Cy (peripheral), two spaces."""
    steps = [
        (
            "init",
            "Test CoP",
            "--domain",
            "Reflective supervision",
            "--gardener",
            "Ann Lee",
            "--gardener-email",
            "ann@example.org",
            "--sponsor",
            "Dr Price",
        ),
        (
            "member",
            "add",
            "Ann Lee",
            "--email",
            "ann@example.org",
            "--level",
            "core",
            "--org",
            "Riverside",
            "--joined",
            "2025-01-01",
        ),
        (
            "member",
            "add",
            "Bo Chan",
            "--email",
            "bo@example.org",
            "--level",
            "active",
            "--org",
            "Northgate",
            "--joined",
            "2025-01-01",
        ),
        ("member", "add", "Cy Dee", "--email", "cy@example.org", "--joined", "2025-01-01"),
        ("space", "add", "Circle", "--private", "--platform", "Teams"),
        ("space", "add", "Cafe", "--public", "--location", "Room 1"),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return run


@pytest.fixture
def example_home(home: Path) -> Path:
    """The bundled example community, copied into the home."""
    shutil.copyfile(example_path(), home / "riverside.json")
    return home
