"""`--send` and `--dry-run` for every command that changes what members' calendars hold.

`invite --send`, `rhythm edit --send`, `rhythm end --send` and `meeting cancel --send` share
this: build the messages (:mod:`copkit.reach.imip`) inside the command's write session, then,
with the session closed and its lock let go, hand them to the mail server
(:mod:`copkit.reach.mail`) or write them as .eml files, record what the server accepted in a
write session of its own, and say in one line each what happened. A mail server that takes its
time never keeps the community locked (a `member add` in another terminal goes on), and what
changed meanwhile stays: recording touches only the sent log. The cancellation or change itself
is saved whatever the mail server does; what was not sent is sent by the next
`copkit invite RHYTHM --send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit.commands.context import AppContext, done
from copkit.errors import CopkitError
from copkit.health.words import count

if TYPE_CHECKING:
    from email.message import EmailMessage

    from copkit.reach.imip import Outgoing
    from copkit.records import CommunityData
    from copkit.storage.store import Session

__all__ = ["send_options", "Sending"]


def send_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--send, --dry-run and --outbox, in that order in --help."""
    func = click.option(
        "--outbox",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("outbox"),
        show_default=True,
        help="Where --dry-run writes the messages (.eml files).",
    )(func)
    func = click.option(
        "--dry-run",
        is_flag=True,
        help="Write the messages --send would send as .eml files; send nothing.",
    )(func)
    return click.option(
        "--send",
        is_flag=True,
        help="Email the change to the members who need it (see `copkit config smtp`).",
    )(func)


class Sending:
    """One run of sending: :meth:`prepare` builds the messages inside the command's write
    session; :meth:`finish`, called once that session is closed, sends them, records what was
    accepted and says what happened."""

    def __init__(self, app: AppContext, *, send: bool, dry_run: bool, outbox: Path) -> None:
        self.app = app
        self.active = send or dry_run
        self.dry_run = dry_run
        self.outbox = outbox
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.settings: Any = None
        self.wait = 0.0
        self.envelope = ""
        self.prepared: list[tuple[Outgoing, EmailMessage]] = []
        if send and not dry_run:
            from copkit.reach.settings import load_smtp, server_wait

            self.settings = load_smtp(app.home)
            if self.settings is None:
                raise CopkitError(
                    "no mail server yet: set one with `copkit config smtp --host HOST` "
                    "(or try --dry-run)"
                )
            self.wait = server_wait()

    def prepare(self, session: Session, data: CommunityData, messages: list[Outgoing]) -> None:
        """Build the messages from what ``session`` holds; nothing leaves yet."""
        if not self.active:
            return
        from copkit.reach import imip

        if not messages:
            self.lines.append("Nothing to send: every member's calendar is up to date")
            return
        community = data.community
        if not imip.name_fits(community.gardener):
            self.lines.append(
                f"The messages are from {community.gardener_email} alone: the organiser's name "
                "cannot be written in a mail header as it is"
            )
        for out in messages:  # one that cannot be written is named; the others still go
            try:
                message = imip.to_email(out, data, now=self.now)
            except imip.Unsendable as exc:
                self.problems.append(str(exc))
                continue
            member = out.member
            if not imip.name_fits(member.name):
                self.lines.append(
                    f"{member.name} ({member.id}) gets the message addressed to {member.email} "
                    "alone: their name cannot be written in a mail header as it is"
                )
            self.prepared.append((out, message))
        self.envelope = (self.settings.sender if self.settings else "") or community.gardener_email

    def finish(self) -> None:
        """Send (or write) what was prepared, with no lock held; record what the server
        accepted; say what happened, and exit 1 if anything was not sent."""
        if self.prepared and self.dry_run:
            from copkit.reach.mail import write_outbox

            written = write_outbox(self.outbox, [(o.member.email, m) for o, m in self.prepared])
            self.lines.append(
                f"Wrote {count(len(written), 'message')} to {self.outbox}; nothing was sent"
            )
        elif self.prepared:
            self._send()
        for line in dict.fromkeys(self.lines):  # each said once (a subject refused for all)
            done(line)
        problems = list(dict.fromkeys(self.problems))
        if problems:
            from copkit.report.literal import visible

            for problem in problems[:-1]:
                click.echo(f"Error: {visible(problem)}", err=True)
            raise CopkitError(problems[-1])

    def _send(self) -> None:
        from copkit.reach import imip
        from copkit.reach.mail import deliver
        from copkit.reach.settings import smtp_password

        result = deliver(
            self.settings,
            smtp_password(self.settings),
            self.envelope,
            [(out, message, out.member.email) for out, message in self.prepared],
            wait=self.wait,
        )
        if result.accepted:
            try:
                with self.app.store().write() as session:
                    imip.record_sent(session, result.accepted, now=self.now)
            except CopkitError as exc:
                self.problems.append(
                    f"{count(len(result.accepted), 'message')} went out but could not be recorded "
                    f"({exc}); the next --send sends them again"
                )
            self.lines.append(_summary(result.accepted))
        for out, reason in result.refused:
            self.problems.append(
                f"{out.member.email} was refused by the mail server ({reason}); "
                "nothing was recorded for them"
            )
        if result.fault:
            self.problems.append(result.fault)


def _summary(sent: list[Outgoing]) -> str:
    by_kind: dict[str, int] = {}
    for out in sent:
        kind = "invite" if out.method == "REQUEST" else "cancellation"
        by_kind[kind] = by_kind.get(kind, 0) + 1
    parts = [f"{count} {kind}(s)" for kind, count in by_kind.items()]
    names = sorted({out.rhythm.name for out in sent})
    return f"Sent {' and '.join(parts)} for {', '.join(names)}"
