"""Handing messages to the organisation's mail server (SMTP), or to files for a dry run.

One connection carries every message of a run. Whatever goes wrong becomes one line a gardener
can act on (a server that is down or does not answer, a certificate that does not match, a
refused login, a refused recipient), never a traceback, and :func:`deliver` always says which
messages the server accepted: only those are recorded as sent, so running the command again
sends the rest. It holds no lock: the command prepares the messages in its write session and
records what was accepted in another (:mod:`copkit.commands.send`), so a slow server never
keeps the community from a gardener in another terminal. How long a server may keep silent is
:func:`copkit.reach.settings.server_wait`.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from copkit.reach.settings import DEFAULT_WAIT, PASSWORD_ENV, SmtpSettings
from copkit.storage.fileio import atomic_write

__all__ = ["Delivery", "deliver", "write_outbox"]

T = TypeVar("T")


class Delivery(msgspec.Struct, Generic[T]):
    """What happened to each message: accepted, refused (with the server's words), and the
    fault that stopped the run, if one did (then the messages after it were not tried)."""

    accepted: list[T] = msgspec.field(default_factory=list)
    refused: list[tuple[T, str]] = msgspec.field(default_factory=list)
    fault: str | None = None


def _words(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


class _Refusals:
    """Remembers the first login the server refused: smtplib tries its next way of logging
    in after a refusal, and a server that hung up meanwhile then reads as a lost connection."""

    refused: smtplib.SMTPAuthenticationError | None = None

    def auth(self, mechanism: str, authobject: Any, *, initial_response_ok: bool = True) -> Any:
        try:
            return super().auth(  # type: ignore[misc]
                mechanism, authobject, initial_response_ok=initial_response_ok
            )
        except smtplib.SMTPAuthenticationError as exc:
            self.refused = self.refused or exc
            raise


class _Plain(_Refusals, smtplib.SMTP):
    pass


class _Secure(_Refusals, smtplib.SMTP_SSL):
    pass


def _timed_out(exc: BaseException) -> bool:
    """A wait that ran out, however smtplib wrapped it (a reply that never came is raised as
    SMTPServerDisconnected, the timeout as its context)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, TimeoutError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _connect(settings: SmtpSettings, wait: float) -> _Plain | _Secure:
    context = ssl.create_default_context()  # honours SSL_CERT_FILE, for an in-house CA
    if settings.security == "tls":
        return _Secure(settings.host, settings.port, timeout=wait, context=context)
    server = _Plain(settings.host, settings.port, timeout=wait)
    if settings.security == "starttls":
        server.ehlo()
        if not server.has_extn("starttls"):
            server.close()
            raise smtplib.SMTPNotSupportedError("STARTTLS")
        server.starttls(context=context)
        server.ehlo()
    return server


def _refused(where: str, user: str, exc: smtplib.SMTPAuthenticationError) -> str:
    return (
        f"{where} refused the login for {user} ({exc.smtp_code} {_words(exc.smtp_error)}); "
        "check the user and the password; nothing was sent"
    )


def _open(
    settings: SmtpSettings, password: str | None, wait: float
) -> tuple[smtplib.SMTP | None, str | None]:
    """A connected (and logged-in) server, or the one line that says why not."""
    where = f"the mail server {settings.where}"
    nothing = "nothing was sent"
    silent = f"{where} does not answer (waited {wait:g} s); {nothing}"
    if settings.login_in_clear:  # settings an older copkit or a hand wrote: never send it
        return None, (
            f"{where} has no encryption (security none), so logging in as {settings.user} "
            f"would send the password in clear; {nothing}. Choose `copkit config smtp "
            "--security starttls` (or tls)"
        )
    if settings.user and not password:
        return None, (
            f"no password for {settings.user} at {settings.host}: set {PASSWORD_ENV} or keep "
            f"it in the system keyring (`copkit config smtp --password`); {nothing}"
        )
    try:
        server = _connect(settings, wait)
    except smtplib.SMTPNotSupportedError:
        return None, f"{where} does not offer STARTTLS; choose --security tls or none; {nothing}"
    except ssl.SSLError as exc:
        reason = getattr(exc, "verify_message", None) or exc.reason or exc
        return None, f"{where} could not be reached securely ({reason}); {nothing}"
    except socket.gaierror:
        return None, f"cannot find the mail server {settings.host!r}; {nothing}"
    except (OSError, smtplib.SMTPException) as exc:
        if _timed_out(exc):
            return None, silent
        reason = getattr(exc, "strerror", None) or _words(str(exc)) or type(exc).__name__
        return None, f"cannot reach {where} ({reason.lower()}); {nothing}"
    if settings.user and password:
        try:
            server.login(settings.user, password)
        except smtplib.SMTPAuthenticationError as exc:
            server.close()
            return None, _refused(where, settings.user, server.refused or exc)
        except smtplib.SMTPNotSupportedError:
            server.close()
            return None, (
                f"{where} does not accept a login on this connection (try --security "
                f"starttls or tls); {nothing}"
            )
        except (OSError, smtplib.SMTPException) as exc:
            server.close()
            if server.refused is not None:  # refused, then hung up on the next try
                return None, _refused(where, settings.user, server.refused)
            if _timed_out(exc):
                return None, silent
            return None, f"{where} failed during login ({_words(str(exc))}); {nothing}"
    return server, None


def _reset(server: smtplib.SMTP) -> None:
    """Clear a refused transaction. A server that went away meanwhile is not a fault here:
    the next message finds it gone and says so; what was accepted stays accepted."""
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.rset()


def deliver(
    settings: SmtpSettings,
    password: str | None,
    envelope_from: str,
    messages: Sequence[tuple[T, EmailMessage, str]],
    *,
    wait: float = DEFAULT_WAIT,
) -> Delivery[T]:
    """Send each (item, message, recipient) over one connection, waiting at most ``wait``
    seconds for each answer; never raises for the server's faults, which land in the
    result."""
    result: Delivery[T] = Delivery()
    if not messages:
        return result
    server, fault = _open(settings, password, wait)
    if server is None:
        result.fault = fault
        return result
    where = f"the mail server {settings.where}"
    try:
        for index, (item, message, recipient) in enumerate(messages):
            try:
                server.send_message(message, from_addr=envelope_from, to_addrs=[recipient])
            except smtplib.SMTPRecipientsRefused as exc:
                code, reply = exc.recipients.get(recipient, (0, b"refused"))
                result.refused.append((item, f"{code} {_words(reply)}"))
                _reset(server)
            except smtplib.SMTPDataError as exc:
                result.refused.append((item, f"{exc.smtp_code} {_words(exc.smtp_error)}"))
                _reset(server)
            except smtplib.SMTPSenderRefused as exc:
                result.fault = (
                    f"{where} refused the sender {envelope_from} ({exc.smtp_code} "
                    f"{_words(exc.smtp_error)}); set it with `copkit config smtp --sender`"
                )
                return result
            except (OSError, smtplib.SMTPException) as exc:
                left = len(messages) - index
                why = (
                    f"does not answer (waited {wait:g} s)"
                    if _timed_out(exc)
                    else f"stopped answering ({_words(str(exc)) or type(exc).__name__})"
                )
                result.fault = f"{where} {why}; not sent: {left} of {len(messages)}"
                return result
            else:
                result.accepted.append(item)
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return result


def write_outbox(folder: Path, messages: Sequence[tuple[str, EmailMessage]]) -> list[Path]:
    """A dry run: each message as ``NNN-recipient.eml`` in ``folder`` (mode 0600: they name
    people), exactly the bytes that would be sent. Returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (recipient, message) in enumerate(messages, start=1):
        safe = recipient.replace("/", "_").replace("\\", "_")  # an address may hold either
        path = folder / f"{number:03d}-{safe}.eml"
        atomic_write(path, message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        written.append(path)
    return written
