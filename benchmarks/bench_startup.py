"""Start-up against a yardstick: each command's time as a ratio of `khal --help` (issue 10).

    python benchmarks/bench_startup.py

Absolute start-up times depend on the machine, so each figure is divided by the time of
`khal --help` (a click-based terminal calendar, installed with the test extras) measured in
the same run, on the same machine, the same way: the best of several runs of the console script
in a fresh process, the commands taking turns. The goal is at most 0.5 for help, a usage error
and `health --format json` on the large community (300 members, five years of fortnightly
meetings).

Both programs run with their bytecode cached, as after any install (pip compiles it; an
editable install writes it on first run): PYTHONDONTWRITEBYTECODE is dropped and the cache goes
to a temporary PYTHONPYCACHEPREFIX, so the checkout is left as it was and the first, compiling,
run of each command never counts towards its best time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import build_large_community  # noqa: E402

RUNS = 15
GOAL = 0.5
YARDSTICK = "khal --help (the yardstick)"


def script(name: str) -> list[str]:
    """The console script installed beside this Python, as a shell would run it."""
    path = Path(sys.executable).parent / name
    if not path.is_file():
        sys.exit(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return [str(path)]


def run_once(args: list[str], env: dict[str, str], status: int) -> float:
    """Wall time of a whole command in a fresh process, which must end with ``status``."""
    begin = time.perf_counter()
    done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - begin
    if done.returncode != status:
        raise SystemExit(f"{' '.join(args)} exited {done.returncode}, expected {status}")
    return elapsed


def best_times(commands: dict[str, tuple[list[str], int]], env: dict[str, str]) -> dict[str, float]:
    """Each command's best time, the commands taking turns round after round: a busy moment on
    the machine then slows the yardstick as much as what is measured against it."""
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(RUNS):
        for name, (args, status) in commands.items():
            best[name] = min(best[name], run_once(args, env, status))
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        begin = time.perf_counter()
        build_large_community(home / "large.json")
        print(f"built 300 members, 5 years fortnightly in {time.perf_counter() - begin:.2f} s")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"COPKIT_HOME": str(home), "PYTHONPYCACHEPREFIX": str(home / "pycache")}
        copkit = script("copkit")
        figures = best_times(
            {
                YARDSTICK: ([*script("khal"), "--help"], 0),
                "copkit --help": ([*copkit, "--help"], 0),
                "copkit memebr (usage error)": ([*copkit, "memebr"], 2),
                "copkit member --help": ([*copkit, "member", "--help"], 0),
                "health --format json": ([*copkit, "health", "--format", "json"], 0),
                "health --format markdown": ([*copkit, "health", "--format", "markdown"], 0),
            },
            env,
        )
        khal = figures.pop(YARDSTICK)
        print(f"{YARDSTICK:<30} {khal * 1000:7.0f} ms")
        for name, seconds in figures.items():
            ratio = seconds / khal
            verdict = "ok" if ratio <= GOAL else f"over the {GOAL} goal"
            print(f"{name:<30} {seconds * 1000:7.0f} ms  {ratio:5.2f} x khal  ({verdict})")


if __name__ == "__main__":
    main()
