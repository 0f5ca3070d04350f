"""`health --explain` for dialogue, spaces and activities names only what failed (issue 21).

Built through the CLI as a gardener would, on the suite's community (gardener Ann of Riverside,
Bo of Northgate, Cy; a private Circle and a public Cafe). Before these rules were named clauses,
each said a fixed sentence per signal: a community with members from three organisations was
asked for "members from more organisations", and one short only of stimulating activities was
asked for familiar ones too.
"""

from __future__ import annotations

import json

from conftest import Run


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.output


def explained(run: Run, key: str) -> dict:
    return json.loads(ok(run, "health", "--explain", key, "--format", "json"))


def failing(document: dict) -> list[str]:
    return [c["key"] for c in document["clauses"] if not c["holds"]]


def test_three_organisations_with_no_outside_voice_are_asked_for_an_outside_voice_only(
    community: Run,
) -> None:
    ok(community, "member", "add", "Dee Fox", "--email", "dee@example.org", "--org",
       "Eastbrook", "--joined", "2025-01-01")  # fmt: skip
    found = explained(community, "dialogue")
    assert found["signal"] == "growing"
    assert found["facts"]["organisations"] == "3"
    assert failing(found) == ["outside"]
    assert found["change"].startswith("To read thriving: an outside voice (an external member")
    assert "organisation" not in found["change"]


def test_a_quiet_public_space_is_named_as_what_would_make_spaces_thrive(
    community: Run,
) -> None:
    for day in ("2026-09-08", "2026-10-13", "2026-11-10"):
        ok(community, "meeting", "record", "--space", "Circle", "--on", f"{day}T14:00",
           "--attended", "Ann,Bo")  # fmt: skip
    found = explained(community, "spaces")
    assert found["signal"] == "growing"
    assert failing(found) == ["quiet"]
    assert found["change"] == (
        "To read thriving: a meeting, or conversation between meetings, in the public space "
        "(none in the last six months)."
    )
    text = ok(community, "health", "--explain", "4")
    assert "    not yet  each kind of space was used in the last six months" in text
    assert "    met      the community has a private space and a public one" in text


def test_activities_short_of_stimulating_ones_are_not_asked_for_familiar_ones(
    community: Run,
) -> None:
    days = ("2026-07-07", "2026-08-04", "2026-09-08", "2026-10-13", "2026-11-10")
    for n, day in enumerate(days):
        extra = ["--activity", "stimulating:guest speaker"] if n == 0 else []
        ok(community, "meeting", "record", "--space", "Circle", "--on", f"{day}T14:00",
           "--attended", "Ann,Bo", "--activity", "familiar:case discussion", *extra)  # fmt: skip
    found = explained(community, "activities")
    assert found["signal"] == "growing"
    assert failing(found) == ["stimulating-share"]
    assert found["change"] == (
        "To read thriving: stimulating activities at 2 of the last 5 meetings (now 1)."
    )


def test_with_nothing_recorded_each_says_what_would_give_a_reading(run: Run) -> None:
    ok(run, "init", "Empty CoP", "--domain", "Reflective supervision")
    wanted = {
        "dialogue": "Members recorded with their organisation would give a reading.",
        "spaces": "Recording the community's spaces would give a reading.",
        "activities": "Activities recorded with meetings would give a reading.",
    }
    for key, change in wanted.items():
        found = explained(run, key)
        assert found["signal"] == "no-data"
        assert found["change"] == change
        assert found["clauses"] == []  # the clauses did not decide it
