"""`--send` and `--dry-run` for every command that changes what members' calendars hold.

`invite --send`, `rhythm edit --send`, `rhythm end --send` and `meeting cancel --send` share
this: build the messages (:mod:`copkit.reach.imip`), hand them to the mail server
(:mod:`copkit.reach.mail`)
or write them as .eml files, record what was accepted, and say in one line each what happened.
The cancellation or change itself is saved whatever the mail server does; what was not sent is
sent by the next `copkit invite RHYTHM --send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from copkit.commands.context import AppContext, done
from copkit.errors import CopkitError

if TYPE_CHECKING:
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
    """One run of sending: collects messages inside the command's write session, delivers
    them there (so what was accepted is recorded in the same write), and reports after."""

    def __init__(self, app: AppContext, *, send: bool, dry_run: bool, outbox: Path) -> None:
        self.app = app
        self.active = send or dry_run
        self.dry_run = dry_run
        self.outbox = outbox
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.settings: Any = None
        if send and not dry_run:
            from copkit.reach.settings import load_smtp

            self.settings = load_smtp(app.home)
            if self.settings is None:
                raise CopkitError(
                    "no mail server yet: set one with `copkit config smtp --host HOST` "
                    "(or try --dry-run)"
                )

    def deliver(self, session: Session, data: CommunityData, messages: list[Outgoing]) -> None:
        """Send (or write) the messages and record the accepted ones in ``session``."""
        if not self.active:
            return
        from copkit.reach import imip

        if not messages:
            self.lines.append("Nothing to send: every member's calendar is up to date")
            return
        emails = [(out, imip.to_email(out, data, now=self.now)) for out in messages]
        if self.dry_run:
            from copkit.reach.mail import write_outbox

            written = write_outbox(self.outbox, [(o.member.email, m) for o, m in emails])
            self.lines.append(f"Wrote {len(written)} message(s) to {self.outbox}; nothing was sent")
            return
        from copkit.reach.mail import deliver
        from copkit.reach.settings import smtp_password

        envelope = self.settings.sender or data.community.gardener_email
        result = deliver(
            self.settings,
            smtp_password(self.settings),
            envelope,
            [(out, message, out.member.email) for out, message in emails],
        )
        imip.record_sent(session, result.accepted, now=self.now)
        if result.accepted:
            self.lines.append(_summary(result.accepted))
        for out, reason in result.refused:
            self.problems.append(
                f"{out.member.email} was refused by the mail server ({reason}); "
                "nothing was recorded for them"
            )
        if result.fault:
            self.problems.append(result.fault)

    def report(self) -> None:
        """Say what happened; exit 1 if anything was not sent."""
        for line in self.lines:
            done(line)
        if self.problems:
            for problem in self.problems[:-1]:
                click.echo(f"Error: {problem}", err=True)
            raise CopkitError(self.problems[-1])


def _summary(sent: list[Outgoing]) -> str:
    by_kind: dict[str, int] = {}
    for out in sent:
        kind = "invite" if out.method == "REQUEST" else "cancellation"
        by_kind[kind] = by_kind.get(kind, 0) + 1
    parts = [f"{count} {kind}(s)" for kind, count in by_kind.items()]
    names = sorted({out.rhythm.name for out in sent})
    return f"Sent {' and '.join(parts)} for {', '.join(names)}"
