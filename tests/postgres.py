"""A real, throwaway PostgreSQL cluster for the tests of a database home (issue 20).

The server comes from the machine's PostgreSQL (`apt-get install -y postgresql` on Debian:
binaries in /usr/lib/postgresql/N/bin). `initdb` refuses to run as root, so as root the cluster
is made and run as the `postgres` system user (`runuser -u postgres --`) in a temporary folder
that user owns; otherwise as the user running the tests. It listens on a free loopback port
(and a unix socket in its folder only), trusts local logins, and is stopped and removed when
the session ends. A test run killed midway (SIGKILL, a CI timeout) runs no ``finally``, so a
watchdog process (:data:`WATCHDOG`, in its own session) stops and removes the cluster as soon as
the process that started it is gone: no orphan server is left running. When it cannot be
started, :func:`start` raises :class:`Unavailable` with the reason, and the tests that need it
skip saying so (unless ``COPKIT_REQUIRE_POSTGRES`` is set, as in CI, where they fail).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "copkit_test"


class Unavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _bin_dir() -> Path:
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if not found:
        raise Unavailable("PostgreSQL is not installed (apt-get install -y postgresql)")
    return Path(found[-1]).parent


def _version_key(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def outside_address() -> str | None:
    """This machine's own address on its network (not loopback), if it has one: where a test
    reaches the cluster as a client on another machine would. Nothing is sent (a UDP socket
    only chooses its route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, only routed
        except OSError:
            return None
        address = str(sock.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class Cluster:
    """A running cluster: ``url(database)`` for a libpq URL, ``new_database()`` for a fresh one.

    ``outside``: the machine's network address the cluster also listens on (trusting only
    connections from that same address), or None; ``tls``: whether it offers TLS (a
    self-signed certificate made with openssl)."""

    def __init__(
        self,
        folder: Path,
        port: int,
        runas: list[str],
        outside: str | None = None,
        tls: bool = False,
    ) -> None:
        self.folder = folder
        self.port = port
        self.runas = runas
        self.outside = outside
        self.tls = tls

    def url(self, database: str = "postgres", user: str = SUPERUSER, host: str = "") -> str:
        return f"postgresql://{user}@{host or '127.0.0.1'}:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database; its libpq URL."""
        import psycopg

        name = f"copkit_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


#: Run as ``python -c WATCHDOG PID FOLDER PG_CTL_STOP...``: waits for process PID to end (or
#: to be a zombie nobody reaped), then stops the cluster and removes its folder.
WATCHDOG = r"""
import os, shutil, subprocess, sys, time
parent, folder, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
def alive():
    try:
        with open(f"/proc/{parent}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
while alive():
    time.sleep(0.5)
subprocess.run(stop, capture_output=True, timeout=60)
shutil.rmtree(folder, ignore_errors=True)
"""


def _watch(folder: Path, stop: list[str]) -> subprocess.Popen[bytes]:
    """Start the watchdog for this process's cluster (see :data:`WATCHDOG`)."""
    return subprocess.Popen(
        [sys.executable, "-c", WATCHDOG, str(os.getpid()), str(folder), *stop],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not stopped with the test run's process group
    )


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Unavailable(f"{what} failed: {(done.stderr or done.stdout).strip()[-400:]}")


def _certificate(runas: list[str], data: Path) -> bool:
    """A self-signed certificate for the cluster (server.crt and server.key in its data
    folder, where ``ssl=on`` looks); False if openssl cannot make one."""
    if shutil.which("openssl") is None:
        return False
    made = subprocess.run(
        [
            *runas,
            "openssl",
            "req",
            "-new",
            "-x509",
            "-days",
            "2",
            "-nodes",
            "-subj",
            "/CN=copkit-test",
            "-keyout",
            str(data / "server.key"),
            "-out",
            str(data / "server.crt"),
        ],
        capture_output=True,
        timeout=60,
    )
    if made.returncode != 0:
        return False
    os.chmod(data / "server.key", 0o600)  # the server refuses a key others may read
    return True


@contextlib.contextmanager
def start() -> Iterator[Cluster]:
    """Start a cluster for as long as the block runs; raise :class:`Unavailable` if it cannot."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise Unavailable('psycopg is not installed (pip install -e ".[test]")') from None
    bin_dir = _bin_dir()
    runas: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="copkit-pg-"))
    try:
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root and there is no postgres user") from None
            os.chown(folder, user.pw_uid, user.pw_gid)
            runas = ["runuser", "-u", "postgres", "--"]
        data = folder / "data"
        _run(
            [
                *runas,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            "initdb",
        )
        outside = outside_address()
        if outside:  # trusted only from this machine's own address, as 127.0.0.1 is
            with open(data / "pg_hba.conf", "a", encoding="utf-8") as hba:
                hba.write(f"host all all {outside}/32 trust\n")
        tls = _certificate(runas, data)
        port = _free_port()
        listen = f"127.0.0.1,{outside}" if outside else "127.0.0.1"
        options = (
            f"-c listen_addresses={listen} -p {port} -c unix_socket_directories={folder} "
            + ("-c ssl=on " if tls else "")
            + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        _run(
            [
                *runas,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        stop = [*runas, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        watchdog = _watch(folder, stop)
        try:
            yield Cluster(folder, port, runas, outside, tls)
        finally:
            subprocess.run(stop, capture_output=True, timeout=60)
            watchdog.kill()  # this run stopped its cluster itself
            watchdog.wait(timeout=60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
