"""Conversation between meetings, read by the health check, the dashboard and the sponsor.

Every community here is built through the CLI, as a gardener would: members, meetings, then a
small CSV of activity imported with ``copkit conversation import FILE --space S`` (header
``when,who,kind,thread``). "Today" is the suite's fixed 25 Nov 2026.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Run
from textual.widgets import DataTable

from copkit.storage.store import Store
from copkit.tui.app import CopkitApp
from copkit.tui.screens.members import MembersScreen

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def met(community: Run) -> Run:
    """The suite's community (gardener Ann, Bo, Cy; private Circle, public Cafe) with Dee,
    and three recent meetings in the Circle that Ann and Bo came to, Cy and Dee never."""
    steps = [
        ("member", "add", "Dee Fox", "--email", "dee@example.org", "--org", "Eastbrook",
         "--joined", "2025-01-01"),
        *(
            ("meeting", "record", "--space", "Circle", "--on", f"{day}T14:00",
             "--attended", "Ann,Bo", "--topic", f"Case {n}", "--proposed-by", "Ann")
            for n, day in enumerate(("2026-09-08", "2026-10-13", "2026-11-10"))
        ),
    ]  # fmt: skip
    for step in steps:
        result = community(*step)
        assert result.exit_code == 0, result.output
    return community


def imported(run: Run, tmp_path: Path, rows: list[str], space: str = "Cafe") -> None:
    path = tmp_path / f"activity-{space}-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("when,who,kind,thread\n" + "".join(row + "\n" for row in rows))
    result = run("conversation", "import", str(path), "--space", space)
    assert result.exit_code == 0, result.output


def health(run: Run, *args: str) -> dict:
    result = run("health", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def principle(report: dict, key: str) -> dict:
    return next(p for p in report["principles"] if p["key"] == key)


def silent(run: Run) -> list[str]:
    result = run("member", "list", "--silent", "--json")
    assert result.exit_code == 0, result.output
    return [m["name"] for m in json.loads(result.output)]


#: Cy never comes to a meeting, but answers on the channel every week or so.
CY_REPLIES = [f"2026-{month:02d}-{day:02d},cy@example.org,reply,t{month}"
              for month in (9, 10, 11) for day in (3, 17)]  # fmt: skip
ANN_POSTS = [f"2026-{month:02d}-02,ann@example.org,post,t{month}" for month in (9, 10, 11)]


def test_a_member_who_only_replies_on_the_channel_is_no_longer_silent(
    met: Run, tmp_path: Path
) -> None:
    assert "Cy Dee" in silent(met) and "Dee Fox" in silent(met)
    before = principle(health(met), "participation")["evidence"]
    assert any("2 members have not come to a meeting" in line for line in before)

    imported(met, tmp_path, ANN_POSTS + CY_REPLIES)

    assert silent(met) == ["Dee Fox"]
    after = principle(health(met), "participation")["evidence"]
    assert any(
        "1 member has not come to a meeting or written between meetings" in line for line in after
    ), after
    # Replying is taking an active part: Cy is observed active, no longer at the edge.
    assert "Over the last 90 days: 2 core, 0 active, 2 peripheral" in before[0]
    assert "Over the last 90 days: 2 core, 1 active, 1 peripheral" in after[0]


def test_the_1_9_90_shape_is_measured_from_conversation(met: Run, tmp_path: Path) -> None:
    imported(met, tmp_path, ANN_POSTS + CY_REPLIES)
    evidence = principle(health(met), "participation")["evidence"]
    line = next(e for e in evidence if "only read" in e)
    # Nielsen's figures are about posting online, so only conversation is set against them:
    # Ann posted (created), Cy replied (responded); Bo, who only came to meetings, and Dee
    # wrote nothing between meetings. Coming to a meeting is read against the levels instead.
    assert line.startswith("Between meetings over the last 90 days, 1 started a thread")
    assert "1 only replied or reacted" in line and "2 only read" in line
    assert "25% / 25% / 50%" in line and "Nielsen's 1% / 9% / 90%" in line
    text = met("health", "--explain", "participation").output
    assert "CREATE_SHARE_TYPICAL" in text and "Nielsen (2006)" in text


def test_a_one_way_channel_reads_as_one_way(met: Run, tmp_path: Path) -> None:
    """The Wales groups: the gardener posts, nobody replies."""
    rows = [f"2026-{m:02d}-{d:02d},ann@example.org,post,n{m}{d}"
            for m in (9, 10, 11) for d in (1, 15)]  # fmt: skip
    imported(met, tmp_path, rows)
    dialogue = principle(health(met), "dialogue")
    assert "The conversation between meetings reads as one-way" in dialogue["evidence"]
    assert any("members answered 0 of the 6 threads" in e for e in dialogue["evidence"])
    assert (
        "0% of posts were written by members rather than the gardening role"
        in (dialogue["evidence"])
    )
    assert "flows one way" in dialogue["prompt"]
    text = met("health", "--explain", "dialogue").output
    for name in ("ONE_WAY_ANSWERED", "TWO_WAY_ANSWERED", "ONE_WAY_MEMBER_POSTS"):
        assert name in text
    assert "Social Care Wales" in text


def test_a_two_way_channel_reads_as_two_way(met: Run, tmp_path: Path) -> None:
    rows = [
        *ANN_POSTS,
        *(f"2026-{m:02d}-05,bo@example.org,reply,t{m}" for m in (9, 10, 11)),
        *(f"2026-{m:02d}-06,cy@example.org,reply,t{m}" for m in (9, 10)),
        "2026-10-20,cy@example.org,post,c1",
        "2026-10-21,bo@example.org,reply,c1",
    ]
    imported(met, tmp_path, rows)
    evidence = principle(health(met), "dialogue")["evidence"]
    assert "The conversation between meetings reads as two-way" in evidence
    assert any("members answered 3 of the 3 threads" in e for e in evidence)
    # Bo (Northgate) answering Ann (Riverside) crosses organisations; Cy has none recorded.
    assert any(e.startswith("3 of 3 replies between members crossed") for e in evidence), evidence


def test_health_as_of_ignores_later_conversation(met: Run, tmp_path: Path) -> None:
    imported(
        met, tmp_path, ["2026-11-20,cy@example.org,reply,t1", "2026-11-19,ann@example.org,post,t1"]
    )
    earlier = health(met, "--as-of", "2026-11-15")
    later = health(met)
    assert any("2 members have not come to a meeting since" in e
               for e in principle(earlier, "participation")["evidence"])  # fmt: skip
    assert not any("between meetings" in e for e in principle(earlier, "dialogue")["evidence"])
    assert any("1 member has not come to a meeting or written" in e
               for e in principle(later, "participation")["evidence"])  # fmt: skip


def test_spaces_used_only_by_conversation_count_as_alive(met: Run, tmp_path: Path) -> None:
    imported(met, tmp_path, CY_REPLIES)  # the public Cafe: no meeting there, ever
    spaces = principle(health(met), "spaces")
    assert spaces["signal"] == "thriving"
    assert any("public space (Cafe): 0 meetings" in e and "between meetings" in e
               for e in spaces["evidence"])  # fmt: skip


def test_the_members_screen_shows_meetings_and_conversation_side_by_side(
    met: Run, tmp_path: Path, home: Path
) -> None:
    imported(met, tmp_path, ANN_POSTS + CY_REPLIES)
    app = CopkitApp(Store(home / "test-cop.json"), today=TODAY)
    rows: dict[str, str] = {}

    async def go() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MembersScreen)
            table = app.screen.query_one("#members", DataTable)
            column = [str(c.label) for c in table.columns.values()].index(
                "Last 90 days: meetings · talk"
            )
            for key in table.rows:
                row = table.get_row(key)
                rows[str(row[0])] = str(row[column])

    asyncio.run(go())
    assert rows["Cy Dee"] == "0 meetings · 6 replies"
    assert rows["Ann Lee"] == "3 meetings · 3 posts"
    assert rows["Bo Chan"] == "3 meetings · no conversation"


def test_the_sponsor_report_counts_public_conversation_and_names_nobody(
    met: Run, tmp_path: Path
) -> None:
    imported(met, tmp_path, ANN_POSTS + CY_REPLIES)  # Cafe, public: 3 posts, 6 replies
    imported(met, tmp_path, ["2026-11-03,bo@example.org,post,p1",
                             "2026-11-04,dee@example.org,reply,p1"], space="Circle")  # fmt: skip
    out = tmp_path / "sponsor.md"
    assert met("report", "sponsor", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert "9 posts and replies between meetings in public spaces" in text
    for name in ("Ann", "Bo Chan", "Cy Dee", "Dee Fox", "Circle"):
        assert name not in text, name


def test_overview_reads_conversation_as_health_does(community: Run, tmp_path: Path) -> None:
    """A community whose only sign of life is its channel: the overview's nine signals are
    the health check's, not a reading that sees no conversation at all."""
    imported(community, tmp_path, ANN_POSTS + CY_REPLIES)
    imported(community, tmp_path, ANN_POSTS + CY_REPLIES, space="Circle")
    report = health(community)
    expected = {p["key"]: p["signal"] for p in report["principles"]}
    result = community("overview", "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert row["signals"] == expected
