"""Real servers for the tests and benchmarks of invites by email and published calendars.

* :class:`MailServer`: an aiosmtpd SMTP server in this process on a free port of 127.0.0.1, in
  plain, STARTTLS or implicit TLS mode, with an optional login and recipients it refuses; it
  keeps every message it accepted, with its envelope.
* :class:`CalendarServer`: Radicale in a subprocess on a free port, storing into a temporary
  folder, no authentication.
* :class:`SilentServer`: takes connections on a free port and never says a word (a server that
  hangs), until it hangs up on them.
* :func:`certificate`: a self-signed authority and a server certificate for 127.0.0.1
  (trustme); its CA file is given to copkit through ``SSL_CERT_FILE``, the way an in-house CA
  is trusted in real life.

Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    envelope_from: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class _Handler:
    refuse: set[str] = field(default_factory=set)
    drop: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    #: While set, each message waits at DATA until it is cleared (a slow server).
    hold: threading.Event | None = None
    holding: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: E501
        if address.lower() in self.drop:
            # refuse, then hang up once the reply is written (a server going away mid-run)
            asyncio.get_running_loop().call_soon(server.transport.close)
            return "550 5.1.1 mailbox unavailable"
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold is not None:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.hold.wait, 60)
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message)  # type: ignore[arg-type]
        )
        return "250 Message accepted"


@dataclass
class Certificate:
    ca_file: Path
    server_context: ssl.SSLContext


def certificate(folder: Path) -> Certificate:
    import trustme

    authority = trustme.CA()
    issued = authority.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    issued.configure_cert(context)
    ca_file = folder / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    return Certificate(ca_file, context)


class MailServer:
    """An SMTP server on 127.0.0.1 for one test; use as a context manager."""

    def __init__(
        self,
        *,
        mode: str = "none",
        cert: Certificate | None = None,
        login: tuple[str, str] | None = None,
        hang_up_on_refusal: bool = False,
        refuse: set[str] | None = None,
        drop: set[str] | None = None,
        hold: threading.Event | None = None,
    ) -> None:
        self.port = free_port()
        self.handler = _Handler(
            refuse={a.lower() for a in refuse or set()},
            drop={a.lower() for a in drop or set()},
            hold=hold,
        )
        kwargs: dict[str, Any] = {}
        if mode == "starttls":
            assert cert is not None
            kwargs.update(tls_context=cert.server_context, require_starttls=True)
        elif mode == "tls":
            assert cert is not None
            kwargs.update(ssl_context=cert.server_context, auth_require_tls=False)
        if login is not None:
            expected = login

            def check(
                server: Any, session: Any, envelope: Any, mechanism: str, data: Any
            ) -> AuthResult:  # noqa: E501
                ok = (
                    isinstance(data, LoginPassword)
                    and (
                        data.login.decode(),
                        data.password.decode(),
                    )
                    == expected
                )
                if not ok and hang_up_on_refusal:  # refuse, then hang up (as some servers do)
                    asyncio.get_running_loop().call_soon(server.transport.close)
                return AuthResult(success=ok, handled=False)

            kwargs.update(authenticator=check, auth_required=True)
            if mode == "none":
                kwargs.update(auth_require_tls=False)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


class CalendarServer:
    """Radicale on 127.0.0.1 with its storage in ``folder``; use as a context manager."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> CalendarServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "radicale.conf"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\ntype = none\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[logging]\nlevel = warning\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return self
            if self.process.poll() is not None:
                errors = self.process.stderr.read() if self.process.stderr else b""
                raise RuntimeError(errors.decode())
            time.sleep(0.05)
        raise RuntimeError("Radicale did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class SilentServer:
    """Takes every connection on 127.0.0.1 and never answers; ``accepted`` is set once one
    came in. Leaving the ``with`` hangs up on them all."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._take, daemon=True)

    def _take(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                self.connections.append(connection)
                self.accepted.set()

    def __enter__(self) -> SilentServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for connection in [*self.connections, self.listener]:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.thread.join(timeout=5)


@contextlib.contextmanager
def mail_server(**kwargs: Any) -> Iterator[MailServer]:
    with MailServer(**kwargs) as server:
        yield server
