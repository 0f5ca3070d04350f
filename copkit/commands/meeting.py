"""`copkit meeting ...`: what happened, and what was called off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit import records
from copkit.commands.context import DATE, AppContext, done, json_option, pass_app
from copkit.commands.output import present
from copkit.commands.params import ACTIVITY, DATETIME
from copkit.commands.send import Sending, send_options
from copkit.health.words import count
from copkit.model import Activity, Meeting, MeetingPlan, Topic
from copkit.records.sent import rsvps
from copkit.schedule.parsing import split_list

if TYPE_CHECKING:
    from rich.console import Group, RenderableType
    from rich.table import Table

    from copkit.model import Rsvp
    from copkit.storage.store import Session


@click.group()
def meeting() -> None:
    """Meetings: record one that was held, plan or cancel a coming one, list past and upcoming."""


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
@click.option(
    "--theme",
    "themes",
    multiple=True,
    help="The n-th --topic's themes, separated by ';' (one per topic, or none; may be empty).",
)
@click.option("--guest", "guests", multiple=True, help="An external guest or speaker (repeatable).")
@click.option("--chair", "chairs", multiple=True, help="Who chaired (a member; repeatable).")
@click.option("--host", "hosts", multiple=True, help="Who hosted (a member; repeatable).")
@click.option(
    "--welcome", "welcomers", multiple=True, help="Who welcomed newcomers (a member; repeatable)."
)
@click.option(
    "--notes-by", "notes_by", multiple=True, help="Who took notes (a member; repeatable)."
)
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
    themes: tuple[str, ...],
    guests: tuple[str, ...],
    chairs: tuple[str, ...],
    hosts: tuple[str, ...],
    welcomers: tuple[str, ...],
    notes_by: tuple[str, ...],
) -> None:
    """Record a meeting that was held: who came, what was discussed (with who proposed each
    topic and its themes), and who chaired, hosted, welcomed newcomers and took notes."""
    agenda = records.paired_topics(
        topics,
        proposed_by,
        called="--proposed-by",
        themes=[[t.strip() for t in given.split(";") if t.strip()] for given in themes],
        themes_called="--theme",
    )
    roles = records.paired_roles(chairs, hosts, welcomers, notes_by)
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
            roles=roles,
            now=dt.datetime.now(dt.UTC),
        )
        suggestions = [] if themes else _suggested_themes(session, agenda)
    _say_recorded(stored, suggestions)


def _suggested_themes(session: Session, agenda: Sequence[Topic]) -> list[tuple[str, list[str]]]:
    """Themes to suggest for each topic recorded without any, from the community's words."""
    community, members = session.community(), records.all_members(session)
    return [(t.text, records.suggest_themes(t.text, community, members)) for t in agenda]


def _say_recorded(
    stored: records.RecordedMeeting, suggestions: Sequence[tuple[str, Sequence[str]]]
) -> None:
    """What `meeting record` reports: the meeting, each moved join date, suggested themes."""
    for line in stored.said():
        done(line)
    for text, suggested in suggestions:
        if suggested:
            done(f"suggested themes: {'; '.join(suggested)} (for {text!r}; give them with --theme)")


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
            from copkit.reach import imip
            from copkit.records.sent import sent_log

            data = records.snapshot(session)
            found = next(r for r in data.rhythms if r.id == stored.rhythm_id)
            notices = imip.cancellation_messages(
                data, found, stored, sent_log(session), now=sending.now
            )
            sending.prepare(session, data, notices)
    done(f"Cancelled the meeting of {stored.start:%a %d %b %Y %H:%M} ({stored.id})")
    sending.finish()


@meeting.command("plan")
@click.option("--rhythm", help="The rhythm (name or id); with --list, only its plans.")
@click.option("--on", type=DATE, help="The date of a coming meeting of the rhythm, YYYY-MM-DD.")
@click.option("--theme", help='What the meeting is about ("" clears it).')
@click.option(
    "--agenda",
    "agenda",
    multiple=True,
    help='One agenda item (repeatable; replaces the agenda, "" clears it).',
)
@click.option("--host", help='Who hosts it: a member\'s id, email or name ("" clears it).')
@click.option("--clear", is_flag=True, help="Remove the plan of that meeting.")
@click.option("--list", "listing", is_flag=True, help="List the plans of coming meetings.")
@json_option
@pass_app
def plan(
    app: AppContext,
    rhythm: str | None,
    on: dt.date | None,
    theme: str | None,
    agenda: tuple[str, ...],
    host: str | None,
    clear: bool,
    listing: bool,
    as_json: bool,
) -> None:
    """Say what a coming meeting is about: its theme, agenda and host.

    Members choose meetings by their themes: invites and the members' calendar carry the plan
    for that one meeting (send it with `copkit invite RHYTHM --send`), and the public calendar
    shows the theme of a public meeting, never its agenda or host. Options left out keep what
    the plan says.
    """
    if listing:
        _list_plans(app, rhythm, as_json)
        return
    if rhythm is None or on is None:
        raise click.UsageError("say which meeting: --rhythm NAME --on YYYY-MM-DD (or --list)")
    items = [item.strip() for item in agenda if item.strip()]
    with app.store().write() as session:
        planned = records.plan_meeting(
            session,
            rhythm=rhythm,
            on=on,
            theme=theme,
            agenda="\n".join(items) if agenda else None,
            host=host,
            clear=clear,
            now=dt.datetime.now(dt.UTC),
        )
        members = {m.id: m.name for m in records.all_members(session)}
    if as_json:
        stored = planned.plan
        present("json", _plan_json(stored, planned.rhythm.name, members) if stored else None)
        return
    _say_planned(planned, members)


