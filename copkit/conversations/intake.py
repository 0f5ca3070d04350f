"""What `copkit conversation import` and `match` ask of the core, in one call each.

The command parses its options; reading the files, putting pages of one platform together,
mapping channels to spaces, merging and a dry run's discard all happen here, so every face
(the CLI today, a script tomorrow) imports the same way.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from copkit.conversations.detect import read_export
from copkit.conversations.events import Export, ExportError
from copkit.conversations.log import (
    ImportResult,
    add_aliases,
    find_authors,
    import_exports,
    map_channels,
)
from copkit.errors import NotFound
from copkit.model import ConversationAuthor, Member, Space

if TYPE_CHECKING:
    from copkit.storage.store import Session


def import_files(
    session: Session,
    files: Sequence[Path],
    *,
    fmt: str | None = None,
    space: str | None = None,
    channels: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read every file, merge pages of the same platform, and merge them into the records.

    ``space`` names the space of a one-channel export; ``channels`` maps channel names to
    space refs. With ``dry_run`` the result is reported and nothing is stored.
    """
    with _no_cycle_collection():
        return _import_files(session, files, fmt, space, channels or {}, dry_run)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, paused while exports are read and merged: a million
    messages make millions of objects that live until the end (tallies, threads) and none
    in a cycle, and each full collection walked them all (a second of an mbox's 10).
    Memory freed by reference counting is freed as ever."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _import_files(
    session: Session,
    files: Sequence[Path],
    fmt: str | None,
    space: str | None,
    channels: Mapping[str, str],
    dry_run: bool,
) -> ImportResult:
    zone = session.community().zone
    by_platform: dict[str, Export] = {}
    read: dict[str, list[Path]] = {}
    for file in files:
        export = read_export(file, zone, fmt)
        read.setdefault(export.platform, []).append(file)
        if export.platform in by_platform:
            by_platform[export.platform].extend(export)
        else:
            by_platform[export.platform] = export
    for platform, export in by_platform.items():
        if not export.tallies:  # all bots, say, whatever --space says
            raise ExportError(", ".join(map(str, read[platform])), "", export.nothing_counted())
    spaces = session.all(Space)
    exports = [
        (export, map_channels(export, spaces, space=space, channels=dict(channels)))
        for export in by_platform.values()
    ]
    result = import_exports(session, exports)
    if dry_run:
        session.discard()
    return result


def match_author(session: Session, who: str, member_ref: str) -> tuple[Member, list[str]]:
    """Count the author ``who`` as a member from now on: ``who`` becomes one of their aliases.

    Refused when no imported author answers to ``who``, so a typo does not add a dead alias.
    """
    if not find_authors(session.all(ConversationAuthor), who):
        raise NotFound(f"no conversation author {who!r} (see `copkit conversation unmatched`)")
    return add_aliases(session, member_ref, [who])
