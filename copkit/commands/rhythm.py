"""`copkit rhythm ...`: the regular meetings that keep a community alive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit import records
from copkit.commands.context import (
    DATE,
    OUTPUT,
    AppContext,
    done,
    emit,
    json_option,
    pass_app,
)
from copkit.commands.output import present
from copkit.commands.params import (
    DATETIME,
    DATETIME_OR_TIME,
    DURATION,
    EVERY,
    RRULE,
    one_rule,
    the_rule,
)
from copkit.commands.send import Sending, send_options
from copkit.model import Rhythm, Space
from copkit.records.sent import rsvps
from copkit.schedule.phrases import EveryPhrase
from copkit.schedule.rhythm import zone_of

if TYPE_CHECKING:
    from copkit.records.series import Edited
    from copkit.storage.store import Session


@click.group()
def rhythm() -> None:
    """Rhythms: recurring series of meetings on a space."""


@rhythm.command("add")
@click.argument("name")
@click.option("--space", required=True, help="The space it meets in (name or id).")
@click.option("--every", type=EVERY, help='How often, e.g. "monthly on the 2nd Tuesday".')
@click.option(
    "--rrule", type=RRULE, help="A raw RFC 5545 rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TH."
)
@click.option(
    "--start",
    type=DATETIME,
    required=True,
    help="First meeting, local time: 2026-01-13T14:00 (a date if --every says 'at').",
)
@click.option(
    "--duration",
    type=DURATION,
    help="How long, e.g. 90m, 1h30m (default: from --every, else 1h).",
)
@click.option("--timezone", help="IANA zone, if not the community's.")
@click.option("--until", type=DATE, help="Last possible date, YYYY-MM-DD.")
@click.option(
    "--invite",
    "invited",
    multiple=True,
    metavar="MEMBER",
    help="A member its invites go to (name, email or id; repeat, or separate with commas) "
    "for a series meant for some, such as a private circle. Default: every member.",
)
@pass_app
def add(
    app: AppContext,
    name: str,
    space: str,
    every: EveryPhrase | None,
    rrule: EveryPhrase | None,
    start: dt.date | dt.datetime,
    duration: dt.timedelta | None,
    timezone: str | None,
    until: dt.date | None,
    invited: tuple[str, ...],
) -> None:
    """Add a rhythm NAME that meets on a space.

    Its invites go to every member, or with --invite to the members named: attendance is then
    read against the meetings each member was invited to."""
    rule = the_rule(every, rrule)
    with app.store().write() as session:
        stored = records.add_rhythm(
            session,
            name=name,
            space=space,
            start=start,
            duration=duration,
            rule=rule,
            timezone=timezone,
            until=until,
            invited=_refs(invited),
        )
    done(
        f"Added rhythm {stored.name} ({stored.id}): {stored.rrule}, first on "
        f"{stored.start:%a %d %b %Y at %H:%M}"
        + (f", for {len(stored.invited)} invited members" if stored.invited else "")
    )


def _refs(given: tuple[str, ...]) -> list[str]:
    """``--invite`` values, each of which may hold several members separated by commas."""
    return [ref.strip() for value in given for ref in value.split(",") if ref.strip()]


@rhythm.command("edit")
@click.argument("name")
@click.option("--name", "new_name", help="A new name.")
@click.option("--space", help="Move it to another space (name or id).")
@click.option("--every", type=EVERY, help='A new rule in words, e.g. "every 2 weeks on Thursday".')
@click.option("--rrule", type=RRULE, help="A new raw RFC 5545 rule.")
@click.option(
    "--start",
    type=DATETIME_OR_TIME,
    help="A new first meeting, local: 2026-01-13T15:00; or a time of day alone (15:00) to move "
    "every meeting to it, keeping the dates.",
)
@click.option("--duration", type=DURATION, help="A new length, e.g. 90m.")
@click.option("--timezone", help="A new IANA zone.")
@click.option("--until", type=DATE, help="A new last possible date, YYYY-MM-DD.")
@click.option(
    "--invite",
    "invited",
    multiple=True,
    metavar="MEMBER",
    help="Invite only these members (name, email or id; repeat, or separate with commas): "
    "the list is replaced, and with --send the others get a cancellation.",
)
@click.option(
    "--invite-everyone", is_flag=True, help="Invite every member again (undoes --invite)."
)
@send_options
@pass_app
def edit(
    app: AppContext,
    name: str,
    new_name: str | None,
    space: str | None,
    every: EveryPhrase | None,
    rrule: EveryPhrase | None,
    start: dt.date | dt.datetime | dt.time | None,
    duration: dt.timedelta | None,
    timezone: str | None,
    until: dt.date | None,
    invited: tuple[str, ...],
    invite_everyone: bool,
    send: bool,
    dry_run: bool,
    outbox: Path,
) -> None:
    """Change a rhythm; send its invite again and calendars update the series."""
    rule = one_rule(every, rrule)
    if invited and invite_everyone:
        raise click.UsageError("--invite and --invite-everyone: say one of them")
    invitees = [] if invite_everyone else (_refs(invited) or None)
    sending = Sending(app, send=send, dry_run=dry_run, outbox=outbox)
    with app.store().write() as session:
        from copkit.records import series  # splits the series when its first date moves on

        edited = series.edit_rhythm(
            session,
            name,
            today=dt.date.today(),
            name=new_name,
            space=space,
            rule=rule,
            start=start,
            duration=duration,
            timezone=timezone,
            until=until,
            invited=invitees,
        )
        _send(sending, session, edited.to_send)
    _say_edited(edited)
    sending.finish()


def _say_edited(edited: Edited) -> None:
    """What `rhythm edit` reports: the series as it now stands, or the two it was split into."""
    updated = edited.rhythm
    if edited.ended is not None and edited.last_before is not None:
        old = edited.ended
        done(
            f"Split the series: {old.name} ({old.id}) keeps the meetings up to "
            f"{edited.last_before:%a %d %b %Y}; {updated.name} ({updated.id}) goes on: "
            f"{updated.rrule}, from {updated.start:%a %d %b %Y at %H:%M}, "
            f"{updated.duration_minutes}m. Send both invites again (`copkit invite {old.id}`, "
            f"`copkit invite {updated.id}`) so calendars follow"
        )
    else:
        done(
            f"Updated {updated.name} ({updated.id}): {updated.rrule}, from "
            f"{updated.start:%a %d %b %Y at %H:%M}, {updated.duration_minutes}m. Send the invite "
            f"again (`copkit invite {updated.id}`) so calendars follow"
        )


def _send(sending: Sending, session: Session, rhythms: list[Rhythm]) -> None:
    """With --send or --dry-run: each changed series to the members who need it."""
    if not sending.active:
        return
    from copkit.reach import imip
    from copkit.records.sent import sent_log

    data = records.snapshot(session)
    log = sent_log(session)
    fresh = {r.id: r for r in data.rhythms}
    messages = []
    for rhythm in rhythms:
        messages += imip.series_messages(data, fresh[rhythm.id], log, now=sending.now)
    sending.prepare(session, data, messages)


@rhythm.command("end")
@click.argument("name")
@click.option("--on", type=DATE, help="The day it ends, YYYY-MM-DD (default: today).")
@click.option("--ics", type=OUTPUT, help="Also write the notice that updates calendars.")
@send_options
@pass_app
def end(
    app: AppContext,
    name: str,
    on: dt.date | None,
    ics: Path | None,
    send: bool,
    dry_run: bool,
    outbox: Path,
) -> None:
    """Call a whole series off from a day: the meetings before it stay, the rest go from
    plans, feeds and the health check. With --ics: an update that ends the series there, or a
    cancellation of the whole series if it never met."""
    sending = Sending(app, send=send, dry_run=dry_run, outbox=outbox)
    with app.store().write() as session:
        ended = records.end_rhythm(session, name, on or dt.date.today())
        if ics is not None:
            from copkit import calendar

            data = records.snapshot(session)
            now = dt.datetime.now(dt.UTC)
            notice = (
                calendar.series_invite(data, ended, method="REQUEST", now=now)
                if ended.meets_before_end
                else calendar.series_cancellation(data, ended, now=now)
            )
            emit(calendar.to_ics(notice), ics)
        _send(sending, session, [ended])
    done(_ended_message(ended))
    sending.finish()


def _ended_message(ended: Rhythm) -> str:
    """Say whether the series keeps earlier meetings or is cancelled whole."""
    if ended.meets_before_end:
        return f"{ended.name} is called off from {ended.ended}; its past meetings stay on record"
    return (
        f"{ended.name} never meets: called off from {ended.ended}, and its first meeting was to "
        f"be on {ended.start:%a %d %b %Y}. The whole series is cancelled, so calendars drop it; "
        "meetings already recorded stay on record"
    )


def _rhythm_json(
    rhythm: Rhythm, space: Space, zone_name: str, upcoming: list[dt.datetime]
) -> dict[str, Any]:
    return rhythm.to_dict() | {
        "space": space.name,
        "zone": zone_name,
        "next": [t.isoformat() for t in upcoming],
    }


@rhythm.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List the rhythms with their next meeting."""
    with app.store().read() as session:
        data = records.snapshot(session)
    upcoming = {
        u.rhythm.id: u.start
        for u in records.upcoming(data, now=dt.datetime.now(dt.UTC), per_rhythm=1)
    }
    rows = [(r, data.space(r.space_id), upcoming.get(r.id)) for r in data.rhythms]
    present(
        "json" if as_json else "rich",
        rows,
        json=lambda listed: [
            _rhythm_json(r, s, zone_of(r, data.community).key, [t] if t else [])
            for r, s, t in listed
        ],
        rich="copkit.report.tables:rhythm_table",
    )


