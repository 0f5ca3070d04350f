"""Copying every community of one home into another (`copkit home copy`, issue 20).

A folder home into a database home and back, so a team can move to a shared home and a
gardener can take a copy home again. Each community is read through its own store, checked
as every read is, and written into the other home with the same ids and id counters, so
`copkit export` of the copy gives the same bytes as of the original.

Nothing is overwritten unless asked: :func:`copy_home` refuses, before copying anything, when
the other home already has a community of the same slug, unless ``replace`` is given. A
replaced community is rewritten in one write session (in a folder, the version it replaced is
kept as backup 1; in a database, one transaction); its id counters never go back, so an id
once given there is not given again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from copkit.errors import CopkitError
from copkit.model import RECORD_TYPES, Community, Record

if TYPE_CHECKING:
    from copkit.storage.home import Place
    from copkit.storage.store import Session


class Copied(msgspec.Struct, frozen=True):
    """What a copy did: the slugs made new in the other home, and those replaced there."""

    made: list[str]
    replaced: list[str]


class Contents(msgspec.Struct, frozen=True):
    """One community as read: its record, every other record, its id counters."""

    community: Community
    records: list[Record]
    counters: dict[str, int]


def read_contents(session: Session) -> Contents:
    """Everything a community holds, in id order within each kind."""
    found: list[Record] = []
    for kind in RECORD_TYPES:
        found.extend(sorted(session.all(kind), key=_number))
    return Contents(session.community(), found, session.counters())


def _number(record: Record) -> int:
    digits = record.id[len(record.ID_PREFIX) :]
    return int(digits) if digits.isdigit() else 0


def clashes(source: Place, target: Place) -> list[str]:
    """The slugs both homes have: what a copy would overwrite."""
    theirs = set(target.slugs())
    return [slug for slug in source.slugs() if slug in theirs]


def copy_home(
    source: Place,
    target: Place,
    *,
    replace: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Copied:
    """Copy every community of ``source`` into ``target``; ``on_progress(done, total, slug)``
    after each one. Refuses, copying nothing, if a slug is taken in ``target`` and ``replace``
    is not given."""
    if source.where == target.where:
        raise CopkitError(f"{source.where} is the home to copy from and to; name two homes")
    slugs = source.slugs()
    taken = set(clashes(source, target))
    if taken and not replace:
        listed = ", ".join(sorted(taken))
        raise CopkitError(
            f"{target.where} already has {listed}; nothing was copied. Copy with --replace to "
            "overwrite them"
        )
    if len(taken) < len(slugs):  # communities to start: a database lets only its owner
        from copkit.storage.postgres import DatabaseHome

        if isinstance(target, DatabaseHome):
            target.require_owner("start a community; nothing was copied")
    made: list[str] = []
    replaced: list[str] = []
    for done, slug in enumerate(slugs, start=1):
        with source.store_for(slug).read() as session:
            contents = read_contents(session)
        if slug in taken:
            _replace(target, slug, contents)
            replaced.append(slug)
        else:
            make_community(target, contents)
            made.append(slug)
        if on_progress:
            on_progress(done, len(slugs), slug)
    return Copied(made, replaced)


def _fill(session: Session, contents: Contents) -> None:
    session.put_community(contents.community)
    for record in contents.records:
        session.insert_as_is(record)
    session.set_counters(contents.counters)


def make_community(target: Place, contents: Contents) -> None:
    """A new community in ``target`` (a copy, or ``import-community``); if filling it fails,
    it is taken away again."""
    store = target.create(contents.community)
    try:
        with store.write() as session:
            _fill(session, contents)
    except BaseException:
        _remove_new(target, contents.community.slug)
        raise


def _replace(target: Place, slug: str, contents: Contents) -> None:
    """Rewrite an existing community of ``target`` with ``contents``, in one write session."""
    with target.store_for(slug).write() as session:
        for kind in RECORD_TYPES:
            ids = [record.id for record in session.all(kind)]
            if ids:
                session.remove_many(kind, ids)
        _fill(session, contents)


def _remove_new(target: Place, slug: str) -> None:
    """Take away a community this copy made and could not fill."""
    from copkit.storage.home import Home

    if isinstance(target, Home):
        target.store_for(slug).path.unlink(missing_ok=True)
        return
    from copkit.storage.postgres import DatabaseHome

    if isinstance(target, DatabaseHome):
        target.drop_new(slug)
