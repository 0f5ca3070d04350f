"""Writing files so that a crash never leaves half of one behind, and nothing else is harmed.

The new bytes go to a temporary file in the same folder, are flushed to the disk, and then
``os.replace`` swaps them in: on POSIX and Windows a reader sees either the old file or the new
one, never a mix. Files are created readable by their owner only, because community files hold
personal data of public-sector staff.

The temporary file comes from :func:`tempfile.mkstemp`: a random name created with ``O_EXCL``
(and ``O_NOFOLLOW`` where the platform has it), so a link planted under a guessable name can
never redirect the write. Its name is ``.<name>.<random>.tmp``: a later writer of the same
file can find and sweep what a killed one left behind (see :func:`stale_temp_files`).

A path that is a symbolic link is written through to the file it points at; the link stays.
For ``-o FILE``, :func:`write_output` also writes to a device, FIFO or socket as a stream
(``-o /dev/stdout``, a named pipe), and never replaces one with a regular file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

OWNER_ONLY = 0o600
TEMP_SUFFIX = ".tmp"

#: Longest file name whose temporary name still fits NAME_MAX (255) with the random part.
_LONGEST_PLAIN_PREFIX = 200


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` (or, for a link, the file it points at) with ``data``.

    Atomic, mode 0600, fsynced (file and folder). A directory, device, FIFO or socket there is
    refused with an OSError naming it: replacing one with a regular file would damage it.
    """
    import tempfile  # imported here: `copkit --help` never writes a file

    target = resolve_link(path)
    _refuse_special(target)
    try:
        fd, name = tempfile.mkstemp(
            prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as exc:  # name the file being written, not a random temporary name
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), OWNER_ONLY)  # exact, whatever the umask
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    _fsync_folder(target.parent)


def write_output(path: Path, data: bytes) -> None:
    """Write a command's product to ``path`` (``-o FILE``) without harming what is there.

    A regular file (or none) is replaced atomically; a link is written through to its target;
    a device, FIFO or socket is opened for writing as it is (no create, no truncate), so
    ``-o /dev/null`` stays a device and ``-o fifo`` feeds the reader at the other end.
    """
    try:
        mode = os.stat(path).st_mode  # follows links, /proc's fd links (/dev/stdout) included
    except FileNotFoundError:
        mode = None
    if mode is not None and _is_stream(mode):
        _write_stream(path, data)  # opened through the link: /dev/stdout reaches the pipe
    else:
        atomic_write(path, data)


def resolve_link(path: Path) -> Path:
    """Where writing ``path`` really lands: every link followed (also a dangling one)."""
    try:
        return Path(path).resolve()
    except RuntimeError:  # a link loop (Python < 3.13 raises RuntimeError for it)
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def temp_prefix(path: Path) -> str:
    """How temporary files for ``path`` begin: ``.<name>.``, shortened for very long names."""
    name = path.name
    if len(name) > _LONGEST_PLAIN_PREFIX:
        import hashlib  # only for a very long name: loading OpenSSL costs a few ms

        digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        name = f"{name[:_LONGEST_PLAIN_PREFIX]}~{digest}"
    return f".{name}."


def stale_temp_files(path: Path) -> Iterator[Path]:
    """Temporary files of ``path`` left by a writer that was killed before its rename."""
    import glob

    pattern = glob.escape(temp_prefix(path)) + "*" + TEMP_SUFFIX
    yield from path.parent.glob(pattern)


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _refuse_special(target: Path) -> None:
    """Only a regular file (or nothing) may be replaced by a new file."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EEXIST, "it is not a regular file; it was left as it is", str(target))


def _write_stream(target: Path, data: bytes) -> None:
    """Write to a device, FIFO or socket in place: opened without O_CREAT, never truncated."""
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some platforms cannot open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
