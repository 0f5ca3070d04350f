"""Start-up against a yardstick: each command's time as a ratio of `khal --help` (issue 10).

    python benchmarks/bench_startup.py

Absolute start-up times depend on the machine, so each figure is divided by the time of
`khal --help` (a click-based terminal calendar, installed with the test extras) measured in
the same run, on the same machine, the same way: the best of several runs of the console script
in a fresh process, the commands taking turns. The goal is at most 0.35 for help, a usage error
and `health --format json` on the large community (300 members, five years of fortnightly
meetings; issue 18, from 0.5).

On a busy machine the best wall time swings with the load; each command's CPU time (its
process's user and system time, best of the runs) swings less and is printed beside it, as a
ratio to khal's CPU time taken the same way. Judge a change by both.

Both programs run with their bytecode cached, as after any install (pip compiles it; an
editable install writes it on first run): PYTHONDONTWRITEBYTECODE is dropped and the cache goes
to a temporary PYTHONPYCACHEPREFIX, so the checkout is left as it was and the first, compiling,
run of each command never counts towards its best time.

copkit runs from a regular, non-editable install, as a gardener installing the package has it
(khal is one too): the benchmark makes a throw-away venv, lays the working tree's package out in
its site-packages as a wheel install does, with the console script pip writes, and reaches the
dependencies through a path to this environment's site-packages. An editable install pays for
its import finder on every start (about 10 ms) and a user's install does not; the editable
console script is timed beside it, for reference, not against the goal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import build_large_community  # noqa: E402

RUNS = 15
GOAL = 0.35
YARDSTICK = "khal --help (the yardstick)"
EDITABLE = "health --format json (editable)"
CHECKOUT = Path(__file__).resolve().parents[1]
#: What pip writes as a console script (khal's is the same).
CONSOLE_SCRIPT = """#!{python}
# -*- coding: utf-8 -*-
import re
import sys
from copkit.cli import main
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit(main())
"""


def script(name: str) -> list[str]:
    """The console script installed beside this Python, as a shell would run it."""
    path = Path(sys.executable).parent / name
    if not path.is_file():
        sys.exit(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return [str(path)]


def regular_install(folder: Path) -> list[str]:
    """copkit's console script in a new venv holding the package as a wheel install lays it out
    (no editable finder); its dependencies are this environment's, reached by a path (whose own
    .pth files, the editable finder among them, are not run)."""
    venv.create(folder, symlinks=True, with_pip=False)
    paths = {"base": str(folder), "platbase": str(folder)}
    site = Path(sysconfig.get_path("purelib", vars=paths))
    (site / "_copkit_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(CHECKOUT / "copkit", site / "copkit", ignore=ignore)
    console = Path(sysconfig.get_path("scripts", vars=paths)) / "copkit"
    console.write_text(CONSOLE_SCRIPT.format(python=folder / "bin" / "python"))
    console.chmod(0o755)
    return [str(console)]


def run_once(args: list[str], env: dict[str, str], status: int) -> tuple[float, float]:
    """Wall time and CPU time (user and system) of a whole command in a fresh process, which
    must end with ``status``."""
    begin = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, code, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - begin
    returncode = os.waitstatus_to_exitcode(code)
    if returncode != status:
        raise SystemExit(f"{' '.join(args)} exited {returncode}, expected {status}")
    return elapsed, usage.ru_utime + usage.ru_stime


def best_times(
    commands: dict[str, tuple[list[str], int]], env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Each command's best wall time and best CPU time, the commands taking turns round after
    round: a busy moment on the machine then slows the yardstick as much as what is measured
    against it."""
    best = dict.fromkeys(commands, (float("inf"), float("inf")))
    for _ in range(RUNS):
        for name, (args, status) in commands.items():
            wall, cpu = run_once(args, env, status)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        begin = time.perf_counter()
        build_large_community(home / "large.json")
        print(f"built 300 members, 5 years fortnightly in {time.perf_counter() - begin:.2f} s")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"COPKIT_HOME": str(home), "PYTHONPYCACHEPREFIX": str(home / "pycache")}
        copkit = regular_install(home / "venv")
        print("copkit: a regular (non-editable) install of the working tree in a temporary venv")
        figures = best_times(
            {
                YARDSTICK: ([*script("khal"), "--help"], 0),
                "copkit --help": ([*copkit, "--help"], 0),
                "copkit memebr (usage error)": ([*copkit, "memebr"], 2),
                "copkit member --help": ([*copkit, "member", "--help"], 0),
                "health --format json": ([*copkit, "health", "--format", "json"], 0),
                "health --format markdown": ([*copkit, "health", "--format", "markdown"], 0),
                EDITABLE: ([*script("copkit"), "health", "--format", "json"], 0),
            },
            env,
        )
        khal, khal_cpu = figures.pop(YARDSTICK)
        print(f"{YARDSTICK:<30} {khal * 1000:7.0f} ms  (CPU {khal_cpu * 1000:4.0f} ms)")
        for name, (seconds, cpu) in figures.items():
            ratio = seconds / khal
            verdict = "ok" if ratio <= GOAL else f"over the {GOAL} goal"
            verdict = "for reference" if name == EDITABLE else verdict
            print(
                f"{name:<30} {seconds * 1000:7.0f} ms  {ratio:5.2f} x khal  "
                f"(CPU {cpu * 1000:4.0f} ms, {cpu / khal_cpu:4.2f} x)  ({verdict})"
            )


if __name__ == "__main__":
    main()
