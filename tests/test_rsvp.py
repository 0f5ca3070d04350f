"""Answers that come back: METHOD:REPLY from .ics, .eml, an mbox and a Maildir.

The replies are written as calendar clients write them (icalendar, the email package, the
standard library's mailbox); `rsvp import` matches them to members by email, and the expected
numbers appear per meeting in `meeting list --upcoming` and `rhythm show`.
"""

from __future__ import annotations

import datetime as dt
import json
import mailbox
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import NOW
from icalendar import Calendar, Event, vCalAddress

LONDON = ZoneInfo("Europe/London")


def _ok(run, *args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def reply(
    who: str,
    partstat: str,
    *,
    on: dt.datetime | dt.date | None = None,
    stamp: int = 1,
    stamped: dt.datetime | dt.date | None = None,
    also: tuple[str, ...] = (),
) -> bytes:
    """A REPLY as a calendar client writes it; ``also`` names more attendees answering the
    same (as no client does: a reply is one attendee's)."""
    cal = Calendar()
    cal.add("prodid", "-//Test client//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = Event()
    event.add("uid", "r1.test-cop@copkit")
    event.add("dtstamp", stamped or dt.datetime(2026, 11, 20, 9, stamp, tzinfo=dt.UTC))
    event.add("sequence", 0)
    if on is not None:
        event.add("recurrence-id", on)
    for address in (who, *also):
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["PARTSTAT"] = partstat
        event.add("attendee", attendee)
    event.add("organizer", vCalAddress("mailto:ann@example.org"))
    cal.add_component(event)
    return cal.to_ical()


def as_mail(who: str, ics: bytes) -> EmailMessage:
    message = EmailMessage()
    message["From"] = who
    message["To"] = "ann@example.org"
    message["Subject"] = "Accepted: Circle"
    message.set_content("I will come.")
    message.add_alternative(ics, maintype="text", subtype="calendar", params={"method": "REPLY"})
    return message


@pytest.fixture
def circle(community):
    _ok(community, "rhythm", "add", "Circle", "--space", "Circle", "--every",
        "monthly on the 2nd Tuesday at 14:00 for 90m", "--start", "2026-09-01")  # fmt: skip
    _ok(community, "member", "add", "Dee Ray", "--email", "dee@example.org")
    return community


def test_replies_from_every_kind_of_file_are_counted_per_meeting(circle, tmp_path: Path) -> None:
    ics = tmp_path / "bo.ics"
    ics.write_bytes(reply("bo@example.org", "ACCEPTED"))
    eml = tmp_path / "cy.eml"
    eml.write_bytes(bytes(as_mail("cy@example.org", reply("cy@example.org", "ACCEPTED"))))
    box = mailbox.mbox(tmp_path / "replies.mbox")
    december = dt.datetime(2026, 12, 8, 14, tzinfo=LONDON)
    box.add(as_mail("cy@example.org", reply("cy@example.org", "DECLINED", on=december, stamp=2)))
    box.flush()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(as_mail("dee@example.org", reply("dee@example.org", "TENTATIVE")))
    maildir.add(as_mail("eve@else.example.org", reply("eve@else.example.org", "ACCEPTED")))

    result = _ok(circle, "rsvp", "import", str(ics), str(eml), str(tmp_path / "replies.mbox"),
                 str(tmp_path / "Maildir"))  # fmt: skip
    assert "Bo Chan accepted Circle (the series)" in result.output
    assert "Cy Dee declined Circle (Tue 08 Dec 2026)" in result.output
    assert "Stored 4 answers" in result.output
    assert result.stderr == ("Not stored: a reply from eve@else.example.org, who is not a member\n")
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "2").output
    assert "Tue 08 Dec 2026 14:00 GMT  1 accepted, 1 declined, 1 tentative, 0 no answer" in shown
    assert "Tue 12 Jan 2027 14:00 GMT  2 accepted, 0 declined, 1 tentative, 0 no answer" in shown
    listed = _ok(circle, "meeting", "list", "--upcoming", "--limit", "1").output
    assert "no answer" in listed.replace("\n", " ")
    row = next(line for line in listed.splitlines() if "Tue 08 Dec 2026" in line)
    assert row.split()[-4:] == ["1", "1", "1", "0"], listed
    rows = json.loads(_ok(circle, "meeting", "list", "--upcoming", "--json").output)
    assert rows[0]["answers"] == {"accepted": 1, "declined": 1, "tentative": 1, "no_answer": 0}

    # the same mail again changes nothing; an older answer never wins over a later one
    again = _ok(circle, "rsvp", "import", str(tmp_path / "replies.mbox"))
    assert "Stored 0 answers; 1 older one left as they were" in again.output


def test_forgetting_a_member_erases_their_answers(circle, home: Path, tmp_path: Path) -> None:
    ics = tmp_path / "bo.ics"
    ics.write_bytes(reply("bo@example.org", "DECLINED"))
    _ok(circle, "rsvp", "import", str(ics))
    _ok(circle, "member", "forget", "Bo", "--yes")
    assert '"partstat"' not in (home / "test-cop.json").read_text()


def test_a_file_that_is_not_a_reply_is_named(circle, tmp_path: Path) -> None:
    invite = tmp_path / "invite.ics"
    invite.write_bytes(_ok(circle, "invite", "Circle").stdout_bytes)
    result = _ok(circle, "rsvp", "import", str(invite))
    assert f"Skipped {invite}: not a reply (METHOD REQUEST)" in result.stderr


def test_a_floating_or_date_only_dtstamp_is_read_as_utc(circle, tmp_path: Path) -> None:
    first = tmp_path / "first.ics"
    first.write_bytes(reply("bo@example.org", "ACCEPTED"))  # 09:01 UTC
    floating = tmp_path / "floating.ics"
    floating.write_bytes(reply("bo@example.org", "DECLINED", stamped=dt.datetime(2026, 11, 20, 10)))
    older = tmp_path / "older.ics"
    older.write_bytes(reply("bo@example.org", "TENTATIVE", stamped=dt.date(2026, 11, 20)))
    _ok(circle, "rsvp", "import", str(first))
    result = _ok(circle, "rsvp", "import", str(floating), str(older))
    assert "Bo Chan declined Circle (the series)" in result.output
    assert "1 older one left as they were" in result.output
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "1").output
    assert "0 accepted, 1 declined, 2 no answer" in shown


