"""Start-up against a yardstick: each command's time as a ratio of `khal --help` (issue 10).

    python benchmarks/bench_startup.py

Absolute start-up times depend on the machine, so each figure is divided by the time of
`khal --help` (a click-based terminal calendar, installed with the test extras) measured in
the same run, on the same machine, the same way: the best of several runs of the console script
in a fresh process. The goal is at most 0.5 for help, a usage error and `health --format json`
on the large community (300 members, five years of fortnightly meetings).
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

RUNS = 15
GOAL = 0.5


def script(name: str) -> list[str]:
    """The console script installed beside this Python, as a shell would run it."""
    path = Path(sys.executable).parent / name
    if not path.is_file():
        sys.exit(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return [str(path)]


def command_time(args: list[str], env: dict[str, str], status: int = 0) -> float:
    """Best-of wall time of a whole command in a fresh process, which must end with ``status``."""

    def once() -> None:
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != status:
            raise SystemExit(f"{' '.join(args)} exited {done.returncode}, expected {status}")

    return best_of(once, RUNS)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        begin = time.perf_counter()
        build_large_community(home / "large.json")
        print(f"built 300 members, 5 years fortnightly in {time.perf_counter() - begin:.2f} s")
        env = os.environ | {"COPKIT_HOME": str(home)}
        copkit = script("copkit")
        khal = command_time([*script("khal"), "--help"], env)
        figures = {
            "copkit --help": command_time([*copkit, "--help"], env),
            "copkit memebr (usage error)": command_time([*copkit, "memebr"], env, status=2),
            "copkit member --help": command_time([*copkit, "member", "--help"], env),
            "health --format json": command_time([*copkit, "health", "--format", "json"], env),
            "health --format markdown": command_time(
                [*copkit, "health", "--format", "markdown"], env
            ),
        }
        print(f"{'khal --help (the yardstick)':<30} {khal * 1000:7.0f} ms")
        for name, seconds in figures.items():
            ratio = seconds / khal
            verdict = "ok" if ratio <= GOAL else f"over the {GOAL} goal"
            print(f"{name:<30} {seconds * 1000:7.0f} ms  {ratio:5.2f} x khal  ({verdict})")


if __name__ == "__main__":
    main()
