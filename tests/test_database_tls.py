"""A database home on another machine reached without TLS is said once, on stderr (issue 20).

The throwaway cluster (tests/postgres.py) also listens on this machine's own network address,
where a client reaches it as one on another machine would, and offers TLS with a self-signed
certificate."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner, Result

from copkit.cli import cli

WARNING = "was reached without TLS"


def copkit(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--home", url, *args])
    assert result.exit_code == 0, (args, result.output)
    return result


def outside(pg_cluster: Any, pg_home: str, sslmode: str) -> str:
    if pg_cluster.outside is None:
        pytest.skip("this machine has no network address besides loopback")
    database = pg_home.rsplit("/", 1)[1]
    return f"{pg_cluster.url(database, host=pg_cluster.outside)}?sslmode={sslmode}"


@pytest.mark.parametrize("sslmode", ["disable", "allow"])
def test_another_machine_without_tls_is_warned_of_once(
    pg_cluster: Any, pg_home: str, sslmode: str
) -> None:
    url = outside(pg_cluster, pg_home, sslmode)
    started = copkit(url, "init", "Test CoP", "--domain", "Supervision")
    assert started.stderr.count(WARNING) == 1
    assert started.stderr.startswith(f"Warning: postgresql://copkit_test@{pg_cluster.outside}:")
    assert started.stdout.startswith("Started")  # the product is left clean
    listed = copkit(url, "member", "list", "--json")  # several connections, one warning
    assert listed.stderr.count(WARNING) == 1 and listed.stdout == "[]\n"


def test_tls_or_this_machine_is_not_warned_of(pg_cluster: Any, pg_home: str) -> None:
    assert pg_cluster.tls, "the test cluster offers TLS (openssl made its certificate)"
    for url in (outside(pg_cluster, pg_home, "prefer"), outside(pg_cluster, pg_home, "require")):
        assert WARNING not in copkit(url, "communities").stderr
    assert WARNING not in copkit(pg_home + "?sslmode=disable", "communities").stderr
    local = pg_home.replace("127.0.0.1", "localhost") + "?sslmode=disable"
    assert WARNING not in copkit(local, "communities").stderr