def _say_planned(planned: records.Planned, members: dict[str, str]) -> None:
    """What `meeting plan` reports: the plan as it now stands, and how to send it."""
    found, stored = planned.rhythm, planned.plan
    when = f"{planned.start:%a %d %b %Y %H:%M}"
    if stored is None:
        done(f"No plan for {found.name} on {when}" + (" any more" if planned.changed else ""))
    elif not planned.changed:
        done(f"The plan for {found.name} on {when} ({stored.id}) already says that")
    else:
        parts = [f"theme {stored.theme!r}"] if stored.theme else []
        if stored.host_id:
            parts.append(f"host {members[stored.host_id]}")
        if stored.agenda:
            parts.append(count(len(stored.agenda.splitlines()), "agenda item"))
        done(f"Planned {found.name} on {when} ({stored.id}): {', '.join(parts)}")
    if planned.changed:
        done(f"Send it to members' calendars with `copkit invite {found.id} --send`")


def _plan_json(plan: MeetingPlan, rhythm: str, members: dict[str, str]) -> dict[str, Any]:
    return plan.to_dict() | {
        "rhythm": rhythm,
        "host": members.get(plan.host_id) if plan.host_id else None,
    }


def _list_plans(app: AppContext, rhythm: str | None, as_json: bool) -> None:
    """`meeting plan --list`: the plans of coming meetings, soonest first."""
    with app.store().read() as session:
        data = records.snapshot(session)
    plans = records.coming_plans(data, now=dt.datetime.now(dt.UTC))
    if rhythm is not None:
        only = records.find_rhythm(data.rhythms, rhythm)
        plans = [p for p in plans if p.rhythm_id == only.id]
    names = {r.id: r.name for r in data.rhythms}
    members = {m.id: m.name for m in data.members}
    present(
        "json" if as_json else "rich",
        plans,
        json=lambda coming: [_plan_json(p, names[p.rhythm_id], members) for p in coming],
        rich=lambda coming: _plans_table(coming, names, members),
    )


def _plans_table(
    plans: Sequence[MeetingPlan], names: dict[str, str], members: dict[str, str]
) -> Table:
    from rich.table import Table
    from rich.text import Text  # people's words as text, never as markup

    from copkit.report.literal import visible

    table = Table(title=count(len(plans), "planned meeting"), box=None, header_style="bold")
    table.add_column("when", no_wrap=True)
    for column in ("rhythm", "theme", "host", "agenda"):
        table.add_column(column)
    for item in plans:
        table.add_row(
            f"{item.start:%a %d %b %Y %H:%M}",
            Text(visible(names[item.rhythm_id])),
            Text(visible(item.theme or "-")),
            Text(visible(members.get(item.host_id or "", "-"))),
            Text(visible(item.agenda, multiline=True) or "-"),
        )
    return table


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
        answered = rsvps(session)
    now = dt.datetime.now(dt.UTC)
    past = records.past_meetings(data, now=now) if which != "upcoming" else []
    if limit:
        past = past[-limit:]
    coming = records.upcoming(data, now=now, per_rhythm=limit or 3) if which != "past" else []
    if limit:
        coming = coming[:limit]
    ahead = records.cancelled_ahead(data, now=now) if which is None else []
    present(
        "json" if as_json else "rich",
        (past, coming, ahead),
        json=lambda listed: _meetings_json(data, answered, which, *listed),
        rich=lambda listed: _meetings_tables(data, answered, which, *listed),
    )


def _meetings_json(
    data: records.CommunityData,
    answered: list[Rsvp],
    which: str | None,
    past: Sequence[Meeting],
    coming: list[records.Upcoming],
    ahead: Sequence[Meeting],
) -> Any:
    """`meeting list --json`: past and upcoming (or only the ones asked for), with the answers
    to each upcoming meeting's invite once there are any."""
    past_rows = [_meeting_json(m) for m in past]
    coming_rows = [_upcoming_json(u) for u in coming]
    if answered:
        from copkit.reach.rsvp import answers

        for row, item in zip(coming_rows, coming, strict=True):
            row["answers"] = answers(data, answered, item.rhythm, item.start).to_dict()
    if which is None:
        return {
            "past": past_rows,
            "upcoming": coming_rows,
            "cancelled_ahead": [_meeting_json(m) for m in ahead],
        }
    return past_rows if which == "past" else coming_rows


def _meetings_tables(
    data: records.CommunityData,
    answered: list[Rsvp],
    which: str | None,
    past: Sequence[Meeting],
    coming: list[records.Upcoming],
    ahead: Sequence[Meeting],
) -> Group:
    """`meeting list` in the terminal: a table of past meetings, one of upcoming ones."""
    from rich.console import Group

    from copkit.report.tables import meeting_table, upcoming_table

    tables: list[RenderableType] = []
    rhythm_names = {r.id: r.name for r in data.rhythms}
    space_names = {s.id: s.name for s in data.spaces}

    def named(meetings: Sequence[Meeting]) -> list[tuple[Meeting, str, str]]:
        return [
            (m, rhythm_names.get(m.rhythm_id or "", "-"), space_names.get(m.space_id, "-"))
            for m in meetings
        ]

    if which != "upcoming":
        tables.append(meeting_table(count(len(past), "past meeting"), named(past)))
    if ahead:
        tables.append(meeting_table(f"{len(ahead)} cancelled ahead", named(ahead)))
    if which != "past" and answered:
        from copkit.commands.rsvp import upcoming_with_answers

        tables.append(upcoming_with_answers(data, answered, coming))
    elif which != "past":
        tables.append(upcoming_table(coming))
    return Group(*tables)


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