def test_a_date_only_recurrence_id_is_skipped_not_taken_for_the_series(
    circle, tmp_path: Path
) -> None:
    series = tmp_path / "series.ics"
    series.write_bytes(reply("bo@example.org", "ACCEPTED"))
    one_day = tmp_path / "one-day.ics"
    one_day.write_bytes(reply("bo@example.org", "DECLINED", on=dt.date(2026, 12, 8), stamp=2))
    _ok(circle, "rsvp", "import", str(series))
    result = _ok(circle, "rsvp", "import", str(one_day))
    assert "Stored 0 answers" in result.output
    assert f"Skipped {one_day}: " in result.stderr and "2026-12-08" in result.stderr
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "2").output
    assert "Tue 08 Dec 2026 14:00 GMT  1 accepted, 0 declined" in shown
    assert "Tue 12 Jan 2027 14:00 GMT  1 accepted, 0 declined" in shown


def test_an_answer_counts_only_from_the_member_it_is_about(circle, tmp_path: Path) -> None:
    """RFC 6047 §3: the receiver checks that a reply comes from the attendee it answers for.
    A mail's From must be the ATTENDEE's address (compared as members' emails are, whatever
    the case); anything else is named and not kept."""
    box = mailbox.mbox(tmp_path / "replies.mbox")
    box.add(as_mail("Bo Chan <bo@example.org>", reply("dee@example.org", "DECLINED")))
    for_three = reply("bo@example.org", "DECLINED", also=("cy@example.org", "dee@example.org"))
    box.add(as_mail("mallory@else.example.org", for_three))
    box.add(as_mail("Cy Dee <Cy@Example.ORG>", reply("cy@example.org", "ACCEPTED")))
    box.flush()
    replies = tmp_path / "replies.mbox"

    result = _ok(circle, "rsvp", "import", str(replies))
    assert "Cy Dee accepted Circle (the series)" in result.output
    assert "Stored 1 answer" in result.output
    refused = [
        f"Not stored: {replies} (message 1): an answer for dee@example.org sent by "
        "bo@example.org (an answer counts only from the member it is about)",
        *(
            f"Not stored: {replies} (message 2): an answer for {who}@example.org sent by "
            "mallory@else.example.org (an answer counts only from the member it is about)"
            for who in ("bo", "cy", "dee")
        ),
    ]
    assert result.stderr.splitlines() == refused
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "1").output
    assert "1 accepted, 0 declined, 2 no answer" in shown


