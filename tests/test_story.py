"""`copkit story`: value stories, the evidence sponsors remember."""

from __future__ import annotations

import datetime as dt
import json


def test_add_and_list_stories(community) -> None:
    run = community
    first = run("story", "add", "Bo used the circle's model in supervision", "--member", "Bo",
                "--cycle", "applied", "--on", "2026-05-01")  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "Recorded a value story (st1, applied) on 2026-05-01" in first.output
    assert (
        run("story", "add", "The café made newcomers feel at home", "--on", "2026-03-01").exit_code
        == 0
    )
    stories = json.loads(run("story", "list", "--json").output)
    assert [(s["on"], s["cycle"], s["member_id"]) for s in stories] == [
        ("2026-03-01", "immediate", None),
        ("2026-05-01", "applied", "m2"),
    ]
    table = run("story", "list").output
    assert "2 value stories" in table and "Bo Chan" in table


def test_today_is_the_default_date(community) -> None:
    assert community("story", "add", "It helped").exit_code == 0
    [story] = json.loads(community("story", "list", "--json").output)
    assert story["on"] == dt.date.today().isoformat()


def test_bad_story_input_is_refused_and_nothing_stored(community) -> None:
    unknown = community("story", "add", "Text", "--member", "Nobody")
    assert unknown.exit_code == 1 and "no member matches 'Nobody'" in unknown.output
    bad_cycle = community("story", "add", "Text", "--cycle", "eventual")
    assert bad_cycle.exit_code == 2
    bad_date = community("story", "add", "Text", "--on", "yesterday")
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.output
    empty = community("story", "add", "   ")
    assert empty.exit_code == 1 and "a story cannot be empty" in empty.output
    assert json.loads(community("story", "list", "--json").output) == []
