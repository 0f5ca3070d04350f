"""`copkit report sponsor`: what the sponsor reads, and what never reaches them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

SECRETS = ("Xylophonic", "Brennan", "Quillfeather", "Zed Private", "Forgettable")


@pytest.fixture
def mixed(community):
    """Meetings in the private circle (with things that must stay there) and the public café;
    a member who asked to be forgotten; stories, one of which touches the circle."""
    run = community
    steps = [
        ("member", "add", "Zed Private", "--email", "zed@example.org", "--joined", "2025-01-01"),
        ("member", "add", "Forgettable Fred", "--email", "fred@example.org",
         "--joined", "2025-01-01"),
        ("meeting", "record", "--space", "Circle", "--on", "2026-10-13T14:00",
         "--attended", "Ann,Bo,Zed", "--topic", "Xylophonic mistrust in the Brennan family",
         "--proposed-by", "Bo", "--activity", "stimulating:visit to Brennan house",
         "--guest", "Dr Quillfeather"),
        ("meeting", "record", "--space", "Cafe", "--on", "2026-10-20T12:30",
         "--attended", "Ann,Bo,Cy,Fred", "--topic", "Open questions", "--proposed-by", "Cy",
         "--activity", "familiar:check-in"),
        ("story", "add", "Fred found a mentor at the café", "--member", "Fred",
         "--cycle", "potential", "--on", "2026-10-21"),
        ("story", "add", "Workers now name what they do not know first", "--cycle", "applied",
         "--on", "2026-10-22"),
        ("story", "add", "The Brennan case changed our risk thinking", "--cycle", "reframing",
         "--on", "2026-10-23"),
        ("member", "forget", "Fred", "--yes"),
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
    return run


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_nothing_private_and_nothing_forgotten_reaches_the_sponsor(mixed, fmt: str) -> None:
    result = mixed("report", "sponsor", "--format", fmt)
    assert result.exit_code == 0, result.output
    text = result.output
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert "Reflective supervision" in text  # the domain is there
    assert "Workers now name what they do not know first" in text  # a clean story is there
    assert "1 story kept within the community, because they touch private" in text


def test_the_report_covers_what_a_sponsor_needs(mixed) -> None:
    text = mixed("report", "sponsor").output
    for heading in (
        "## What the community is for",
        "## Rhythm and attendance",
        "## Who takes part",
        "## Health at a glance",
        "## What difference it makes",
        "## What the community needs",
    ):
        assert heading in text
    assert "| Oct 2026 | 4 |" in text  # average of 3 and 4 (Fred counts, anonymously)
    assert "### Applied value: used in practice\n\n- Workers now name" in text
    assert "No update to the sponsor" in mixed("health", "--format", "markdown").output
    assert "Recognition" in text


def test_sent_records_the_update_for_the_sponsorship_principle(mixed, tmp_path: Path) -> None:
    target = tmp_path / "sponsor.html"
    result = mixed("report", "sponsor", "--format", "html", "-o", str(target), "--sent")
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert f"Recorded that the report went to the sponsor on {dt.date.today()}" in result.output
    report = json.loads(mixed("health", "--format", "json").output)
    sponsorship = next(p for p in report["principles"] if p["key"] == "sponsorship")
    today = dt.date.today()
    assert (
        f"Last update to the sponsor on {today.day} {today:%b %Y} (0 days ago)"
        in (sponsorship["evidence"])
    )


def test_without_sent_nothing_is_recorded(mixed) -> None:
    assert mixed("report", "sponsor").exit_code == 0
    report = json.loads(mixed("health", "--format", "json").output)
    sponsorship = next(p for p in report["principles"] if p["key"] == "sponsorship")
    assert "No update to the sponsor recorded yet" in sponsorship["evidence"]


def test_html_escapes_what_people_typed(run) -> None:
    assert run("init", "Kin & Care <CoP>", "--domain", "Kinship <care>").exit_code == 0
    assert run("story", "add", "She said <b>thank you</b>", "--on", "2026-01-05").exit_code == 0
    html = run("report", "sponsor", "--format", "html").output
    assert "Kin &amp; Care &lt;CoP&gt;" in html and "Kinship &lt;care&gt;" in html
    assert "&lt;b&gt;thank you&lt;/b&gt;" in html and "<b>" not in html
