"""Write one calendar invite per rhythm into a folder, for a cron job or a shared drive.

    python examples/write_invites.py invites/                  # the current community
    python examples/write_invites.py invites/ --home ~/cop --community riverside --method publish

Safe to run as often as you like: a file is rewritten only when its bytes would change, and the
bytes change only when the community's data did, because copkit stamps invites with the moment
the community file last changed rather than with the clock. A sync tool or a cron job therefore
sees no change at all until the gardener records one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from copkit import calendar, records
from copkit.errors import CopkitError
from copkit.fileio import atomic_write
from copkit.home import Home, default_home, slugify


def write_invites(
    folder: Path, *, home: Path | None = None, community: str | None = None, method: str = "REQUEST"
) -> dict[Path, bool]:
    """Write ``<rhythm-id>-<name>.ics`` per rhythm; return each file and whether it changed."""
    place = Home(home if home is not None else default_home())
    store = place.store_for(place.current(community))
    with store.read() as session:
        data = records.snapshot(session)
    stamp = calendar.last_changed(store)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, bool] = {}
    for rhythm in data.rhythms:
        ics = calendar.to_ics(calendar.series_invite(data, rhythm, method=method, now=stamp))
        path = folder / f"{rhythm.id}-{slugify(rhythm.name)}.ics"
        changed = not path.is_file() or path.read_bytes() != ics
        if changed:
            atomic_write(path, ics)
        written[path] = changed
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where the .ics files go")
    parser.add_argument("--home", type=Path, help="the copkit home (default: $COPKIT_HOME)")
    parser.add_argument("--community", help="community slug (default: the current one)")
    parser.add_argument("--method", choices=["request", "publish"], default="request")
    args = parser.parse_args(argv)
    try:
        written = write_invites(
            args.folder, home=args.home, community=args.community, method=args.method.upper()
        )
    except CopkitError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for path, changed in written.items():
        print(f"{'wrote    ' if changed else 'unchanged'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
