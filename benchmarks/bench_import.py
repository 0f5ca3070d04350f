"""Time `member import` and `member list` as a spreadsheet of people grows (issue: linear time).

    python benchmarks/bench_import.py            # 2,000, 10,000 and 50,000 rows
    python benchmarks/bench_import.py 2000 5000  # other sizes

Goal: 50,000 rows imported in under 5 s and listed in under 2 s, with the time per row flat
from 2,000 to 50,000 (a rising time per row is the sign of a quadratic part coming back). Each
figure is the real `copkit` command in a fresh process, Python start-up included, as a gardener
would feel it: the import once into a fresh community (it holds the write lock all along), the
listings best of a few runs. The CSV export is listed too, and read back by a second import, so
the round trip is timed on the same people.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import ORGS, best_of  # noqa: E402

from copkit.csvimport import HEADER  # noqa: E402

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


def timed(args: list[str], env: dict[str, str]) -> float:
    begin = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - begin


def quietly(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)


def measure(rows: int) -> dict[str, float]:
    """Import ``rows`` people into a fresh community, list them, export and re-import them."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = os.environ | {"COPKIT_HOME": str(home / "home")}
        copkit = [sys.executable, "-m", "copkit"]
        quietly([*copkit, "init", "Bench CoP", "--domain", "Benchmarks"], env)
        source = home / "people.csv"
        source.write_text(people_csv(rows), encoding="utf-8")
        figures = {"import": timed([*copkit, "member", "import", str(source)], env)}
        for label, extra in (("list", []), ("list --json", ["--json"]), ("list --csv", ["--csv"])):
            figures[label] = best_of(
                lambda extra=extra: timed([*copkit, "member", "list", *extra], env), LIST_RUNS
            )
        exported = home / "exported.csv"
        quietly([*copkit, "member", "list", "--csv", "-o", str(exported)], env)
        env["COPKIT_HOME"] = str(home / "again")
        quietly([*copkit, "init", "Again CoP", "--domain", "Benchmarks"], env)
        figures["re-import of the export"] = timed(
            [*copkit, "member", "import", str(exported)], env
        )
        return figures


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or list(SIZES)
    print(f"{'rows':>7}  {'command':<26} {'seconds':>8}  {'per row':>9}")
    for rows in sizes:
        for label, seconds in measure(rows).items():
            goal = IMPORT_GOAL if "import" in label else LIST_GOAL
            verdict = "" if rows != 50_000 else ("ok" if seconds < goal else "over the goal")
            per_row = seconds / rows * 1e6
            print(f"{rows:>7,}  {label:<26} {seconds:8.2f}  {per_row:7.1f} µs  {verdict}")


if __name__ == "__main__":
    main()
