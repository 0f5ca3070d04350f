"""`copkit community show/edit`: the details every principle reads (domain, gardener, sponsor)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path


def test_edit_changes_only_what_is_given_and_show_reports_it(run, community) -> None:
    before = json.loads(run("community", "show", "--json").output)
    result = run(
        "community",
        "edit",
        "--sponsor",
        "Dr Jo Hart",
        "--resource",
        "Room 3.12",
        "--resource",
        "two hours a month",
    )
    assert result.exit_code == 0, result.output
    after = json.loads(run("community", "show", "--json").output)
    assert after["sponsor"] == "Dr Jo Hart"
    assert after["resources"] == ["Room 3.12", "two hours a month"]
    assert {k: v for k, v in after.items() if k not in ("sponsor", "resources")} == {
        k: v for k, v in before.items() if k not in ("sponsor", "resources")
    }
    assert "Room 3.12; two hours a month" in run("community", "show").output


def test_changing_the_domain_counts_as_revisiting_the_purpose(run, community) -> None:
    assert json.loads(run("community", "show", "--json").output)["purpose_reviewed"] is None
    run("community", "edit", "--domain", "Reflective supervision in adult social care")
    shown = json.loads(run("community", "show", "--json").output)
    assert shown["purpose_reviewed"] == dt.date.today().isoformat()
    assert shown["domain"] == "Reflective supervision in adult social care"


def test_bad_values_are_refused_and_nothing_is_written(run, community, home: Path) -> None:
    path = home / "test-cop.json"
    before = path.read_bytes()
    for args, words in [
        (("--gardener-email", "not-an-email"), "not an email address"),
        (("--timezone", "Mars/Olympus"), "unknown time zone"),
        (("--domain", "   "), "cannot be empty"),
    ]:
        result = run("community", "edit", *args)
        assert result.exit_code == 1 and words in result.output
        assert "Traceback" not in result.output
    assert run("community", "edit").exit_code == 2
    assert path.read_bytes() == before


def _organic_evidence(run, *args: str) -> list[str]:
    report = json.loads(run("health", "--format", "json", *args).output)
    return report["principles"][0]["evidence"]


def test_revisiting_the_purpose_shows_in_the_health_check(run, community) -> None:
    assert any("No record of the community revisiting" in e for e in _organic_evidence(run))
    run("community", "edit", "--purpose-reviewed")
    today = dt.date.today()
    evidence = _organic_evidence(run)
    assert any("revisited its domain and purpose on" in e for e in evidence)
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert any("No record" in e for e in _organic_evidence(run, "--as-of", yesterday))


def test_a_check_before_the_community_started_says_so_and_guesses_nothing(
    run, example_home: Path
) -> None:
    report = json.loads(run("health", "--as-of", "2020-01-01", "--format", "json").output)
    assert {p["signal"] for p in report["principles"]} == {"no-data"}
    assert all("records begin on 1 Sep 2025" in p["evidence"][0] for p in report["principles"])
    shown = run("health", "--as-of", "2020-01-01").output
    assert "ago" not in shown.split("\n", 3)[2]  # no "(-2070 days ago)"


def test_a_community_that_stopped_meeting_does_not_read_as_healthy(run, example_home: Path) -> None:
    """The example's last meeting is on 10 Nov 2026; look 13 months later."""
    report = json.loads(run("health", "--as-of", "2027-12-20", "--format", "json").output)
    by_key = {p["key"]: p for p in report["principles"]}
    assert by_key["spaces"]["signal"] == "attention"
    assert "No meeting in any space in the last six months" in by_key["spaces"]["evidence"]
    assert by_key["rhythm"]["signal"] == "attention"
    assert any(e.startswith("No meeting for") for e in by_key["rhythm"]["evidence"])
    assert by_key["activities"]["signal"] == "no-data"
    assert by_key["organic-evolution"]["signal"] == "no-data"
    assert "in the last year (the last on" in by_key["organic-evolution"]["evidence"][0]
    assert not any(p["signal"] == "thriving" for k, p in by_key.items() if k != "dialogue")


def test_the_gardener_can_see_who_has_been_silent_without_a_ranking(
    run, example_home: Path
) -> None:
    report = json.loads(run("health", "--format", "json").output)
    line = next(e for e in report["principles"][2]["evidence"] if "personal note" in e)
    silent = json.loads(run("member", "list", "--silent", "--json").output)
    assert len(silent) == int(line.split()[0]) > 0
    names = [m["name"] for m in silent]
    assert names == sorted(names, key=str.lower)  # alphabetical: not a league table
    assert not any(name in line for name in names)  # the check itself names nobody
    table = run("member", "list", "--silent").output
    assert all(name in table for name in names) and "personal note" in table
