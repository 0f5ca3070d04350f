"""copkit: a toolkit for the gardeners of communities of practice in social work and social care.

The Python API for scripts is small: open a community by its slug and read it as one snapshot
(:class:`copkit.records.CommunityData`), then hand that to :mod:`copkit.calendar`. Changes go
through the core (:mod:`copkit.records`) inside ``community_store(...).write()``, as the
command line does.

>>> import shutil, tempfile
>>> from pathlib import Path
>>> import copkit
>>> from copkit.storage.example import example_path
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = shutil.copyfile(example_path(), Path(folder) / "riverside.json")
...     data = copkit.open_community("riverside", home=folder)
>>> data.community.name
'Riverside Reflective Supervision CoP'
>>> [rhythm.name for rhythm in data.rhythms]
['Supervision circle', 'Practice café']

Importing ``copkit`` loads nothing else: the command line imports it for ``__version__`` on every
start, so both functions import the store when called.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copkit.records import CommunityData
    from copkit.storage.home import CommunityStore

__version__ = "0.1.0"

__all__ = ["__version__", "community_store", "open_community"]


def community_store(
    slug: str | None = None, home: str | os.PathLike[str] | None = None
) -> CommunityStore:
    """One community, found the way the command line finds it.

    ``home`` is the copkit home, a folder or a ``postgresql://`` URL (default: ``$COPKIT_HOME``,
    else the user data folder) and
    ``slug`` the community (default: ``$COPKIT_COMMUNITY``, else the one chosen with
    ``copkit use``, else the only one there is). Raises :class:`copkit.errors.CopkitError`,
    worded for a person, when there is no such community or the choice is ambiguous. Use it to
    write (``with community_store().write() as session: records.add_member(session, ...)``) or
    for the moment it last changed (:func:`copkit.calendar.last_changed`).
    """
    from copkit.storage.places import open_home

    place = open_home(home)
    return place.store_for(place.current(slug))


def open_community(
    slug: str | None = None, home: str | os.PathLike[str] | None = None
) -> CommunityData:
    """One community's records as a snapshot, read without a lock (see :func:`community_store`
    for how ``slug`` and ``home`` are found).

    The snapshot is a plain value: nothing a script does with it reaches the file, and a later
    change to the file does not reach it. Read it again for fresh records.
    """
    from copkit import records

    with community_store(slug, home).read() as session:
        return records.snapshot(session)
