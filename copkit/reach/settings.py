"""Settings of the home that are not about one community: how copkit reaches a mail server.

They live in the home's ``config.json`` (beside ``current`` and ``backups``), under ``smtp``:
host, port, security, user and sender. Never the password: a community file, an export or a
backup is copied around and ``config.json`` sits next to them, so the password comes from the
environment (``COPKIT_SMTP_PASSWORD``, for scripts and CI) or the system keyring (``keyring``,
service ``copkit-smtp``, keyed by ``user@host``), looked up only when a message is sent.
"""

from __future__ import annotations

import os
from typing import Any, Literal, cast

import msgspec
import orjson
from msgspec.structs import force_setattr

from copkit.errors import CopkitError, InputError
from copkit.model import check_email, check_text
from copkit.storage.fileio import atomic_write
from copkit.storage.home import Home

__all__ = [
    "KEYRING_SERVICE",
    "PASSWORD_ENV",
    "SECURITY",
    "SmtpSettings",
    "load_smtp",
    "save_smtp",
    "smtp_password",
    "store_password",
]

Security = Literal["starttls", "tls", "none"]
SECURITY: tuple[Security, ...] = ("starttls", "tls", "none")
#: The port each kind of security usually listens on (RFC 8314: 465 implicit TLS, 587 STARTTLS).
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "tls": 465, "none": 25}
PASSWORD_ENV = "COPKIT_SMTP_PASSWORD"
KEYRING_SERVICE = "copkit-smtp"


class SmtpSettings(msgspec.Struct, frozen=True):
    """How to reach the organisation's mail server. ``sender`` is the envelope sender; empty
    means the gardener's own address (the invite's organiser)."""

    host: str
    port: int
    security: Security = "starttls"
    user: str = ""
    sender: str = ""

    def __post_init__(self) -> None:
        host = check_text(self.host, "the mail server's host", limit=255)
        if any(c.isspace() or c in "/@" for c in host):
            raise InputError(f"{host!r} is not a host name (expected e.g. smtp.example.org)")
        force_setattr(self, "host", host)
        if not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise InputError(f"{self.port!r} is not a port (1 to 65535)")
        if self.security not in SECURITY:
            raise InputError(f"security is starttls, tls or none, not {self.security!r}")
        force_setattr(self, "user", check_text(self.user, "the user", required=False))
        if self.sender:
            force_setattr(self, "sender", check_email(self.sender))

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def keyring_key(self) -> str:
        return f"{self.user}@{self.host}"


def load_smtp(home: Home) -> SmtpSettings | None:
    """The mail settings in ``config.json``, or None if none were made (or they are damaged:
    a hand-edited file gets a clear message when it is used)."""
    raw = home.config().get("smtp")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise CopkitError(f"the smtp settings in {home.config_path} are damaged; set them again")
    try:
        return SmtpSettings(**cast(dict[str, Any], raw))
    except (TypeError, InputError) as exc:
        raise CopkitError(
            f"the smtp settings in {home.config_path} are damaged ({exc}); set them again with "
            "`copkit config smtp`"
        ) from None


def save_smtp(home: Home, settings: SmtpSettings) -> None:
    """Write the settings into ``config.json``, keeping what else it holds."""
    config: dict[str, Any] = dict(home.config()) | {"smtp": msgspec.structs.asdict(settings)}
    home.path.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(home.config_path, orjson.dumps(config, option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise CopkitError(
            f"cannot write {home.config_path} ({exc.strerror or exc}); it was left as it was"
        ) from None


def smtp_password(settings: SmtpSettings) -> str | None:
    """The password: ``$COPKIT_SMTP_PASSWORD``, else the system keyring, else None (a server
    that needs no login). A keyring that is missing or locked counts as no password."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not settings.user:
        return None
    try:
        import keyring  # imported late: it loads backends, and most commands never send mail
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, settings.keyring_key)
        except KeyringError:
            return None
    except ImportError:
        return None


def store_password(settings: SmtpSettings, password: str) -> None:
    """Keep the password in the system keyring (never in a file copkit writes)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, settings.keyring_key, password)
    except KeyringError as exc:
        raise CopkitError(
            f"the system keyring cannot keep the password ({exc}); set {PASSWORD_ENV} instead"
        ) from None
