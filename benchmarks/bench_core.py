"""Time the everyday commands on a large community (issue 3's speed goal: well under 0.3 s).

    python benchmarks/bench_core.py

Each figure is the best of several runs of the real `copkit` command in a fresh process, so
it includes Python start-up and imports, as a gardener at the terminal would feel it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import best_of, build_large_community  # noqa: E402

RUNS = 5


def command_time(args: list[str], env: dict[str, str]) -> float:
    """Best-of wall time of a whole command in a fresh process."""
    return best_of(
        lambda: subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL), RUNS
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        begin = time.perf_counter()
        path = build_large_community(home / "large.json")
        built = time.perf_counter() - begin
        env = os.environ | {"COPKIT_HOME": str(home)}
        copkit = [sys.executable, "-m", "copkit"]
        size = path.stat().st_size / 1024
        print(f"built 300 members, 5 years fortnightly in {built:.2f} s ({size:.0f} KiB on disk)")
        figures = {
            "copkit --help": command_time([*copkit, "--help"], env),
            "member list --json": command_time([*copkit, "member", "list", "--json"], env),
            "member list (table)": command_time([*copkit, "member", "list"], env),
        }
        times = []
        for day in range(RUNS):
            begin = time.perf_counter()
            subprocess.run(
                [
                    *copkit,
                    "meeting",
                    "record",
                    "--space",
                    "Cafe",
                    "--on",
                    f"2026-11-{day + 1:02d}T12:00",
                    "--attended",
                    "m1@example.org,m2@example.org",
                    "--topic",
                    "Benchmarks",
                    "--proposed-by",
                    "Member 3",
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - begin)
        figures["meeting record"] = min(times)
        for name, seconds in figures.items():
            verdict = "ok" if seconds < 0.3 else "over the 0.3 s goal"
            print(f"{name:<22} {seconds * 1000:7.0f} ms  ({verdict})")


if __name__ == "__main__":
    main()
