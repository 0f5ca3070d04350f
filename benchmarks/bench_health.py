"""Time the health check on a large community (issue 5's speed goal: under 0.3 s).

    python benchmarks/bench_health.py

The community is the core benchmark's: 300 members, five years of fortnightly meetings, built
through the core API. Figures: the check itself in-process (best of several runs; it includes
the second check one quarter earlier that gives each principle its movement), the snapshot
read from the file, and the whole `copkit health --format json` command in a fresh process.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from large import best_of, build_large_community  # noqa: E402

from copkit import records  # noqa: E402
from copkit.health import check  # noqa: E402
from copkit.storage.store import Store  # noqa: E402

RUNS = 7
AS_OF = dt.date(2026, 11, 25)
GOAL = 0.3


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        begin = time.perf_counter()
        path = build_large_community(home / "large.json")
        print(f"built 300 members, 5 years fortnightly in {time.perf_counter() - begin:.2f} s")

        def read() -> records.CommunityData:
            with Store(path).read() as session:
                return records.snapshot(session)

        data = read()
        print(f"{len(data.members)} members, {len(data.meetings)} meetings")
        figures = {
            "read the file": best_of(read, RUNS),
            "health check (in-process)": best_of(lambda: check(data, AS_OF), RUNS),
        }
        env = os.environ | {"COPKIT_HOME": str(home)}
        command = [sys.executable, "-m", "copkit", "health", "--format", "json"]
        figures["copkit health --format json"] = best_of(
            lambda: subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL), 3
        )
        for name, seconds in figures.items():
            verdict = "ok" if seconds < GOAL else f"over the {GOAL} s goal"
            print(f"{name:<30} {seconds * 1000:7.0f} ms  ({verdict})")
        report = check(data, AS_OF)
        print(
            f"stage: {report.stage}; " + ", ".join(f"{f.key} {f.signal}" for f in report.findings)
        )


if __name__ == "__main__":
    main()
