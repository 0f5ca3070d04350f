"""A test run killed midway leaves no PostgreSQL running (tests/postgres.py's watchdog): the
process that started a throwaway cluster is killed with SIGKILL, so none of its ``finally``
runs, and the cluster is stopped and its folder removed all the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

STARTER = """
import sys
sys.path.insert(0, sys.argv[1])
import postgres
with postgres.start() as cluster:
    print(cluster.port, cluster.folder, flush=True)
    sys.stdin.read()
"""


def test_a_run_killed_midway_leaves_no_cluster_running(pg_cluster: Any) -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(Path(__file__).parent)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert starter.stdout is not None
        port, folder = starter.stdout.readline().split()
        url = f"postgresql://copkit_test@127.0.0.1:{port}/postgres"
        with psycopg.connect(url) as conn:  # it runs
            assert conn.execute("SELECT 1").fetchone() == (1,)
        os.kill(starter.pid, signal.SIGKILL)
    finally:
        starter.kill()
        starter.wait()
    deadline = time.monotonic() + 60
    while Path(folder).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(folder).exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)
