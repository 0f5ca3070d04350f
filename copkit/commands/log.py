"""`copkit log`: who changed the community, and when (a database home's audit trail, issue 20)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from copkit.commands.context import DATE, AppContext, json_option, pass_app
from copkit.errors import CopkitError

if TYPE_CHECKING:
    from copkit.storage.postgres import Change

#: How many ids of one kind a line names before it gives their number instead.
MOST_IDS = 3

#: The kind of a record, as a sentence names it (the file's table name otherwise).
KIND_WORDS = {
    "community": "community",
    "members": "member",
    "spaces": "space",
    "rhythms": "rhythm",
    "meetings": "meeting",
    "sent_invites": "invitation",
    "rsvps": "answer",
    "meeting_plans": "meeting plan",
    "stories": "story",
    "survey": "survey response",
    "sponsor_updates": "sponsor update",
    "erased_identities": "erased identity",
}


@click.command()
@click.option("--since", type=DATE, help="Only changes from this day on (YYYY-MM-DD, UTC).")
@json_option
@pass_app
def log(app: AppContext, since: dt.date | None, as_json: bool) -> None:
    """Who changed the community and when: each command's login, time and record ids.

    A home a team shares keeps this trail itself (PostgreSQL writes it as each change lands;
    no login can change or remove it), and it names records only by id, never a person's
    details. A folder home has no trail: it is one gardener's.
    """
    from copkit.commands.output import present
    from copkit.storage.postgres import DatabaseHome

    place = app.home
    if not isinstance(place, DatabaseHome):
        raise CopkitError(
            f"{place.where} is a folder: the audit trail is kept by a home a team shares "
            "(--home postgresql://...)"
        )
    changes = place.changes(app.slug, since)
    if not changes:
        click.echo("No changes recorded" + (f" since {since}." if since else " yet."), err=True)
        if not as_json:
            return
    present("json" if as_json else "text", changes, json=_as_json, text=_as_text)


def _as_json(changes: list[Change]) -> list[dict[str, Any]]:
    return [
        {
            "at": change.at.isoformat().replace("+00:00", "Z"),
            "login": change.login,
            "command": change.command,
            "changes": [
                {"action": action, "kind": kind, "record": record}
                for action, kind, record in change.records
            ],
        }
        for change in changes
    ]


def _as_text(changes: list[Change]) -> str:
    from copkit.report.literal import visible

    logins = [visible(change.login) for change in changes]
    width = max(map(len, logins), default=0)
    return "\n".join(
        f"{change.at:%Y-%m-%d %H:%M} UTC  {login:<{width}}  "
        + (f"{visible(change.command)}: " if change.command else "")
        + _said(change)
        for change, login in zip(changes, logins, strict=True)
    )


def _said(change: Change) -> str:
    """'added member m3; changed community, member m1, m2': each action once, then each kind
    with its ids (a count, past a few: an import adds hundreds of conversation rows)."""
    from copkit.health.words import count

    parts: dict[str, dict[str, list[str]]] = {}
    for action, kind, record in change.records:
        parts.setdefault(action, {}).setdefault(kind, []).append(record)
    said = []
    for action, kinds in parts.items():
        named = []
        for kind, records in kinds.items():
            word = KIND_WORDS.get(kind, kind.replace("_", " ").removesuffix("s"))
            if kind == "community":
                named.append(word)
            elif len(records) > MOST_IDS:
                named.append(count(len(records), word))
            else:
                named.append(f"{word} {', '.join(records)}")
        said.append(f"{action} {', '.join(named)}")
    return "; ".join(said)
