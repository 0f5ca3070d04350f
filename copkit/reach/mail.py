"""Handing messages to the organisation's mail server (SMTP), or to files for a dry run.

One connection carries every message of a run. Whatever goes wrong becomes one line a gardener
can act on (a server that is down, a certificate that does not match, a refused login, a
refused recipient), never a traceback, and :func:`deliver` always says which messages the
server accepted: only those are recorded as sent, so running the command again sends the rest.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Generic, TypeVar

import msgspec

from copkit.reach.settings import PASSWORD_ENV, SmtpSettings
from copkit.storage.fileio import atomic_write

__all__ = ["Delivery", "deliver", "write_outbox"]

T = TypeVar("T")

#: Seconds to wait for the server before saying it does not answer.
TIMEOUT = 30.0


class Delivery(msgspec.Struct, Generic[T]):
    """What happened to each message: accepted, refused (with the server's words), and the
    fault that stopped the run, if one did (then the messages after it were not tried)."""

    accepted: list[T] = msgspec.field(default_factory=list)
    refused: list[tuple[T, str]] = msgspec.field(default_factory=list)
    fault: str | None = None


def _words(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()  # honours SSL_CERT_FILE, for an in-house CA
    if settings.security == "tls":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=context)
    server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
    if settings.security == "starttls":
        server.ehlo()
        if not server.has_extn("starttls"):
            server.close()
            raise smtplib.SMTPNotSupportedError("STARTTLS")
        server.starttls(context=context)
        server.ehlo()
    return server


def _open(settings: SmtpSettings, password: str | None) -> tuple[smtplib.SMTP | None, str | None]:
    """A connected (and logged-in) server, or the one line that says why not."""
    where = f"the mail server {settings.where}"
    nothing = "nothing was sent"
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
        server = _connect(settings)
    except smtplib.SMTPNotSupportedError:
        return None, f"{where} does not offer STARTTLS; choose --security tls or none; {nothing}"
    except ssl.SSLError as exc:
        reason = getattr(exc, "verify_message", None) or exc.reason or exc
        return None, f"{where} could not be reached securely ({reason}); {nothing}"
    except TimeoutError:
        return None, f"{where} does not answer (waited {TIMEOUT:g}s); {nothing}"
    except socket.gaierror:
        return None, f"cannot find the mail server {settings.host!r}; {nothing}"
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or _words(str(exc)) or type(exc).__name__
        return None, f"cannot reach {where} ({reason.lower()}); {nothing}"
    if settings.user and password:
        try:
            server.login(settings.user, password)
        except smtplib.SMTPAuthenticationError as exc:
            server.close()
            return None, (
                f"{where} refused the login for {settings.user} ({exc.smtp_code} "
                f"{_words(exc.smtp_error)}); check the user and the password; {nothing}"
            )
        except smtplib.SMTPNotSupportedError:
            server.close()
            return None, (
                f"{where} does not accept a login on this connection (try --security "
                f"starttls or tls); {nothing}"
            )
        except (OSError, smtplib.SMTPException) as exc:
            server.close()
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
) -> Delivery[T]:
    """Send each (item, message, recipient) over one connection; never raises for the
    server's faults, which land in the result."""
    result: Delivery[T] = Delivery()
    if not messages:
        return result
    server, fault = _open(settings, password)
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
                result.fault = (
                    f"{where} stopped answering ({_words(str(exc)) or type(exc).__name__}); "
                    f"{left} message(s) were not sent"
                )
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