def test_a_bare_ics_file_is_taken_on_the_gardeners_word(circle, tmp_path: Path) -> None:
    """A calendar file saved on its own has no sender to check: its answer is kept, and the
    output says it was taken on the gardener's word."""
    ics = tmp_path / "bo.ics"
    ics.write_bytes(reply("bo@example.org", "ACCEPTED"))
    result = _ok(circle, "rsvp", "import", str(ics))
    assert result.stdout.splitlines() == [
        "Bo Chan accepted Circle (the series)",
        f"Taken on your word: {ics} is a calendar file, with no sender to check the answer against",
        "Stored 1 answer",
    ]


def test_a_reply_stamped_in_the_future_is_refused(circle, tmp_path: Path) -> None:
    """A DTSTAMP later than now (beyond a few minutes of clock skew) would outrank every real
    answer to come: it is refused and named. A stamp a minute or two ahead is a client's clock."""
    bo = "bo@example.org"
    forever = tmp_path / "forever.eml"
    forever.write_bytes(
        bytes(as_mail(bo, reply(bo, "DECLINED", stamped=dt.datetime(9999, 12, 31, 23, 59, 59))))
    )
    ahead = tmp_path / "ahead.eml"
    ahead.write_bytes(
        bytes(as_mail(bo, reply(bo, "DECLINED", stamped=NOW + dt.timedelta(hours=1))))
    )
    result = _ok(circle, "rsvp", "import", str(forever), str(ahead))
    assert "Stored 0 answers" in result.output
    assert result.stderr.splitlines() == [
        f"Skipped {forever}: a reply stamped Fri 31 Dec 9999 23:59 UTC, later than now "
        "(DTSTAMP in the future)",
        f"Skipped {ahead}: a reply stamped Wed 25 Nov 2026 13:00 UTC, later than now "
        "(DTSTAMP in the future)",
    ]

    genuine = tmp_path / "genuine.eml"  # Bo's real answer, sent after the forged one
    genuine.write_bytes(bytes(as_mail(bo, reply(bo, "ACCEPTED", stamped=NOW))))
    assert (
        "Bo Chan accepted Circle (the series)" in _ok(circle, "rsvp", "import", str(genuine)).output
    )
    skewed = tmp_path / "skewed.eml"  # a client whose clock runs two minutes fast
    skewed.write_bytes(
        bytes(as_mail(bo, reply(bo, "TENTATIVE", stamped=NOW + dt.timedelta(minutes=2))))
    )
    assert (
        "Bo Chan tentatively accepted Circle (the series)"
        in _ok(circle, "rsvp", "import", str(skewed)).output
    )


