"""An announcements channel is one way on purpose; a retired space leaves the current readings
(issue 21, "One-way by design is not a failing dialogue").

Built through the CLI on the suite's community (gardener Ann, Bo, Cy; the private Circle on
Teams, for discussion; the public Cafe in Room 1, for meetings), with activity imported as a
small CSV (``when,who,kind,thread``). Today is the suite's fixed 25 Nov 2026.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run


def imported(run: Run, tmp_path: Path, space: str, rows: list[str]) -> None:
    path = tmp_path / f"activity-{space}-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("when,who,kind,thread\n" + "".join(row + "\n" for row in rows))
    result = run("conversation", "import", str(path), "--space", space)
    assert result.exit_code == 0, result.output


def dialogue(run: Run, *args: str) -> dict:
    result = run("health", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return next(p for p in json.loads(result.output)["principles"] if p["key"] == "dialogue")


def ok(run: Run, *args: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output


#: Eight bulletins from the gardening role (Ann), September to November.
BULLETINS = [f"2026-{m:02d}-{d:02d},ann@example.org,post,news{m}{d}"
             for m in (9, 10, 11) for d in (1, 15, 20) if (m, d) != (11, 20)]  # fmt: skip
#: Bo and Cy react to every bulletin, twice each: 32 reactions.
REACTIONS = [f"2026-{m:02d}-{d:02d},{who}@example.org,reaction,news{m}{d}"
             for m in (9, 10, 11) for d in (1, 15, 20) if (m, d) != (11, 20)
             for who in ("bo", "cy", "bo", "cy")]  # fmt: skip
#: In the Circle: Ann starts a thread Bo answers; Bo starts two that Cy answers.
TALK = [
    "2026-10-02,ann@example.org,post,c1", "2026-10-03,bo@example.org,reply,c1",
    "2026-10-09,bo@example.org,post,c2", "2026-10-10,cy@example.org,reply,c2",
    "2026-11-09,bo@example.org,post,c3", "2026-11-10,cy@example.org,reply,c3",
]  # fmt: skip


def test_announcements_beside_a_discussion_space_are_not_unanswered_threads(
    community: Run, tmp_path: Path
) -> None:
    ok(community, "space", "add", "News", "--public", "--purpose", "announcements")
    imported(community, tmp_path, "News", BULLETINS + REACTIONS)
    imported(community, tmp_path, "Circle", TALK)
    found = dialogue(community)
    evidence = " | ".join(found["evidence"])
    assert len(BULLETINS) == 8 and len(REACTIONS) == 32
    assert "of the 9 threads" not in evidence and "partly two-way" not in evidence
    assert "members answered 1 of the 1 thread the gardening role started" in evidence
    assert "The conversation between meetings reads as two-way" in found["evidence"]
    assert (
        "News is for announcements, one way by design: 8 posts in the last six months reached "
        "2 members who reacted or replied (32 reactions)" in found["evidence"]
    )


def test_an_announcements_channel_alone_does_not_lower_dialogue(
    community: Run, tmp_path: Path
) -> None:
    before = dialogue(community)
    ok(community, "space", "add", "News", "--public", "--purpose", "announcements")
    imported(community, tmp_path, "News", BULLETINS + REACTIONS)
    after = dialogue(community)
    assert after["signal"] == before["signal"]
    assert not any("one-way" in line or "one way:" in line for line in after["evidence"])
    assert any("reached 2 members" in line and "32 reactions" in line for line in after["evidence"])
    assert "flows one way" not in after["prompt"]


def test_the_same_bulletins_in_a_discussion_space_still_read_one_way(
    community: Run, tmp_path: Path
) -> None:
    """Nothing said: the Circle is for discussion, and eight unanswered posts are one-way."""
    imported(community, tmp_path, "Circle", BULLETINS)
    found = dialogue(community)
    assert "The conversation between meetings reads as one-way" in found["evidence"]


def test_a_bulletin_with_no_place_where_members_talk_reads_one_way(
    community: Run, tmp_path: Path
) -> None:
    """The Wales mapping: the only channel between meetings is the coordinator's bulletin."""
    before = dialogue(community)
    ok(community, "space", "edit", "Circle", "--purpose", "meetings")
    ok(community, "space", "add", "News", "--public", "--purpose", "announcements")
    imported(community, tmp_path, "News", BULLETINS + REACTIONS)
    found = dialogue(community)
    order = ["attention", "growing", "thriving"]
    assert order.index(found["signal"]) == max(order.index(before["signal"]) - 1, 0)
    assert any("No place where members talk between meetings" in e for e in found["evidence"])
    assert "no place to answer" in found["prompt"]
    explained = community("health", "--explain", "dialogue").output
    assert "--purpose discussion" in explained


def test_each_discussion_space_shows_its_own_flow(community: Run, tmp_path: Path) -> None:
    ok(community, "space", "add", "Forum", "--public", "--platform", "Discourse")
    imported(community, tmp_path, "Circle", TALK)
    imported(community, tmp_path, "Forum", BULLETINS)
    evidence = dialogue(community)["evidence"]
    assert "In Circle (3 posts): two-way, members answered 1 of 1 thread" in evidence
    assert "In Forum (8 posts): one-way, members answered 0 of 8 threads" in evidence


def test_a_retired_space_leaves_the_current_reading_and_stays_in_past_ones(
    community: Run, tmp_path: Path
) -> None:
    imported(community, tmp_path, "Circle", BULLETINS)
    ok(community, "space", "retire", "Circle", "--on", "2026-11-20")
    now = dialogue(community)
    assert not any("between meetings" in e for e in now["evidence"])
    earlier = dialogue(community, "--as-of", "2026-11-18")
    assert "The conversation between meetings reads as one-way" in earlier["evidence"]
