"""Settings of the home that are not about one community: how copkit reaches a mail server.

A folder home keeps them in its ``config.json`` (beside ``current`` and ``backups``), under
``smtp``: host, port, security, user and sender. A database home is shared by a team, and the
SMTP login is one gardener's own, so for a database home they live on the gardener's machine,
in ``config.json`` of copkit's user configuration folder (``~/.config/copkit`` on Linux,
:func:`settings_path`), one set for every database home that gardener opens.

Never the password: a community file, an export or a backup is copied around and
``config.json`` sits next to them, so the password comes from the
environment (``COPKIT_SMTP_PASSWORD``, for scripts and CI) or the system keyring (``keyring``,
service ``copkit-smtp``, keyed by ``user@host``), looked up only when a message is sent.

A login over a connection nothing encrypts (``security`` none) sends the password as it was
typed (AUTH PLAIN and LOGIN are base64, not encryption), so it is allowed only to a relay on
this machine (:func:`is_loopback`): :func:`refuse_login_in_clear` says so when the settings are
saved, and :mod:`copkit.reach.mail` again before it connects.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any, Literal, cast

import msgspec
import orjson
from msgspec.structs import force_setattr

from copkit.errors import CopkitError, InputError
from copkit.model import check_email, check_text
from copkit.storage.fileio import atomic_write
from copkit.storage.home import Home, Place

__all__ = [
    "DEFAULT_WAIT",
    "KEYRING_SERVICE",
    "PASSWORD_ENV",
    "SECURITY",
    "WAIT_ENV",
    "SmtpSettings",
    "check_keyring",
    "is_loopback",
    "load_smtp",
    "refuse_login_in_clear",
    "restore_password",
    "save_smtp",
    "server_wait",
    "settings_path",
    "smtp_password",
    "store_password",
]

Security = Literal["starttls", "tls", "none"]
SECURITY: tuple[Security, ...] = ("starttls", "tls", "none")
#: The port each kind of security usually listens on (RFC 8314: 465 implicit TLS, 587 STARTTLS).
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "tls": 465, "none": 25}
PASSWORD_ENV = "COPKIT_SMTP_PASSWORD"
KEYRING_SERVICE = "copkit-smtp"
#: Seconds a mail or calendar server may keep silent before copkit says it does not answer;
#: ``$COPKIT_SERVER_TIMEOUT`` sets another (a slow server, or a test that should not wait).
DEFAULT_WAIT = 30.0
WAIT_ENV = "COPKIT_SERVER_TIMEOUT"


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

    @property
    def login_in_clear(self) -> bool:
        """A login with no encryption to another machine: the password would cross the
        network as it was typed."""
        return bool(self.user) and self.security == "none" and not is_loopback(self.host)


def is_loopback(host: str) -> bool:
    """This machine, whatever the network: 127.0.0.0/8, ::1 or the name localhost (not
    names that merely start or end with it)."""
    name = host.strip().rstrip(".").lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def refuse_login_in_clear(settings: SmtpSettings) -> None:
    """Refuse settings that would send the password in clear (see the module docstring)."""
    if settings.login_in_clear:
        raise CopkitError(
            f"a login with --security none would send the password for {settings.user} in "
            f"clear to {settings.host}; choose --security starttls or tls (a login without "
            "encryption is only for a mail relay on this machine: 127.0.0.0/8, ::1 or localhost)"
        )


def settings_path(home: Place) -> Path:
    """The file the mail settings of ``home`` live in: a folder home's ``config.json``, or,
    for a database home, this machine's copkit settings (the login is the gardener's own,
    the database everyone's: see the module docstring)."""
    if isinstance(home, Home):
        return home.config_path
    from platformdirs import user_config_path  # imported late: only a database home needs it

    return user_config_path("copkit", appauthor=False) / "config.json"


def _settings(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(path.read_bytes())
    except (FileNotFoundError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def load_smtp(home: Place) -> SmtpSettings | None:
    """The mail settings (see :func:`settings_path`), or None if none were made (or they are
    damaged: a hand-edited file gets a clear message when it is used)."""
    path = settings_path(home)
    raw = _settings(path).get("smtp")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise CopkitError(f"the smtp settings in {path} are damaged; set them again")
    try:
        return SmtpSettings(**cast(dict[str, Any], raw))
    except (TypeError, InputError) as exc:
        raise CopkitError(
            f"the smtp settings in {path} are damaged ({exc}); set them again with "
            "`copkit config smtp`"
        ) from None


def save_smtp(home: Place, settings: SmtpSettings) -> None:
    """Write the settings (see :func:`settings_path`), keeping what else that file holds;
    settings that would send the password in clear are refused."""
    refuse_login_in_clear(settings)
    path = settings_path(home)
    config: dict[str, Any] = _settings(path) | {"smtp": msgspec.structs.asdict(settings)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, orjson.dumps(config, option=orjson.OPT_INDENT_2))
    except OSError as exc:
        raise CopkitError(
            f"cannot write {path} ({exc.strerror or exc}); it was left as it was"
        ) from None


def server_wait() -> float:
    """How many seconds to wait for a server's answer: ``$COPKIT_SERVER_TIMEOUT``, else
    :data:`DEFAULT_WAIT`."""
    raw = os.environ.get(WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_WAIT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:  # NaN fails this too
        raise CopkitError(
            f"${WAIT_ENV} is how many seconds to wait for a server (such as 30), not {raw!r}"
        )
    return seconds


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


#: What to say when the keyring cannot be used: nothing was saved, and what works instead.
NO_KEYRING = (
    "this machine has no system keyring to keep the password in; nothing was saved. Set "
    f"{PASSWORD_ENV} when sending instead, and run this again without --password"
)


def check_keyring() -> None:
    """Refuse before a password is asked for when there is no keyring to keep it in (keyring
    falls back to a backend that fails every call)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        raise CopkitError(NO_KEYRING) from None
    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise CopkitError(NO_KEYRING)


def store_password(settings: SmtpSettings, password: str) -> str | None:
    """Keep the password in the system keyring (never in a file copkit writes); return the
    one it held before, for :func:`restore_password` if what goes with it cannot be saved."""
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        previous = keyring.get_password(KEYRING_SERVICE, settings.keyring_key)
        keyring.set_password(KEYRING_SERVICE, settings.keyring_key, password)
    except NoKeyringError:
        raise CopkitError(NO_KEYRING) from None
    except KeyringError as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise CopkitError(
            f"the system keyring cannot keep the password ({reason}); nothing was saved. Set "
            f"{PASSWORD_ENV} when sending instead, and run this again without --password"
        ) from None
    return previous


def restore_password(settings: SmtpSettings, previous: str | None) -> None:
    """Put back what the keyring held before :func:`store_password` (as far as it lets)."""
    import contextlib

    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        if previous is None:
            keyring.delete_password(KEYRING_SERVICE, settings.keyring_key)
        else:
            keyring.set_password(KEYRING_SERVICE, settings.keyring_key, previous)