def test_an_answer_stored_with_a_future_stamp_yields_to_a_real_one(
    circle, home: Path, tmp_path: Path
) -> None:
    """A file written before copkit refused future stamps may hold one: it does not outrank
    the member's real answer."""
    from copkit.model import Rsvp
    from copkit.storage.home import Home

    with Home(home).store_for("test-cop").write() as session:
        session.add(Rsvp("r1", "m2", "DECLINED", dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)))
    genuine = tmp_path / "genuine.eml"
    genuine.write_bytes(bytes(as_mail("bo@example.org", reply("bo@example.org", "ACCEPTED"))))
    result = _ok(circle, "rsvp", "import", str(genuine))
    assert "Bo Chan accepted Circle (the series)" in result.output
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "1").output
    assert "1 accepted, 0 declined, 2 no answer" in shown


def test_a_reply_copkit_cannot_place_is_refused_in_one_line(circle, tmp_path: Path) -> None:
    """A stamp that is no time, or a RECURRENCE-ID that is no meeting of the series (a Sunday
    at 03:17 for a 2nd-Tuesday rhythm, the right day at the wrong hour), is refused and named,
    one line each; the rest of the import goes on."""
    bo = "bo@example.org"
    good = reply(bo, "ACCEPTED")
    files = {
        "garbage.ics": good.replace(b"DTSTAMP:20261120T090100Z", b"DTSTAMP:garbage"),
        "no-stamp.ics": good.replace(b"DTSTAMP:20261120T090100Z\r\n", b""),
        "sunday.ics": reply(bo, "DECLINED", on=dt.datetime(2026, 12, 13, 3, 17, tzinfo=LONDON)),
        "hour.ics": reply(bo, "DECLINED", on=dt.datetime(2026, 12, 8, 15, 0, tzinfo=LONDON)),
        "unreadable.ics": good.replace(b"UID:", b"RECURRENCE-ID:garbage\r\nUID:"),
        "meeting.ics": reply(bo, "DECLINED", on=dt.datetime(2026, 12, 8, 14, 0, tzinfo=LONDON)),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    result = _ok(circle, "rsvp", "import", *(str(tmp_path / name) for name in files))
    assert result.stdout.splitlines()[-2:] == [
        "Taken on your word: " + str(tmp_path / "meeting.ics") + " is a calendar file, with no "
        "sender to check the answer against",
        "Stored 1 answer",
    ]
    assert result.stderr.splitlines() == [
        f"Skipped {tmp_path / 'garbage.ics'}: a reply without a readable DTSTAMP (when it was "
        "sent), so it cannot be weighed against other answers",
        f"Skipped {tmp_path / 'no-stamp.ics'}: a reply without a readable DTSTAMP (when it was "
        "sent), so it cannot be weighed against other answers",
        f"Skipped {tmp_path / 'sunday.ics'}: a reply to Circle for Sun 13 Dec 2026 03:17, when "
        "no meeting of it starts",
        f"Skipped {tmp_path / 'hour.ics'}: a reply to Circle for Tue 08 Dec 2026 15:00, when "
        "no meeting of it starts (that day it meets at 14:00)",
        f"Skipped {tmp_path / 'unreadable.ics'}: a reply to Circle whose RECURRENCE-ID (the "
        "meeting it answers for) cannot be read",
    ]
    shown = _ok(circle, "rhythm", "show", "Circle", "--next", "1").output
    assert "0 accepted, 1 declined, 2 no answer" in shown


def test_what_a_reply_says_is_shown_escaped(circle, tmp_path: Path) -> None:
    """An address in a reply is someone's words: a terminal control in it is shown as an
    escape, never obeyed."""
    hostile = "eve\x1b[2J@else.example.org"
    ics = tmp_path / "eve.ics"
    ics.write_bytes(reply(hostile, "ACCEPTED"))
    result = _ok(circle, "rsvp", "import", str(ics))
    assert "\x1b" not in result.output
    assert "Not stored: a reply from eve\\x1b[2j@else.example.org, who is not a member" in (
        result.stderr
    )


def _bo_declines_9_february(circle, tmp_path: Path) -> None:
    """Bo accepts the series, then declines the meeting of Tue 9 Feb 2027 (at 14:00)."""
    bo = "bo@example.org"
    box = mailbox.mbox(tmp_path / "bo.mbox")
    box.add(as_mail(bo, reply(bo, "ACCEPTED")))
    february = dt.datetime(2027, 2, 9, 14, tzinfo=LONDON)
    box.add(as_mail(bo, reply(bo, "DECLINED", on=february, stamp=2)))
    box.flush()
    assert "Stored 2 answers" in _ok(circle, "rsvp", "import", str(tmp_path / "bo.mbox")).output


def test_an_answer_follows_its_meeting_to_a_new_time(circle, tmp_path: Path) -> None:
    """`rhythm edit --start` to another hour moves cancellations and plans with the series;
    answers for one meeting go with them, or Bo's decline would be lost and his series accept
    counted instead."""
    _bo_declines_9_february(circle, tmp_path)
    _ok(circle, "rhythm", "edit", "Circle", "--start", "2026-09-08T16:00")
    shown = _ok(circle, "rhythm", "show", "Circle", "--from", "2027-02-01", "--next", "2").output
    assert "Tue 09 Feb 2027 16:00 GMT  0 accepted, 1 declined, 2 no answer" in shown
    assert "Tue 09 Mar 2027 16:00 GMT  1 accepted, 0 declined, 2 no answer" in shown

    # Bo's calendar now answers for the meeting at its new time, and that answer replaces his
    bo = "bo@example.org"
    later = tmp_path / "later.eml"
    later.write_bytes(
        bytes(
            as_mail(
                bo, reply(bo, "ACCEPTED", on=dt.datetime(2027, 2, 9, 16, tzinfo=LONDON), stamp=3)
            )
        )
    )
    assert (
        "Bo Chan accepted Circle (Tue 09 Feb 2027)"
        in _ok(circle, "rsvp", "import", str(later)).output
    )
    shown = _ok(circle, "rhythm", "show", "Circle", "--from", "2027-02-01", "--next", "1").output
    assert "Tue 09 Feb 2027 16:00 GMT  1 accepted, 0 declined, 2 no answer" in shown


def test_an_answer_follows_its_meeting_into_the_new_series_of_a_split(
    circle, tmp_path: Path
) -> None:
    """A later first date splits the series (a new UID from then on): an answer for one of
    the meetings the new series holds goes with it, as its cancellations and plans do; the
    answer to the old series stays with the old series."""
    _bo_declines_9_february(circle, tmp_path)
    result = _ok(circle, "rhythm", "edit", "Circle", "--start", "2027-01-12T16:00")
    assert "Circle (r2) goes on" in result.output
    shown = _ok(circle, "rhythm", "show", "Circle", "--from", "2027-02-01", "--next", "1").output
    assert "Tue 09 Feb 2027 16:00 GMT  0 accepted, 1 declined, 2 no answer" in shown
    before = _ok(circle, "rhythm", "show", "r1", "--from", "2026-12-01", "--next", "1").output
    assert "Tue 08 Dec 2026 14:00 GMT  1 accepted, 0 declined, 2 no answer" in before


def test_two_answers_that_come_to_name_one_meeting_keep_the_later(circle, home: Path) -> None:
    """A file may hold two answers of Bo's for 9 February at different hours (stored before
    copkit checked a RECURRENCE-ID against the series): once both follow the meeting to its
    new time, the later one is kept."""
    from copkit.model import Rsvp
    from copkit.storage.home import Home

    store = Home(home).store_for("test-cop")
    stamp = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    with store.write() as session:
        session.add(Rsvp("r1", "m2", "DECLINED", stamp, occurrence=dt.datetime(2027, 2, 9, 14)))
        session.add(
            Rsvp(
                "r1",
                "m2",
                "ACCEPTED",
                stamp.replace(hour=10),
                occurrence=dt.datetime(2027, 2, 9, 15),
            )
        )
    _ok(circle, "rhythm", "edit", "Circle", "--start", "16:00")
    with store.read() as session:
        kept = session.all(Rsvp)
    assert [(a.partstat, a.occurrence) for a in kept] == [("ACCEPTED", dt.datetime(2027, 2, 9, 16))]


def as_google_mail(who: str, ics: bytes) -> EmailMessage:
    """A reply as Google Calendar sends one: the calendar twice, as the text/calendar
    alternative and again as an invite.ics attachment (multipart/mixed around both)."""
    message = as_mail(who, ics)
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return message


def test_a_reply_carrying_its_calendar_twice_counts_once(circle, tmp_path: Path) -> None:
    eml = tmp_path / "google.eml"
    eml.write_bytes(bytes(as_google_mail("bo@example.org", reply("bo@example.org", "ACCEPTED"))))
    result = _ok(circle, "rsvp", "import", str(eml))
    assert result.stdout.splitlines() == [
        "Bo Chan accepted Circle (the series)",
        "Stored 1 answer",
    ]
    assert result.stderr == ""


def test_of_two_answers_in_one_import_the_later_is_stored_once(circle, tmp_path: Path) -> None:
    """Bo accepts, then changes his mind: both mails in one import store one answer."""
    bo = "bo@example.org"
    box = mailbox.mbox(tmp_path / "bo.mbox")
    box.add(as_mail(bo, reply(bo, "ACCEPTED", stamp=1)))
    box.add(as_mail(bo, reply(bo, "DECLINED", stamp=2)))
    box.flush()
    result = _ok(circle, "rsvp", "import", str(tmp_path / "bo.mbox"))
    assert result.stdout.splitlines() == [
        "Bo Chan declined Circle (the series)",
        "Stored 1 answer; 1 older one left as they were",
    ]
    listed = json.loads(_ok(circle, "meeting", "list", "--upcoming", "--json").output)
    assert listed[0]["answers"] == {"accepted": 0, "declined": 1, "tentative": 0, "no_answer": 2}


def test_a_file_with_no_calendar_in_it_is_named(circle, tmp_path: Path) -> None:
    thanks = EmailMessage()
    thanks["From"] = "bo@example.org"
    thanks["Subject"] = "Re: Circle"
    thanks.set_content("Thanks, see you there.")
    eml = tmp_path / "thanks.eml"
    eml.write_bytes(bytes(thanks))
    inbox = mailbox.mbox(tmp_path / "inbox.mbox")
    inbox.add(thanks)
    inbox.flush()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(thanks)
    result = _ok(circle, "rsvp", "import", str(eml), str(tmp_path / "inbox.mbox"),
                 str(tmp_path / "Maildir"))  # fmt: skip
    assert "Stored 0 answers" in result.output
    assert result.stderr.splitlines() == [
        f"No reply found in {eml}",
        f"No reply found in {tmp_path / 'inbox.mbox'}",
        f"No reply found in {tmp_path / 'Maildir'}",
    ]


def test_an_apple_mail_export_folder_is_read(circle, tmp_path: Path) -> None:
    """Apple Mail exports a mailbox as a folder, Inbox.mbox/, holding the messages in a file
    named mbox beside an Info.plist."""
    import plistlib

    export = tmp_path / "Inbox.mbox"
    export.mkdir()
    box = mailbox.mbox(export / "mbox")
    box.add(as_mail("cy@example.org", reply("cy@example.org", "ACCEPTED")))
    box.flush()
    (export / "Info.plist").write_bytes(plistlib.dumps({"LocalFileName": "Inbox"}))
    result = _ok(circle, "rsvp", "import", str(export))
    assert "Cy Dee accepted Circle (the series)" in result.output
    assert "Stored 1 answer" in result.output

    elsewhere = tmp_path / "Photos"
    elsewhere.mkdir()
    refused = circle("rsvp", "import", str(elsewhere))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: {elsewhere} is a folder but neither a Maildir (cur/ and new/) nor a mail "
        "export holding a file named mbox\n"
    )


