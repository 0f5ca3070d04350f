"""`copkit config ...`: settings of the home, such as the mail server invites go through."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from copkit.commands.context import AppContext, done, pass_app

if TYPE_CHECKING:
    from copkit.reach.settings import SmtpSettings


@click.group("config")
def config() -> None:
    """Settings of this copkit home (not of one community)."""


@config.command("smtp")
@click.option("--host", help="The mail server, e.g. smtp.office365.com.")
@click.option("--port", type=click.IntRange(1, 65535), help="Default: 587, 465 with tls, 25.")
@click.option(
    "--security",
    type=click.Choice(["starttls", "tls", "none"], case_sensitive=False),
    help="starttls (port 587), tls (implicit, port 465) or none (a relay on this machine).",
)
@click.option("--user", help="The login, if the server wants one.")
@click.option("--sender", help="The envelope sender, if not the gardener's own address.")
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help="Ask for the password and keep it in the system keyring (never in a file).",
)
@pass_app
def smtp(
    app: AppContext,
    host: str | None,
    port: int | None,
    security: str | None,
    user: str | None,
    sender: str | None,
    ask_password: bool,
) -> None:
    """Set how invites are sent (only what you give changes); with no option, show it.

    A folder home keeps them in its config.json. On a database home (postgresql://...) they
    are yours, not the team's: kept on this machine, in copkit's user settings folder
    (~/.config/copkit/config.json on Linux), for every database home you open.

    The password comes from $COPKIT_SMTP_PASSWORD or the system keyring, never from
    config.json, a community file, an export or a backup. A login without encryption
    (--security none) is only for a relay on this machine. A server silent for longer than
    $COPKIT_SERVER_TIMEOUT seconds (30) is given up on.
    """
    from copkit.errors import CopkitError
    from copkit.reach.settings import load_smtp, refuse_login_in_clear, save_smtp

    current = load_smtp(app.home)
    changing = any(v is not None for v in (host, port, security, user, sender))
    if not changing and not ask_password:
        if current is None:
            raise CopkitError("no mail server yet: set one with `copkit config smtp --host HOST`")
        click.echo(_describe(current))
        return
    if current is None and host is None:
        raise CopkitError("give the mail server with --host HOST")
    settings = _merged(current, host, port, security, user, sender)
    refuse_login_in_clear(settings)  # before a password is asked for or anything is saved
    said = [f"Invites go through {_describe(settings)}"] if changing else []
    if ask_password:  # the password and the settings are kept together, or neither is
        said.append(_keep_password(app, settings, save=changing))
    elif changing:
        save_smtp(app.home, settings)
    message = "; ".join(said)
    done(message[:1].upper() + message[1:])


def _merged(
    current: SmtpSettings | None,
    host: str | None,
    port: int | None,
    security: str | None,
    user: str | None,
    sender: str | None,
) -> SmtpSettings:
    """The stored settings with what was given replacing them; a new security brings its own
    default port unless a port is given too."""
    from copkit.reach.settings import DEFAULT_PORTS, Security, SmtpSettings

    chosen = (security or (current.security if current else "starttls")).lower()
    return SmtpSettings(
        host=host if host is not None else (current.host if current else ""),  # never "": above
        port=port or (current.port if current and security is None else DEFAULT_PORTS[chosen]),
        security=cast(Security, chosen),  # a --security choice, or the stored one
        user=user if user is not None else (current.user if current else ""),
        sender=sender if sender is not None else (current.sender if current else ""),
    )


def _keep_password(app: AppContext, settings: SmtpSettings, *, save: bool) -> str:
    """Ask for the login's password and keep it in the system keyring, then save the
    settings (``save``); if they cannot be saved, the keyring gets back what it held."""
    from copkit.errors import CopkitError
    from copkit.reach.settings import (
        PASSWORD_ENV,
        check_keyring,
        restore_password,
        save_smtp,
        store_password,
    )

    if not settings.user:
        raise CopkitError("a password needs a user: add --user")
    check_keyring()  # before asking: a password typed for nothing is a poor start
    secret = click.prompt(f"Password for {settings.user}", hide_input=True, err=True)
    previous = store_password(settings, secret)
    if save:
        try:
            save_smtp(app.home, settings)
        except CopkitError:
            restore_password(settings, previous)
            raise
    return (
        f"the password for {settings.keyring_key} is in the system keyring "
        f"(${PASSWORD_ENV}, if set, comes first)"
    )


def _describe(settings: object) -> str:
    from copkit.reach.settings import SmtpSettings

    assert isinstance(settings, SmtpSettings)
    login = f", login {settings.user}" if settings.user else ", no login"
    sender = f", sender {settings.sender}" if settings.sender else ""
    return f"{settings.host}:{settings.port} ({settings.security}{login}{sender})"
