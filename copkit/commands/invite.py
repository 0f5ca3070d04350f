"""`copkit invite` and `copkit calendar`: what lands in members' calendars.

The iCalendar work lives in :mod:`copkit.calendar` (imported inside the commands, so that
`copkit --help` never loads icalendar). Files are written whole or not at all, and only after
the calendar was built, so a refused invite leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from copkit import records
from copkit.commands.context import OUTPUT, AppContext, done, emit, pass_app
from copkit.commands.send import Sending, send_options
from copkit.health.words import count

if TYPE_CHECKING:
    from copkit.model import Meeting
    from copkit.storage.store import Session


@click.command("invite")
@click.argument("rhythm")
@click.option("-o", "--output", type=OUTPUT, help="Write the .ics here (default: stdout).")
@click.option(
    "--method",
    type=click.Choice(["request", "publish"], case_sensitive=False),
    default="request",
    show_default=True,
    help="request: an invite with every member as attendee; publish: a feed entry, no attendees.",
)
@send_options
@pass_app
def invite(
    app: AppContext,
    rhythm: str,
    output: Path | None,
    method: str,
    send: bool,
    dry_run: bool,
    outbox: Path,
) -> None:
    """Write the calendar invite for RHYTHM: the whole series, one RSVP for all of it.

    Send the file to members (or import it yourself); sending it again after a change updates
    the series in their calendars instead of adding a second copy. With --send, copkit emails
    it to each member who does not hold this version yet, and a cancellation to anyone who left.
    """
    from copkit import calendar

    store = app.store()
    if send or dry_run:
        send_series(app, rhythm, send=send, dry_run=dry_run, outbox=outbox)
        if output is None:
            return
    with store.read() as session:
        data = records.snapshot(session)
    found = records.find_rhythm(data.rhythms, rhythm)
    cal = calendar.series_invite(
        data,
        found,
        method="PUBLISH" if method.upper() == "PUBLISH" else "REQUEST",
        now=calendar.last_changed(store),
    )
    emit(calendar.to_ics(cal), output)
    if output is not None:
        people = len(cal.events[0].get("attendee", [])) if method == "request" else 0
        invited = f", {count(people, 'member')} invited" if people else ""
        done(f"Wrote the {method} for {found.name} to {output}{invited}")


@click.group("calendar", invoke_without_command=True)
@click.option("-o", "--output", type=OUTPUT, help="Write the .ics here (default: stdout).")
@click.option(
    "--public",
    is_flag=True,
    help="Only rhythms on public spaces, no attendees, no private details: safe to publish.",
)
@click.pass_context
@pass_app
def calendar_(app: AppContext, ctx: click.Context, output: Path | None, public: bool) -> None:
    """Write every rhythm as one calendar feed people can subscribe to.

    `copkit calendar publish URL` puts it on a CalDAV server instead, where people subscribe.
    """
    if ctx.invoked_subcommand is not None:
        return
    from copkit import calendar

    store = app.store()
    with store.read() as session:
        data = records.snapshot(session)
    cal = calendar.community_calendar(data, public=public, now=calendar.last_changed(store))
    emit(calendar.to_ics(cal), output)
    for reason in calendar.left_out(data):
        click.echo(f"Left out {reason}", err=True)
    if output is not None:
        kind = "public calendar" if public else "calendar"
        done(
            f"Wrote the {kind} of {data.community.name} to {output}: "
            f"{count(len(cal.events), 'rhythm')}"
        )


def write_cancellation(session: Session, meeting: Meeting, output: Path) -> None:
    """For `copkit meeting cancel --ics`: the CANCEL notice for a just-cancelled occurrence.

    Called inside the command's write session, after ``records.cancel_meeting``: if the notice
    cannot be made (no organiser) or written, the cancellation is not saved either. The
    DTSTAMP is the clock: a cancellation is a one-off message, sent once.
    """
    from copkit import calendar

    data = records.snapshot(session)
    rhythm = next(r for r in data.rhythms if r.id == meeting.rhythm_id)
    cal = calendar.occurrence_cancellation(data, rhythm, meeting, now=dt.datetime.now(dt.UTC))
    emit(calendar.to_ics(cal), output)


def send_series(app: AppContext, *refs: str, send: bool, dry_run: bool, outbox: Path) -> None:
    """Email each series named in ``refs`` to the members who need it (`--send`), recording
    what the server accepted; or write the messages as .eml files (`--dry-run`)."""
    from copkit.reach import imip
    from copkit.records.sent import sent_log

    sending = Sending(app, send=send, dry_run=dry_run, outbox=outbox)
    with app.store().write() as session:
        data = records.snapshot(session)
        log = sent_log(session)
        messages = []
        for ref in refs:
            found = records.find_rhythm(data.rhythms, ref)
            messages += imip.series_messages(data, found, log, now=sending.now)
        sending.prepare(session, data, messages)
    sending.finish()


@calendar_.command("publish")
@click.argument("url")
@click.option("--user", help="The login on the calendar server, if it wants one.")
@click.option(
    "--members",
    is_flag=True,
    help="Every rhythm, private ones too: for a collection only members can read.",
)
@pass_app
def publish(app: AppContext, url: str, user: str | None, members: bool) -> None:
    """Publish the public calendar to the CalDAV collection at URL (created if missing).

    Publishing again updates each series by its UID and removes series that ended or were
    deleted; nothing from a private space is published unless --members says so. The
    password comes from $COPKIT_CALDAV_PASSWORD; a server silent for longer than
    $COPKIT_SERVER_TIMEOUT seconds (30) is given up on.
    """
    import os

    from copkit import calendar
    from copkit.reach.publish import publish as put_online
    from copkit.reach.publish import without_login
    from copkit.reach.settings import server_wait

    store = app.store()
    with store.read() as session:
        data = records.snapshot(session)
    result = put_online(
        data,
        url,
        username=user,
        password=os.environ.get("COPKIT_CALDAV_PASSWORD"),
        members=members,
        now=calendar.last_changed(store),
        today=dt.date.today(),
        wait=server_wait(),
    )
    kind = "members' calendar" if members else "public calendar"
    done(f"Published the {kind} of {data.community.name} to {without_login(url)}: {result}")
