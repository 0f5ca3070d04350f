"""Calendars people subscribe to: `calendar publish` to a real Radicale server.

Publish, change a rhythm, cancel a meeting, end a series and publish again; then read the
collection back with the caldav client and check what a subscriber would see. Nothing from a
private space may ever reach the public collection.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import caldav
import pytest
import recurring_ical_events
from icalendar import Calendar
from servers import CalendarServer


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def radicale(tmp_path: Path):
    with CalendarServer(tmp_path / "radicale") as server:
        yield server


def _read_back(url: str) -> dict[str, Calendar]:
    client = caldav.DAVClient(url=url)
    found = caldav.Calendar(client=client, url=url).events()
    cals = [Calendar.from_ical(e.data) for e in found]
    return {str(c.walk("VEVENT")[0]["UID"]): c for c in cals}


def test_publish_update_and_remove_by_uid(community, radicale: CalendarServer) -> None:
    run = community
    _ok(run, "rhythm", "add", "Secret circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01")  # fmt: skip
    _ok(run, "rhythm", "add", "Open forum", "--space", "Cafe", "--every",
        "last Friday of the month at 12:30 for 45m", "--start", "2026-10-01")  # fmt: skip
    _ok(run, "rhythm", "add", "Reading group", "--space", "Cafe", "--every",
        "first Monday of each month at 17:00", "--start", "2026-10-01")  # fmt: skip
    url = radicale.url + "riverside/public/"
    first = _ok(run, "calendar", "publish", url)
    assert first.output.endswith(": 2 added, 0 updated, 0 unchanged, 0 removed\n")
    held = _read_back(url)
    assert sorted(held) == ["r2.test-cop@copkit", "r3.test-cop@copkit"]
    for cal in held.values():
        assert "METHOD" not in cal and cal.walk("VTIMEZONE")
        raw = cal.to_ical()
        assert b"Secret" not in raw and b"Teams" not in raw and b"ATTENDEE" not in raw
        assert b"ORGANIZER" not in raw and b"example.org" not in raw

    again = _ok(run, "calendar", "publish", url)
    assert again.output.endswith(": 0 added, 0 updated, 2 unchanged, 0 removed\n")

    _ok(run, "rhythm", "edit", "Open forum", "--start", "13:00")
    _ok(run, "meeting", "cancel", "--rhythm", "Open forum", "--on", "2026-12-25")
    _ok(run, "rhythm", "end", "Reading group", "--on", "2026-11-01")
    third = _ok(run, "calendar", "publish", url)
    assert third.output.endswith(": 0 added, 1 updated, 0 unchanged, 1 removed\n")
    held = _read_back(url)
    assert sorted(held) == ["r2.test-cop@copkit"]
    forum = held["r2.test-cop@copkit"].walk("VEVENT")[0]
    assert int(forum["SEQUENCE"]) == 2
    starts = [
        e["DTSTART"].dt.strftime("%d %b %H:%M")
        for e in recurring_ical_events.of(held["r2.test-cop@copkit"]).between(
            dt.date(2026, 11, 1), dt.date(2027, 2, 1)
        )
    ]
    assert starts == ["27 Nov 13:00", "29 Jan 13:00"]  # 25 Dec cancelled


def test_members_calendar_goes_to_its_own_collection(community, radicale: CalendarServer) -> None:
    _ok(community, "rhythm", "add", "Secret circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00", "--start", "2026-09-01")  # fmt: skip
    url = radicale.url + "riverside/members/"
    _ok(community, "calendar", "publish", url, "--members")
    assert list(_read_back(url)) == ["r1.test-cop@copkit"]


def test_a_server_that_is_down_is_one_line(community) -> None:
    from servers import free_port

    _ok(community, "rhythm", "add", "Open forum", "--space", "Cafe", "--every",
        "last Friday of the month at 12:30", "--start", "2026-10-01")  # fmt: skip
    result = community("calendar", "publish", f"http://127.0.0.1:{free_port()}/x/")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot ") and len(result.stderr.splitlines()) == 1


PLAIN_LOGIN = (
    "Error: publishing to http://dav.riverside.example.org/amara/forum/ with a login would send "
    "the password for amara in clear; use https:// (a login over plain http is only for a "
    "calendar server on this machine: 127.0.0.0/8, ::1 or localhost)\n"
)


@pytest.mark.parametrize(
    "how",
    [
        ("http://dav.riverside.example.org/amara/forum/", "--user", "amara"),
        ("http://amara:s3cretpw@dav.riverside.example.org/amara/forum/",),
        ("HTTP://amara@dav.riverside.example.org/amara/forum/",),
    ],
)
def test_a_login_over_plain_http_goes_to_this_machine_only(
    community, how: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPKIT_CALDAV_PASSWORD", "s3cretpw")
    result = community("calendar", "publish", *how)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == PLAIN_LOGIN
    assert "s3cretpw" not in result.output


def test_a_login_over_plain_http_to_this_machine_is_allowed(
    community, radicale: CalendarServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(community, "rhythm", "add", "Open forum", "--space", "Cafe", "--every",
        "last Friday of the month at 12:30", "--start", "2026-10-01")  # fmt: skip
    monkeypatch.setenv("COPKIT_CALDAV_PASSWORD", "s3cretpw")
    url = radicale.url + "amara/forum/"
    result = _ok(community, "calendar", "publish", url, "--user", "amara")
    assert result.stdout.startswith(f"Published the public calendar of Test CoP to {url}: 1 added")


def test_an_unreachable_server_is_one_plain_line_and_never_the_password(community) -> None:
    from servers import free_port

    port = free_port()
    result = community("calendar", "publish", f"http://amara:s3cretpw@127.0.0.1:{port}/cal/")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: cannot reach 127.0.0.1:{port}: connection refused\n"
    ipv6 = community("calendar", "publish", f"http://amara:s3cretpw@[::1]:{port}/cal/", "--user",
                     "bo")  # fmt: skip
    assert ipv6.stderr in (
        f"Error: cannot reach [::1]:{port}: connection refused\n",
        f"Error: cannot reach [::1]:{port}: cannot assign requested address\n",  # no IPv6 here
    )
    unknown = community("calendar", "publish", "https://amara:s3cretpw@dav.riverside.invalid/c/")
    assert unknown.stderr == "Error: cannot find the calendar server dav.riverside.invalid\n"


def test_a_published_url_is_shown_without_its_login(community, radicale: CalendarServer) -> None:
    _ok(community, "rhythm", "add", "Open forum", "--space", "Cafe", "--every",
        "last Friday of the month at 12:30", "--start", "2026-10-01")  # fmt: skip
    url = radicale.url.replace("http://", "http://amara:s3cretpw@") + "amara/forum/"
    result = _ok(community, "calendar", "publish", url)
    assert "s3cretpw" not in result.output and "amara:" not in result.output
    assert f"to {radicale.url}amara/forum/: 1 added" in result.stdout


def test_a_calendar_server_that_never_answers_is_named_after_the_wait(
    community, monkeypatch: pytest.MonkeyPatch
) -> None:
    from servers import SilentServer

    monkeypatch.setenv("COPKIT_SERVER_TIMEOUT", "1")
    with SilentServer() as server:
        result = community("calendar", "publish", f"http://127.0.0.1:{server.port}/cal/")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the calendar server 127.0.0.1:{server.port} does not answer (waited 1 s)\n"
    )
