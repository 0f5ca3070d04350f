"""A community names its leads (issue 21): a programme's steering group, apart from its
gardeners. Topics they propose and roles they take count with the gardening role's, so
principles 1 and 8 show the agenda and the roles moving from the leads to members (Gray, Parker
& Immins 2008; the PSDP facilitators' agenda moved from the consortium leads to members).

Built through the CLI, as a gardener entering a programme after the fact would; "today" is the
suite's fixed 25 Nov 2026.
"""

from __future__ import annotations

import json

import pytest
from conftest import Run

#: Six meetings: the first three's topics proposed by the two leads, the last three's by members.
MEETINGS = [
    ("2026-06-09", "Lin Park", "Ode Ray"),
    ("2026-07-14", "Ode Ray", "Lin Park"),
    ("2026-08-11", "Lin Park", "Ode Ray"),
    ("2026-09-08", "Bo Chan", "Cy Dee"),
    ("2026-10-13", "Cy Dee", "Bo Chan"),
    ("2026-11-10", "Bo Chan", "Cy Dee"),
]


@pytest.fixture
def programme(community: Run) -> Run:
    steps: list[tuple[str, ...]] = [
        ("member", "add", "Lin Park", "--email", "lin@example.org", "--joined", "2025-01-01"),
        ("member", "add", "Ode Ray", "--email", "ode@example.org", "--joined", "2025-01-01"),
        ("rhythm", "add", "Day", "--space", "Cafe", "--every", "monthly on the 2nd Tuesday",
         "--start", "2026-06-01T10:00"),
    ]  # fmt: skip
    for day, first, second in MEETINGS:
        steps.append(
            ("meeting", "record", "--rhythm", "Day", "--on", day,
             "--attended", "Ann,Bo,Cy,Lin,Ode", "--topic", f"{day} a", "--topic", f"{day} b",
             "--proposed-by", first, "--proposed-by", second, "--chair", first)
        )  # fmt: skip
    for step in steps:
        result = community(*step)
        assert result.exit_code == 0, result.output
    return community


def evidence(run: Run, key: str) -> list[str]:
    result = run("health", "--format", "json")
    assert result.exit_code == 0, result.output
    found = next(p for p in json.loads(result.output)["principles"] if p["key"] == key)
    return list(found["evidence"])


def test_leads_named_after_the_fact_show_the_agenda_moving_to_members(programme: Run) -> None:
    # Unnamed, the leads read as members: every topic "proposed by members", nothing moved.
    before = " ".join(evidence(programme, "organic-evolution"))
    assert "Members proposed 6 of 6 topics at the earlier 3 meetings" in before
    assert "moving from" not in before

    named = programme("community", "edit", "--lead", "Lin Park <lin@example.org>; Ode Ray")
    assert named.exit_code == 0, named.output
    after = evidence(programme, "organic-evolution")
    line = next(e for e in after if e.startswith("Members proposed"))
    assert line == (
        "Members proposed 0 of 6 topics at the earlier 3 meetings and 6 of 6 at the later 3: "
        "moving from the gardeners and leads to members"
    )
    roles = next(e for e in evidence(programme, "gardener") if e.startswith("Members took"))
    assert roles.endswith("moving from the gardeners and leads to members")


def test_community_show_lists_the_leads_and_no_leads_undoes_them(programme: Run) -> None:
    programme("community", "edit", "--lead", "Lin Park <lin@example.org>", "--lead", "Ode Ray")
    shown = programme("community", "show")
    assert "leads: Lin Park <lin@example.org>; Ode Ray" in shown.output
    data = json.loads(programme("community", "show", "--json").output)
    assert [lead["name"] for lead in data["leads"]] == ["Lin Park", "Ode Ray"]

    cleared = programme("community", "edit", "--no-leads")
    assert cleared.exit_code == 0, cleared.output
    assert "leads:" not in programme("community", "show").output
    again = " ".join(evidence(programme, "organic-evolution"))
    assert "Members proposed 6 of 6 topics at the earlier 3 meetings" in again


def test_a_meeting_recorded_after_leads_are_named_counts_their_topic_as_theirs(
    community: Run,
) -> None:
    for step in (
        ("member", "add", "Lin Park", "--email", "lin@example.org", "--joined", "2025-01-01"),
        ("community", "edit", "--lead", "Lin Park"),
        ("meeting", "record", "--space", "Cafe", "--on", "2026-11-10T10:00", "--attended",
         "Lin,Bo", "--topic", "Why we meet", "--proposed-by", "Lin"),
    ):  # fmt: skip
        result = community(*step)
        assert result.exit_code == 0, result.output
    meetings = json.loads(community("meeting", "list", "--json").output)["past"]
    topic = meetings[-1]["topics"][0]
    assert topic["by_member"] is False


def test_both_lead_options_at_once_is_a_usage_error(community: Run) -> None:
    result = community("community", "edit", "--lead", "Lin", "--no-leads")
    assert result.exit_code == 2 and "say one of them" in result.output