@rhythm.command("show")
@click.argument("name")
@click.option(
    "--next",
    "count",
    type=click.IntRange(1, 1000),
    default=5,
    show_default=True,
    help="How many future dates to list.",
)
@click.option(
    "--from", "from_", type=DATE, help="List dates from this day, YYYY-MM-DD (default: now)."
)
@json_option
@pass_app
def show(app: AppContext, name: str, count: int, from_: dt.date | None, as_json: bool) -> None:
    """Show a rhythm and its next dates (cancelled ones are marked)."""
    with app.store().read() as session:
        data = records.snapshot(session)
        answered = rsvps(session)
    found = records.find_rhythm(data.rhythms, name)
    answered = [a for a in answered if a.rhythm_id == found.id]
    shown = records.rhythm_dates(data, found, count=count, start=from_, now=dt.datetime.now(dt.UTC))
    zone, dates, cancelled = shown.zone, list(shown.dates), shown.cancelled
    space = data.space(found.space_id)
    if as_json:
        payload = _rhythm_json(found, space, zone.key, dates)
        payload["cancelled"] = sorted(d.isoformat() for d in cancelled)
        if answered:  # once members have answered: the expected numbers per date
            from copkit.reach.rsvp import answers

            payload["answers"] = [answers(data, answered, found, d).to_dict() for d in dates]
        present("json", payload)
        return
    from copkit.report.literal import visible  # a stored name may hold terminal controls

    click.echo(
        visible(f"{found.name} ({found.id}) in {space.name}, {found.duration_minutes} minutes, ")
        + zone.key
    )
    click.echo(f"rule: {found.rrule}")
    if found.invited:
        names = sorted(m.name for m in data.members if m.id in found.invited)
        click.echo(visible(f"invites: {', '.join(names) or 'no one now'}"))
    if found.ended:
        click.echo(f"called off from {found.ended}")
    for moment in dates:
        mark = "  (cancelled)" if moment.date() in cancelled else ""
        if answered and not mark:
            from copkit.reach.rsvp import answers

            mark = f"  {answers(data, answered, found, moment)}"
        click.echo(f"  {moment:%a %d %b %Y %H:%M %Z}{mark}")