@pytest.fixture
def answered(circle, tmp_path: Path):
    """Bo accepts the series, Cy declines 8 Dec, Dee is tentative for the series; a second
    rhythm, Forum, has no answers."""
    _ok(circle, "rhythm", "add", "Forum", "--space", "Cafe", "--every",
        "last Friday of the month at 12:30 for 45m", "--start", "2026-12-01")  # fmt: skip
    box = mailbox.mbox(tmp_path / "replies.mbox")
    december = dt.datetime(2026, 12, 8, 14, tzinfo=LONDON)
    for who, partstat, on in [
        ("bo", "ACCEPTED", None),
        ("cy", "DECLINED", december),
        ("dee", "TENTATIVE", None),
    ]:
        address = f"{who}@example.org"
        box.add(as_mail(address, reply(address, partstat, on=on)))
    box.flush()
    _ok(circle, "rsvp", "import", str(tmp_path / "replies.mbox"))
    return circle


def test_rsvp_list_shows_who_said_what_per_meeting(answered) -> None:
    listed = _ok(answered, "rsvp", "list", "--rhythm", "Circle", "--next", "2")
    assert listed.stdout.splitlines() == [
        "Circle, Tue 08 Dec 2026 14:00 GMT: 1 accepted, 1 declined, 1 tentative, 0 no answer",
        "  accepted: Bo Chan",
        "  declined: Cy Dee",
        "  tentative: Dee Ray",
        "Circle, Tue 12 Jan 2027 14:00 GMT: 1 accepted, 0 declined, 1 tentative, 1 no answer",
        "  accepted: Bo Chan",
        "  tentative: Dee Ray",
        "  no answer: Cy Dee",
    ]
    # every rhythm's coming meetings (three of each by default), soonest first
    every = _ok(answered, "rsvp", "list").stdout
    headers = [line for line in every.splitlines() if not line.startswith(" ")]
    assert headers == [
        "Circle, Tue 08 Dec 2026 14:00 GMT: 1 accepted, 1 declined, 1 tentative, 0 no answer",
        "Forum, Fri 25 Dec 2026 12:30 GMT: 0 accepted, 0 declined, 3 no answer",
        "Circle, Tue 12 Jan 2027 14:00 GMT: 1 accepted, 0 declined, 1 tentative, 1 no answer",
        "Forum, Fri 29 Jan 2027 12:30 GMT: 0 accepted, 0 declined, 3 no answer",
        "Circle, Tue 09 Feb 2027 14:00 GMT: 1 accepted, 0 declined, 1 tentative, 1 no answer",
        "Forum, Fri 26 Feb 2027 12:30 GMT: 0 accepted, 0 declined, 3 no answer",
    ]


