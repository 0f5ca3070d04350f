"""Write one calendar invite per rhythm into a folder, for a cron job or a shared drive.

    python examples/write_invites.py invites/                  # the current community
    python examples/write_invites.py invites/ --home ~/cop --community riverside --method publish

Safe to run as often as you like: a file is rewritten only when its bytes would change, and the
bytes change only when the community's data did, because copkit stamps invites with the moment
the community file last changed rather than with the clock. A sync tool or a cron job therefore
sees no change at all until the gardener records one. A series called off before its first
meeting, or one no calendar can hold, gets no invite and is named as skipped; the others are
written all the same.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from copkit import calendar, community_store, open_community
from copkit.errors import CopkitError
from copkit.model import Rhythm
from copkit.storage.fileio import atomic_write
from copkit.storage.home import slugify


class Written(dict[Path, bool]):
    """Each file written and whether it changed, plus ``skipped``: the rhythms left without an
    invite, each with the reason, so one ended or unusable series never stops the others."""

    def __init__(self) -> None:
        super().__init__()
        self.skipped: list[str] = []


def why_not(rhythm: Rhythm) -> str | None:
    """Why a rhythm gets no invite, or None: a series called off before it ever met has no
    meeting to invite to, and one no calendar can hold (:func:`calendar.unwritable`) neither."""
    if not rhythm.meets_before_end:
        return f"{rhythm.name} ({rhythm.id}) was called off before its first meeting"
    return calendar.unwritable(rhythm)


def write_invites(
    folder: Path,
    *,
    home: Path | None = None,
    community: str | None = None,
    method: calendar.Method = "REQUEST",
) -> Written:
    """Write ``<rhythm-id>-<name>.ics`` per rhythm; return each file and whether it changed."""
    data = open_community(community, home)
    stamp = calendar.last_changed(community_store(community, home))  # read after: never older
    folder.mkdir(parents=True, exist_ok=True)
    written = Written()
    for rhythm in data.rhythms:
        reason = why_not(rhythm)
        if reason is not None:
            written.skipped.append(reason)
            continue
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
            args.folder,
            home=args.home,
            community=args.community,
            method="PUBLISH" if args.method == "publish" else "REQUEST",
        )
    except CopkitError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for path, changed in written.items():
        print(f"{'wrote    ' if changed else 'unchanged'} {path}")
    for reason in written.skipped:
        print(f"skipped   {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
