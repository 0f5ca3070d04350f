"""Principle 4 reads a planned change of space as a change, not a lapse (issue 21).

The PSDP facilitators' community (Staempfli 2021, ../shared/DOMAIN.md) began with whole-day
meetings in person and moved online as planned; a series that reached its planned end is
completed; a retired space is not a quieter one. Built through the CLI; today is the suite's
fixed 25 Nov 2026.
"""

from __future__ import annotations

import json

import pytest
from conftest import Run


def ok(run: Run, *args: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output


def spaces_reading(run: Run, *args: str) -> dict:
    result = run("health", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return next(p for p in json.loads(result.output)["principles"] if p["key"] == "spaces")


IN_PERSON = ["2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09", "2026-01-13", "2026-02-10"]
ONLINE = ["2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09", "2026-07-14", "2026-08-11",
          "2026-09-08", "2026-10-13", "2026-11-10"]  # fmt: skip


@pytest.fixture
def programme(run: Run) -> Run:
    """Whole-day CoP days in person (public) until February, then online meetings (private)."""
    steps = [
        ("init", "Facilitators CoP", "--domain", "Practice supervision", "--gardener", "Lead",
         "--gardener-email", "lead@example.org"),
        ("member", "add", "Ann Lee", "--email", "ann@example.org", "--joined", "2025-09-01"),
        ("member", "add", "Bo Chan", "--email", "bo@example.org", "--joined", "2025-09-01"),
        ("space", "add", "CoP day", "--public", "--location", "Conference centre"),
        ("space", "add", "Online", "--private", "--platform", "Teams"),
        ("rhythm", "add", "CoP day", "--space", "CoP day", "--every", "monthly on the 2nd Tuesday",
         "--start", "2025-09-09T10:00", "--duration", "6h", "--until", "2026-02-28"),
        *(("meeting", "record", "--rhythm", "CoP day", "--on", d, "--attended", "Ann,Bo")
          for d in IN_PERSON),
    ]  # fmt: skip
    for step in steps:
        ok(run, *step)
    return run


def test_a_planned_move_online_is_not_a_lapse(programme: Run) -> None:
    ok(programme, "rhythm", "add", "Online", "--space", "Online", "--every",
       "monthly on the 2nd Tuesday", "--start", "2026-03-10T14:00")  # fmt: skip
    for d in ONLINE:
        ok(programme, "meeting", "record", "--rhythm", "Online", "--on", d, "--attended", "Ann,Bo")
    found = spaces_reading(programme)
    assert found["signal"] == "thriving"
    assert "quieter" not in found["prompt"] and "different format" not in found["prompt"]
    assert "moved where it meets as planned" in found["prompt"]
    evidence = " | ".join(found["evidence"])
    assert "the series CoP day ran to the end its rule set" in evidence
    assert "a planned change of space, not a lapse" in evidence


def test_a_series_that_reached_its_planned_end_is_completed(programme: Run) -> None:
    ok(programme, "rhythm", "add", "Online", "--space", "Online", "--every",
       "monthly on the 2nd Tuesday", "--start", "2026-03-10T14:00",
       "--until", "2026-11-11")  # fmt: skip
    for d in ONLINE:
        ok(programme, "meeting", "record", "--rhythm", "Online", "--on", d, "--attended", "Ann,Bo")
    assert spaces_reading(programme)["signal"] == "completed"  # a fortnight after the end
    later = spaces_reading(programme, "--as-of", "2027-06-30")
    assert later["signal"] == "completed"
    assert "quieter" not in later["prompt"] and "Neither space" not in later["prompt"]


def test_a_series_that_stopped_short_still_reads_quiet(programme: Run) -> None:
    """No change of plan: the online series goes on, but the CoP days stopped in November."""
    ok(programme, "rhythm", "add", "Online", "--space", "Online", "--every",
       "monthly on the 2nd Tuesday", "--start", "2026-03-10T14:00")  # fmt: skip
    for d in ONLINE:
        ok(programme, "meeting", "record", "--rhythm", "Online", "--on", d, "--attended", "Ann,Bo")
    ok(programme, "rhythm", "edit", "CoP day", "--until", "2026-12-31")
    found = spaces_reading(programme)
    assert found["signal"] == "growing" and "quieter" in found["prompt"]


def test_a_retired_space_is_not_a_quieter_space(community: Run) -> None:
    """The Cafe held meetings until it was retired; the Circle meets on."""
    for d in ("2026-03-10", "2026-04-14"):
        ok(community, "meeting", "record", "--space", "Cafe", "--on", f"{d}T14:00",
           "--attended", "Ann,Bo")  # fmt: skip
    for d in ("2026-09-08", "2026-10-13", "2026-11-10"):
        ok(community, "meeting", "record", "--space", "Circle", "--on", f"{d}T14:00",
           "--attended", "Ann,Bo")  # fmt: skip
    assert "quieter" in spaces_reading(community)["prompt"]
    ok(community, "space", "retire", "Cafe", "--on", "2026-05-01")
    found = spaces_reading(community)
    assert "quieter" not in found["prompt"]
    assert any("Cafe (retired on 1 May 2026)" in e for e in found["evidence"])
    earlier = spaces_reading(community, "--as-of", "2026-04-20")
    assert any(e.startswith("1 public space (Cafe): 2 meetings") for e in earlier["evidence"])
