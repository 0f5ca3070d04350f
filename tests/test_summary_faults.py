"""A summary is only a shortcut (issue 20): when making one fails, the write it follows still
stands, the summary is dropped, and the overview reads that community again in full."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import Run

from copkit.model import Member
from copkit.storage import summaries
from copkit.storage.summaries import SummarisedStore


def _broken(session: Any, day: dt.date) -> Any:
    raise RuntimeError("a fault in the overview's reading")


def test_a_failing_summary_never_fails_the_write(community: Run, home: Path) -> None:
    path = home / "test-cop.json"
    assert community("overview").exit_code == 0  # keeps a summary for today
    assert summaries.summary_path(path).exists()

    store = SummarisedStore(path, backups=3, summarise=_broken)
    with store.write() as session:
        session.add(Member(name="Dee Fox", email="dee@example.org"))

    assert not summaries.summary_path(path).exists()  # dropped, never left stale and wrong
    shown = community("overview", "--json")
    assert shown.exit_code == 0 and '"members": 4' in shown.output  # read again in full


def test_a_failing_summary_never_undoes_a_database_write(pg_home: str) -> None:
    from click.testing import CliRunner

    from copkit.cli import cli
    from copkit.storage.places import open_home

    def copkit(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--home", pg_home, *args])
        assert result.exit_code == 0, result.output
        return result.output

    copkit("init", "Test CoP", "--domain", "Supervision")
    copkit("member", "add", "Ann Lee", "--email", "ann@example.org", "--joined", "2025-01-01")
    copkit("overview", "--json")  # today's summary kept
    home = open_home(pg_home, summarise=_broken)
    with home.store_for("test-cop").write() as session:
        session.add(Member(name="Dee Fox", email="dee@example.org"))
    # the write stands (same transaction as the summary that failed), and the overview,
    # finding the kept summary older than the community, reads it again in full
    assert '"members": 2' in copkit("overview", "--json")
