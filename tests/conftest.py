"""Shared fixtures: one fixed "today", a throwaway copkit home and a way to run the CLI in it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner, Result
from hypothesis import settings

from copkit.cli import cli
from copkit.storage.example import example_path

Run = Callable[..., Result]

#: The suite's one "today": every test, and every Python process a test starts, sees this moment
#: (the clock then ticks on from it), so the suite passes on any real date.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
CLOCK_FOLDER = Path(__file__).parent / "clock"


_TRAVEL = time_machine.travel(NOW, tick=True)

# Speed goals live in benchmarks/, not in tests: no property test fails because a busy machine
# took more than hypothesis's default 200 ms over one example. A test that bounds time on
# purpose (the fuzzers' hang bound, tests/test_fuzz_readers.py) says so in its own settings.
settings.register_profile("copkit", deadline=None)
settings.load_profile("copkit")


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


# --- a home a team shares: a real PostgreSQL (tests/postgres.py, issue 20) ---------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """One throwaway PostgreSQL cluster per test session (per xdist worker); the tests that
    need it skip saying why when it cannot be started, and fail instead where
    ``COPKIT_REQUIRE_POSTGRES`` is set (CI)."""
    import postgres

    try:
        with postgres.start() as cluster:
            yield cluster
    except postgres.Unavailable as exc:
        if os.environ.get("COPKIT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here and cannot be started: {exc}")
        pytest.skip(f"PostgreSQL cannot be started here: {exc}")


@pytest.fixture
def pg_home(pg_cluster: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database, set up as a copkit home: its URL."""
    from copkit.storage.postgres import DatabaseHome

    monkeypatch.delenv("COPKIT_HOME", raising=False)
    monkeypatch.delenv("COPKIT_COMMUNITY", raising=False)
    url: str = pg_cluster.new_database()
    DatabaseHome(url).setup()
    return url


@pytest.fixture(params=["folder", "database"])
def any_home(request: pytest.FixtureRequest, home: Path) -> str:
    """Each kind of home in turn: a folder, then a database (``--home`` as text)."""
    if request.param == "folder":
        return str(home)
    return str(request.getfixturevalue("pg_home"))


@pytest.fixture
def run_in(any_home: str) -> Run:
    """Run `copkit --home HOME ARGS...` on each kind of home in turn (see ``run``)."""

    def invoke(*args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--home", any_home, *args], input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke
