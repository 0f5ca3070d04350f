"""Time `member import` and `member list` as a spreadsheet of people grows (issue: linear time).

    python benchmarks/bench_import.py            # 2,000, 10,000 and 50,000 rows
    python benchmarks/bench_import.py 2000 5000  # other sizes

Goal: 50,000 rows imported in under 5 s and listed in under 2 s, with the time per row flat
from 2,000 to 50,000 (a rising time per row is the sign of a quadratic part coming back). Each
figure is the real `copkit` command in a fresh process, Python start-up included, as a gardener
would feel it (wall), and the CPU time it used: the import once into a fresh community (it holds
the write lock all along), the listings best of a few runs. The time per row leaves out the
start-up (`member list` of the empty community), which a small file would otherwise be all of.
The CSV export is timed too, and read back by a second import: the round trip, at scale.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from large import ORGS  # noqa: E402

from copkit.records.csvimport import HEADER  # noqa: E402

SIZES = (2_000, 10_000, 50_000)
LIST_RUNS = 3
IMPORT_GOAL = 5.0
LIST_GOAL = 2.0
LEVELS = ("core", "active", "peripheral", "peripheral", "peripheral")


def people_csv(rows: int) -> str:
    """A spreadsheet export of ``rows`` distinct people, in the documented header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(rows):
        writer.writerow(
            [
                f"Person {i:05d}, {ORGS[i % len(ORGS)].split()[0]}",
                f"person{i}@example.org",
                ORGS[i % len(ORGS)],
                "Social worker",
                LEVELS[i % len(LEVELS)],
                "yes" if i % 17 == 0 else "no",
                f"supervision;topic {i % 12}",
                f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
            ]
        )
    return buffer.getvalue()


class Timing(NamedTuple):
    """Wall time as a gardener waits for it; CPU time, what the command itself cost (on a
    busy machine the wall time also holds other programs' turns)."""

    wall: float
    cpu: float


def timed(args: list[str], env: dict[str, str], runs: int = 1) -> Timing:
    """The fastest of ``runs`` runs of a command in a fresh process."""
    timings = []
    for _ in range(runs):
        cpu_before = _children_cpu()
        begin = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        timings.append(Timing(time.perf_counter() - begin, _children_cpu() - cpu_before))
    return min(timings)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def quietly(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)


def measure(rows: int) -> dict[str, Timing]:
    """Import ``rows`` people into a fresh community, list them, export and re-import them."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = os.environ | {"COPKIT_HOME": str(home / "home")}
        copkit = [sys.executable, "-m", "copkit"]
        quietly([*copkit, "init", "Bench CoP", "--domain", "Benchmarks"], env)
        source = home / "people.csv"
        source.write_text(people_csv(rows), encoding="utf-8")
        start_up = timed([*copkit, "member", "list"], env, LIST_RUNS)
        figures = {"start-up": start_up}
        figures["import"] = timed([*copkit, "member", "import", str(source)], env)
        for label, extra in (("list", []), ("list --json", ["--json"]), ("list --csv", ["--csv"])):
            figures[label] = timed([*copkit, "member", "list", *extra], env, LIST_RUNS)
        exported = home / "exported.csv"
        quietly([*copkit, "member", "list", "--csv", "-o", str(exported)], env)
        env["COPKIT_HOME"] = str(home / "again")
        quietly([*copkit, "init", "Again CoP", "--domain", "Benchmarks"], env)
        figures["import of the export"] = timed([*copkit, "member", "import", str(exported)], env)
        return figures


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or list(SIZES)
    print(f"{'rows':>7}  {'command':<22} {'wall s':>7} {'cpu s':>7} {'µs/row':>7}")
    for rows in sizes:
        figures = measure(rows)
        start_up = figures.pop("start-up").wall
        print(f"{rows:>7,}  {'(start-up)':<22} {start_up:7.2f}")
        for label, (wall, cpu) in figures.items():
            goal = IMPORT_GOAL if "import" in label else LIST_GOAL
            verdict = "" if rows < 50_000 else ("ok" if wall < goal else "over the goal")
            per_row = (wall - start_up) / rows * 1e6
            print(f"{rows:>7,}  {label:<22} {wall:7.2f} {cpu:7.2f} {per_row:7.1f}  {verdict}")


if __name__ == "__main__":
    main()
