"""A national body's home: 300 communities, 30,000 members, several years of meetings.

    python benchmarks/national.py [--communities 300] [--members 30000]
    python benchmarks/national.py --database postgresql://amara@localhost/empty_db

Prints the time, CPU and peak memory of `overview`, of `health` on the largest community and
of `member add` into it, and the size on disk, with the machine's load average (the time of a
busy machine's run is read beside its CPU). Goals (issue 7): overview under 5 s and 500 MiB;
any single-community command under 0.3 s. Each command runs as a real `copkit` process.

The communities are built as files (no copkit write), so the first overview reads every one
in full and keeps its summary (``overview, first of the day``); from then on the overview reads
the summaries each write keeps, and its goal is under 1 s (issue 20).

With ``--database URL`` (an empty database; ``copkit home setup`` is run on it) the same home
is copied into PostgreSQL (`copkit home copy`) and the same commands run there too; the goal
for the overview of a database home (issue 20) is under 1 s, read from the summaries each
write keeps; ``overview, first of the day`` is the owner's overview after every summary was
made a day stale, so each community is read in full once.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import build_large_community  # noqa: E402


def community_sizes(count: int, total: int, seed: int = 3) -> list[int]:
    """Sizes from 8 to a few hundred, skewed like real networks, adding up to ``total``."""
    rng = random.Random(seed)
    weights = [rng.lognormvariate(0, 0.8) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [max(8, min(600, round(w * scale))) for w in weights]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time (s), CPU time (s, user and system) and peak resident memory (MiB) of a
    command and the processes it waited on (the overview's workers)."""
    begin = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - begin
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=300)
    parser.add_argument("--members", type=int, default=30_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database", help="also on this empty PostgreSQL database (a URL)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        sizes = community_sizes(options.communities, options.members)
        begin = time.perf_counter()
        for number, size in enumerate(sizes):
            build_large_community(
                home / f"cop-{number:03d}.json",
                members=size,
                years=options.years,
                slug=f"cop-{number:03d}",
                seed=number,
            )
        print(
            f"built {len(sizes)} communities, {sum(sizes)} members, {options.years} years of "
            f"fortnightly meetings in {time.perf_counter() - begin:.1f} s"
        )
        disk = sum(p.stat().st_size for p in home.glob("*.json")) / 2**20
        print(f"size on disk: {disk:.1f} MiB ({disk * 1024 / len(sizes):.0f} KiB a community)")
        largest = f"cop-{sizes.index(max(sizes)):03d}"
        env = os.environ | {"COPKIT_HOME": str(home)}
        copkit = [sys.executable, "-m", "copkit"]
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
        runs: dict[str, tuple[list[str], float, int | None]] = {
            "overview, first of the day": ([*copkit, "overview"], 5.0, 500),
            "overview": ([*copkit, "overview"], 1.0, 500),
            f"health ({max(sizes)} members)": ([*copkit, "-c", largest, "health"], 0.3, None),
            "member add": (
                [
                    *copkit,
                    "-c",
                    largest,
                    "member",
                    "add",
                    "New Person",
                    "--email",
                    "new.person@example.org",
                ],
                0.3,
                None,
            ),
            "overview --json": ([*copkit, "overview", "--json"], 1.0, 500),
        }
        report(runs, env)
        if options.database:
            on_database(options.database, home, largest, env, copkit)


def report(runs: dict[str, tuple[list[str], float, int | None]], env: dict[str, str]) -> None:
    for name, (args, seconds_goal, memory_goal) in runs.items():
        seconds, cpu, mib = measure(args, env)
        goals = [f"goal {seconds_goal:g} s" + (f", {memory_goal} MiB" if memory_goal else "")]
        met = seconds < seconds_goal and (memory_goal is None or mib < memory_goal)
        print(
            f"{name:<36} {seconds:6.2f} s  {cpu:6.2f} s CPU  {mib:6.0f} MiB peak (largest "
            f"process)  ({goals[0]}: {'met' if met else 'NOT met'})"
        )


def on_database(
    url: str, folder: Path, largest: str, env: dict[str, str], copkit: list[str]
) -> None:
    """The same home in PostgreSQL: set up, copied in, and the same commands timed."""
    subprocess.run([*copkit, "home", "setup", url], env=env, check=True, stdout=subprocess.DEVNULL)
    begin = time.perf_counter()
    subprocess.run(
        [*copkit, "home", "copy", str(folder), url, "--json"],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"copied into the database in {time.perf_counter() - begin:.1f} s")
    env = env | {"COPKIT_HOME": url}
    runs: dict[str, tuple[list[str], float, int | None]] = {
        "database: overview": ([*copkit, "overview"], 1.0, 500),
        "database: overview --json": ([*copkit, "overview", "--json"], 1.0, 500),
        "database: health": ([*copkit, "-c", largest, "health"], 0.45, None),
        "database: member add": (
            [
                *copkit,
                "-c",
                largest,
                "member",
                "add",
                "Newer Person",
                "--email",
                "newer.person@example.org",
            ],
            0.45,
            None,
        ),  # fmt: skip
    }
    report(runs, env)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:  # as if nobody wrote since yesterday
        conn.execute("UPDATE copkit_summaries SET day = day - 1")
    report({"database: overview, first of the day": ([*copkit, "overview"], 10.0, 500)}, env)
    report({"database: overview, then": ([*copkit, "overview"], 1.0, 500)}, env)


if __name__ == "__main__":
    main()
