"""A national body's home: 300 communities, 30,000 members, several years of meetings.

    python benchmarks/national.py [--communities 300] [--members 30000]

Prints the time and peak memory of `overview`, of `health` on the largest community and of
`member add` into it, and the size on disk. Goals (issue 7): overview under 5 s and 500 MiB;
any single-community command under 0.3 s. Each command runs as a real `copkit` process.
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


def measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of a command and the processes it waited on."""
    begin = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - begin
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communities", type=int, default=300)
    parser.add_argument("--members", type=int, default=30_000)
    parser.add_argument("--years", type=int, default=3)
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
        runs = {
            "overview": ([*copkit, "overview"], 5.0, 500),
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
            "overview --json": ([*copkit, "overview", "--json"], 5.0, 500),
        }
        for name, (args, seconds_goal, memory_goal) in runs.items():
            seconds, mib = measure(args, env)
            goals = [f"goal {seconds_goal:g} s" + (f", {memory_goal} MiB" if memory_goal else "")]
            met = seconds < seconds_goal and (memory_goal is None or mib < memory_goal)
            print(
                f"{name:<24} {seconds:6.2f} s  {mib:6.0f} MiB peak (largest process)  "
                f"({goals[0]}: {'met' if met else 'NOT met'})"
            )


if __name__ == "__main__":
    main()
