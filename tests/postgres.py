"""A real, throwaway PostgreSQL cluster for the tests of a database home (issue 20).

The server comes from the machine's PostgreSQL (`apt-get install -y postgresql` on Debian:
binaries in /usr/lib/postgresql/N/bin). `initdb` refuses to run as root, so as root the cluster
is made and run as the `postgres` system user (`runuser -u postgres --`) in a temporary folder
that user owns; otherwise as the user running the tests. It listens on a free loopback port
(and a unix socket in its folder only), trusts local logins, and is stopped and removed when
the session ends. When it cannot be started, :func:`start` raises :class:`Unavailable` with the
reason, and the tests that need it skip saying so (unless ``COPKIT_REQUIRE_POSTGRES`` is set,
as in CI, where they fail).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
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


class Cluster:
    """A running cluster: ``url(database)`` for a libpq URL, ``new_database()`` for a fresh one."""

    def __init__(self, folder: Path, port: int, runas: list[str]) -> None:
        self.folder = folder
        self.port = port
        self.runas = runas

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new, empty database; its libpq URL."""
        import psycopg

        name = f"copkit_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Unavailable(f"{what} failed: {(done.stderr or done.stdout).strip()[-400:]}")


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
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
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
        try:
            yield Cluster(folder, port, runas)
        finally:
            subprocess.run(
                [*runas, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
