"""`copkit meeting ...`: what happened, and what was called off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from copkit import records
from copkit.commands.context import (
    DATE,
    AppContext,
    console,
    done,
    json_option,
    pass_app,
    print_json,
)
from copkit.commands.params import ACTIVITY, DATETIME
from copkit.commands.send import Sending, send_options
from copkit.model import Activity, Meeting, Rsvp
from copkit.parsing import split_list


@click.group()
def meeting() -> None:
    """Meetings: record one that was held, cancel one, list past and upcoming."""


@meeting.command("record")
@click.option("--rhythm", help="The rhythm it belongs to (name or id).")
@click.option("--space", help="Or the space of an ad-hoc meeting.")
@click.option(
    "--on",
    type=DATETIME,
    required=True,
    help="When: 2026-01-13T14:00 (a date is enough for a rhythm).",
)
@click.option("--attended", default="", help="Who came: ids, emails or names, comma-separated.")
@click.option(
    "--activity",
    "activities",
    type=ACTIVITY,
    multiple=True,
    help="familiar:LABEL or stimulating:LABEL (repeatable).",
)
@click.option("--topic", "topics", multiple=True, help="An agenda topic (repeatable).")
@click.option(
    "--proposed-by",
    "proposed_by",
    multiple=True,
    help="Who proposed the n-th --topic (one per topic, or none).",
)
@click.option("--guest", "guests", multiple=True, help="An external guest or speaker (repeatable).")
@pass_app
def record(
    app: AppContext,
    rhythm: str | None,
    space: str | None,
    on: dt.date | dt.datetime,
    attended: str,
    activities: tuple[Activity, ...],
    topics: tuple[str, ...],
    proposed_by: tuple[str, ...],
    guests: tuple[str, ...],
) -> None:
    """Record a meeting that was held."""
    agenda = records.paired_topics(topics, proposed_by, called="--proposed-by")
    with app.store().write() as session:
        stored = records.record_meeting(
            session,
            on=on,
            rhythm=rhythm,
            space=space,
            attended=split_list(attended),
            activities=activities,
            topics=agenda,
            guests=guests,
        )
    held = stored.meeting
    done(
        f"Recorded the meeting of {held.start:%a %d %b %Y %H:%M} ({held.id}): "
        f"{held.attendance} attended, {len(held.topics)} topic(s)"
    )
    for note in stored.notes():
        done(note)


@meeting.command("cancel")
@click.option("--rhythm", required=True, help="The rhythm (name or id).")
@click.option("--on", type=DATE, required=True, help="The date of the occurrence, YYYY-MM-DD.")
@click.option("--reason", default="", help="Why, for the record and the cancellation notice.")
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the cancellation notice (METHOD:CANCEL) to send to members.",
)
@send_options
@pass_app
def cancel(
    app: AppContext,
    rhythm: str,
    on: dt.date,
    reason: str,
    ics: Path | None,
    send: bool,
    dry_run: bool,
    outbox: Path,
) -> None:
    """Cancel one occurrence of a rhythm."""
    sending = Sending(app, send=send, dry_run=dry_run, outbox=outbox)
    with app.store().write() as session:
        stored = records.cancel_meeting(session, rhythm=rhythm, on=on, reason=reason)
        if ics is not None:  # inside the session: no notice, no cancellation
            from copkit.commands.invite import write_cancellation

            write_cancellation(session, stored, ics)
        if sending.active:  # the cancellation stands whatever the mail server does
            from copkit import imip
            from copkit.model import SentInvite

            data = records.snapshot(session)
            found = next(r for r in data.rhythms if r.id == stored.rhythm_id)
            notices = imip.cancellation_messages(
                data, found, stored, session.all(SentInvite), now=sending.now
            )
            sending.deliver(session, data, notices)
    done(f"Cancelled the meeting of {stored.start:%a %d %b %Y %H:%M} ({stored.id})")
    sending.report()


@meeting.command("list")
@click.option(
    "--past", "which", flag_value="past", help="Only meetings recorded (held or cancelled)."
)
@click.option("--upcoming", "which", flag_value="upcoming", help="Only future occurrences.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help="At most this many (the latest past, the soonest upcoming).",
)
@json_option
@pass_app
def list_(app: AppContext, which: str | None, limit: int | None, as_json: bool) -> None:
    """List past meetings and upcoming occurrences (both unless --past or --upcoming).

    Once members have answered invites (`copkit rsvp import`), each upcoming meeting shows
    how many accepted, declined or did not answer."""
    with app.store().read() as session:
        data = records.snapshot(session)
        answered = session.all(Rsvp)
    rhythm_names = {r.id: r.name for r in data.rhythms}
    space_names = {s.id: s.name for s in data.spaces}
    past = data.meetings if which != "upcoming" else []
    if limit:
        past = past[-limit:]
    coming = (
        records.upcoming(data, now=dt.datetime.now(dt.UTC), per_rhythm=limit or 3)
        if which != "past"
        else []
    )
    if limit:
        coming = coming[:limit]
    if as_json:
        past_rows = [_meeting_json(m) for m in past]
        coming_rows = [_upcoming_json(u) for u in coming]
        if answered:
            from copkit.rsvp import answers

            for row, item in zip(coming_rows, coming, strict=True):
                row["answers"] = answers(data, answered, item.rhythm, item.start).to_dict()
        if which is None:
            print_json({"past": past_rows, "upcoming": coming_rows})
        else:
            print_json(past_rows if which == "past" else coming_rows)
        return
    from copkit.report.tables import meeting_table, upcoming_table

    out = console()
    if which != "upcoming":
        rows = [
            (m, rhythm_names.get(m.rhythm_id or "", "-"), space_names.get(m.space_id, "-"))
            for m in past
        ]
        out.print(meeting_table(f"{len(past)} past meeting(s)", rows))
    if which != "past" and answered:
        from copkit.commands.rsvp import upcoming_with_answers

        out.print(upcoming_with_answers(data, answered, coming))
    elif which != "past":
        out.print(upcoming_table(coming))


def _meeting_json(meeting: Meeting) -> dict[str, Any]:
    return meeting.to_dict() | {"attendance": meeting.attendance}


def _upcoming_json(item: records.Upcoming) -> dict[str, Any]:
    return {
        "rhythm_id": item.rhythm.id,
        "rhythm": item.rhythm.name,
        "space": item.space.name,
        "visibility": item.space.visibility.value,
        "start": item.start.isoformat(),
        "end": item.end.isoformat(),
    }