def test_rsvp_list_takes_a_range_of_days_and_leaves_out_a_cancelled_meeting(answered) -> None:
    _ok(answered, "meeting", "cancel", "--rhythm", "Circle", "--on", "2027-02-09")
    listed = _ok(answered, "rsvp", "list", "--rhythm", "Circle", "--from", "2026-11-01",
                 "--to", "2027-03-09")  # fmt: skip
    headers = [line.split(":")[0] for line in listed.stdout.splitlines() if line[0] != " "]
    assert headers == [
        "Circle, Tue 10 Nov 2026 14",
        "Circle, Tue 08 Dec 2026 14",
        "Circle, Tue 12 Jan 2027 14",
        "Circle, Tue 09 Mar 2027 14",
    ]
    none = _ok(answered, "rsvp", "list", "--rhythm", "Forum", "--to", "2026-12-01")
    assert none.stdout == "No meeting to list.\n"
    for wrong in (("--rhythm", "Nowhere"), ("--from", "2030-01-01", "--to", "2029-12-31")):
        refused = answered("rsvp", "list", *wrong)
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("Error: ")


def test_rsvp_list_json_names_who_said_what(answered) -> None:
    listed = json.loads(
        _ok(answered, "rsvp", "list", "--rhythm", "r1", "--next", "1", "--json").stdout
    )
    assert listed == [
        {
            "rhythm_id": "r1",
            "rhythm": "Circle",
            "start": "2026-12-08T14:00:00+00:00",
            "answers": {"accepted": 1, "declined": 1, "tentative": 1, "no_answer": 0},
            "accepted": [{"id": "m2", "name": "Bo Chan"}],
            "declined": [{"id": "m3", "name": "Cy Dee"}],
            "tentative": [{"id": "m4", "name": "Dee Ray"}],
            "no_answer": [],
        }
    ]
    assert json.loads(_ok(answered, "rsvp", "list", "--rhythm", "Forum", "--to", "2026-12-01",
                          "--json").stdout) == []  # fmt: skip


