"""The earlier versions of a community file: kept on every write, rotated, dropped, restored.

A write never loses the version it replaces: that version is linked aside first, becomes
backup 1 once the new one is safely in place, and older ones shift up to the limit the home
sets (``backups`` in config.json). A failed write leaves the backups exactly as they were, so
``restore --list`` never shows the effect of a write that did not happen. An erasure drops
them all, since each still holds what was erased.

Kept apart from :mod:`copkit.storage.store`, which decides *when* these steps run (under the write
lock, around one atomic write); this module only knows the folder and its files.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import msgspec

from copkit.errors import StoreError
from copkit.storage.fileio import atomic_write, resolve_link, stale_temp_files

DEFAULT_BACKUPS = 3
BACKUP_FOLDER = ".backups"

#: How a write's set-aside link to the version it replaces is named in the backup folder.
PENDING_PREFIX = ".pending."
PENDING_SUFFIX = ".tmp"


def write_file(path: Path, data: bytes) -> None:
    """Write a community file; a full or read-only disk is a clear message, not a traceback.

    (A PermissionError is left as it is: the CLI already names the file it could not use.)
    """
    try:
        atomic_write(path, data)
    except PermissionError:
        raise
    except OSError as exc:
        raise StoreError(
            f"could not write {path.name} ({exc.strerror or exc}); it was left as it was"
        ) from None


class Backups(msgspec.Struct, frozen=True):
    """The backups of the community file at ``live``, keeping up to ``keep`` generations."""

    live: Path
    keep: int = DEFAULT_BACKUPS

    @property
    def folder(self) -> Path:
        return self.live.parent / BACKUP_FOLDER / self.live.stem

    def path(self, generation: int) -> Path:
        """Generation 1 is the version just before the latest write, 2 the one before, ..."""
        return self.folder / f"{generation}.json"

    def generations(self) -> list[int]:
        """The generations on disk, newest first."""
        if not self.folder.is_dir():
            return []
        found = (p.stem for p in self.folder.glob("*.json"))
        return sorted(int(stem) for stem in found if stem.isdigit())

    def save(self, data: bytes) -> None:
        """Write the new version; only once it is safely in place do the backups move on.

        The version being replaced is first linked aside under a temporary name: if the write
        fails (a full disk, a file-size limit), that link goes and the backups are exactly as
        they were, so `restore --list` never shows the effect of a failed write. Runs under
        the write lock.
        """
        self.remove_stale_files()
        aside = self.set_aside()
        try:
            write_file(self.live, data)
        except BaseException:
            if aside is not None:
                aside.unlink(missing_ok=True)
            raise
        self.rotate(aside)

    def remove_stale_files(self) -> None:
        """A writer killed mid-write leaves its temporary files; under the lock, any is stale."""
        for stale in stale_temp_files(resolve_link(self.live)):
            stale.unlink(missing_ok=True)
        if self.folder.is_dir():
            for stale in self.folder.glob(f"{PENDING_PREFIX}*{PENDING_SUFFIX}"):
                stale.unlink(missing_ok=True)

    def set_aside(self) -> Path | None:
        """Keep the version about to be replaced under a temporary name in the backup folder.

        A hard link costs nothing (and no disk space): ``os.replace`` gives the live name a new
        file, and the old one lives on under this name. Without hard links, a copy.
        """
        if self.keep <= 0 or not self.live.exists():
            return None
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        import secrets  # only a writer needs a random name

        aside = self.folder / f"{PENDING_PREFIX}{secrets.token_hex(8)}{PENDING_SUFFIX}"
        try:
            os.link(self.live, aside)  # never follows or replaces anything already at `aside`
        except OSError:  # a file system without hard links: copy instead
            atomic_write(aside, self.live.read_bytes())
        return aside

    def rotate(self, aside: Path | None) -> None:
        """After a write landed: the set-aside version becomes generation 1, older ones shift.

        Generations from ``keep`` up are dropped first: the oldest kept one makes room, and
        any beyond a limit lowered since (``backups`` in config.json) go too. Runs under the
        write lock.
        """
        for generation in self.generations():
            if generation >= self.keep:
                self.path(generation).unlink(missing_ok=True)
        if aside is None:
            return
        for generation in range(self.keep - 1, 0, -1):
            with contextlib.suppress(FileNotFoundError):
                os.replace(self.path(generation), self.path(generation + 1))
        os.replace(aside, self.path(1))

    def drop(self) -> None:
        """Remove every generation (an erasure must leave no copy behind)."""
        for generation in self.generations():
            self.path(generation).unlink(missing_ok=True)
