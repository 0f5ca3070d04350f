"""Issue 21, "Facts that are wrong": every face reads the same facts from the records."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from click.testing import Result

Run = Callable[..., Result]

CIRCLE = ("rhythm", "add", "Supervision circle", "--space", "Circle", "--every",
          "every 2 weeks on Tuesday 14:00", "--start", "2026-11-10T14:00",
          "--duration", "90m")  # fmt: skip


def ok(run: Run, *args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def as_json(run: Run, *args: str) -> object:
    return orjson.loads(ok(run, *args, "--json").stdout)


def test_a_cancelled_meeting_is_never_the_next_one(community: Run) -> None:
    ok(community, *CIRCLE)
    ok(community, "meeting", "cancel", "--rhythm", "circle", "--on", "2026-12-08")
    for as_of in ((), ("--as-of", "2026-12-01")):
        report = orjson.loads(ok(community, "health", *as_of, "--format", "json").stdout)
        [rhythm] = [p for p in report["principles"] if p["key"] == "rhythm"]
        assert "Next meeting: Supervision circle on 22 Dec 2026" in rhythm["evidence"], as_of
    coming = as_json(community, "meeting", "list", "--upcoming")
    assert isinstance(coming, list)
    assert coming[0]["start"].startswith("2026-12-22")
    overview = as_json(community, "overview")
    assert "2026-12-08" not in str(overview)
    assert "2026-12-22" in str(overview)
    # The cancelled meeting is still to come: it is not a past one.
    assert as_json(community, "meeting", "list", "--past") == []
    listed = ok(community, "meeting", "list").output
    assert "0 past meetings" in listed
    assert "1 cancelled ahead" in listed
    both = as_json(community, "meeting", "list")
    assert isinstance(both, dict)
    assert both["past"] == []
    assert [m["start"][:10] for m in both["cancelled_ahead"]] == ["2026-12-08"]


PROGRAMME = ("rhythm", "add", "Programme", "--space", "Circle", "--every",
             "every 2 weeks on Tuesday 14:00", "--start", "2026-07-07T14:00",
             "--duration", "90m", "--until", "2026-10-13")  # fmt: skip


def _evidence(run: Run, key: str, *args: str) -> list[str]:
    report = orjson.loads(ok(run, "health", *args, "--format", "json").stdout)
    [principle] = [p for p in report["principles"] if p["key"] == key]
    return list(principle["evidence"])


def test_movement_is_read_only_where_something_happened(community: Run) -> None:
    ok(community, *PROGRAMME)
    for on in ("2026-07-07", "2026-07-21", "2026-08-04", "2026-08-18"):
        ok(community, "meeting", "record", "--rhythm", "Programme", "--on", on,
           "--attended", "Ann Lee,Bo Chan,Cy Dee")  # fmt: skip
    for on in ("2026-09-01", "2026-09-15", "2026-09-29", "2026-10-13"):
        ok(community, "meeting", "record", "--rhythm", "Programme", "--on", on,
           "--attended", "Ann Lee")  # fmt: skip
    # Over a month with no meeting and no conversation, nobody moved: the window only slid.
    [quiet] = [e for e in _evidence(community, "participation") if e.startswith("Since ")]
    assert quiet == (
        "Since 26 Oct 2026: no meeting was held and nothing was said between meetings, "
        "so there is no movement between levels to read"
    )