def test_rsvp_list_shows_stored_names_escaped(answered, home: Path) -> None:
    """A name an older copkit let in is shown escaped, never obeyed."""
    path = home / "test-cop.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    bo = next(m for m in document["members"].values() if m["name"] == "Bo Chan")
    bo["name"] = "Bo\x1b[2J Chan\u202e"
    document["rhythms"]["1"]["name"] = "Circle\x1b]0;pwned\x07"
    path.write_text(json.dumps(document), encoding="utf-8")
    listed = _ok(answered, "rsvp", "list", "--rhythm", "r1", "--next", "1").stdout
    assert "\x1b" not in listed and "\u202e" not in listed
    assert listed.splitlines()[:2] == [
        "Circle\\x1b]0;pwned\\x07, Tue 08 Dec 2026 14:00 GMT: 1 accepted, 1 declined, "
        "1 tentative, 0 no answer",
        "  accepted: Bo\\x1b[2J Chan\\u202e",
    ]


def test_a_from_the_address_parser_must_guess_at_counts_for_no_one(circle, tmp_path: Path) -> None:
    """The sender is read by the standard library's address parser, as members' emails and
    mail authors are: a From it has to guess at (no closing '>', an address after the
    mailbox) names no sender, so the answer is not kept for the member it names."""
    sent = {
        "bo.eml": ('"Bo Chan" <bo@example.org', "bo@example.org"),
        "cy.eml": ("Evil <evil@else.example.org> cy@example.org", "cy@example.org"),
    }
    for name, (sender, attendee) in sent.items():
        raw = bytes(as_mail("placeholder@example.org", reply(attendee, "DECLINED")))
        # written as raw bytes: an EmailMessage would mend the header on the way out
        (tmp_path / name).write_bytes(
            raw.replace(b"From: placeholder@example.org", b"From: " + sender.encode(), 1)
        )

    result = _ok(circle, "rsvp", "import", *(str(tmp_path / name) for name in sent))
    assert "Stored 0 answers" in result.output
    assert [line.split(": an answer for ")[1] for line in result.stderr.splitlines()] == [
        f"{attendee} in a mail with no single From (an answer counts only from the member it "
        "is about)"
        for _, attendee in sent.values()
    ]


def test_a_fifo_is_refused_not_waited_on(circle, home: Path, tmp_path: Path) -> None:
    """A FIFO given as replies, or lying in a Maildir, would keep the import waiting for a
    writer forever: it is refused in one line before it is opened, and nothing is stored."""
    fifo = tmp_path / "replies.eml"
    os.mkfifo(fifo)
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    os.mkfifo(maildir / "cur" / "1700000000.1.host:2,S")
    for given, shown in ((fifo, str(fifo)), (maildir, f"{maildir} (1700000000.1.host)")):
        done = subprocess.run(
            [sys.executable, "-m", "copkit", "--home", str(home), "rsvp", "import", str(given)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"Error: {shown} is not a regular file or a folder (a FIFO, device or socket)"
        ]
