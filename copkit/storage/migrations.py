"""Older community files brought forward to the schema this copkit writes, in memory.

A file is migrated when it is read and stored in the new schema at the next write (the old
version is kept as backup 1); a file from a newer copkit is refused before anything here runs
(:mod:`copkit.storage.store`). Each step is a small function from one schema to the next, so a file
several versions behind goes through each in turn, and each step is tested against a fixture
written by the copkit that wrote that schema (``tests/test_migrations.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copkit.storage.filecheck import META_TABLE


def _lift_to_shared_gardening(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: the lone gardener becomes the first of a list of gardeners.

    Every other field and table schema 2 added (conversation tallies, sent invites, RSVPs,
    meeting plans; themes, roles, consent, comments, aliases, tuned thresholds) has a default
    that stands for "none yet". The schema still had to rise: a schema-1 copkit would drop
    them on its next write, and now refuses the file instead.
    """
    for community in document.get("community", {}).values():
        name, email = community.pop("gardener", ""), community.pop("gardener_email", "")
        if "gardeners" not in community:
            community["gardeners"] = [{"name": name, "email": email}] if name or email else []
    return document


def _lift_to_erased_identities(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 -> 3: the erased identities ``member forget`` keeps (as digests) so a later
    import cannot bring a forgotten member back. A schema-2 file has none, and needs nothing;
    the schema rises so a schema-2 copkit, which would drop them on its next write and let the
    next import bring forgotten people back, refuses the file instead."""
    return document


def _lift_to_space_purposes(document: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 -> 4: a space's purpose (discussion, announcements, meetings) and the day it
    was retired, the members a series invites (``Rhythm.invited``) and the community's leads
    (``Community.leads``). A schema-3 space has
    neither: it is read with the purpose its room or link suggests
    (:func:`copkit.model.meetings.default_purpose`) and as still in use, and a schema-3 series
    invites every member and a schema-3 community names no leads, which is how schema 3 read
    them. The schema rises so a schema-3
    copkit, which would drop these on its next write (bringing a retired space back, reading an
    announcements channel as a failed conversation, sending a private circle's invites to
    everyone), refuses the file instead."""
    return document


#: ``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n+1`` one, in memory.
#:
#: To change the schema: raise ``copkit.storage.store.SCHEMA_VERSION``, add the function that lifts
#: the previous version here, and add ``tests/fixtures/schema-<new>.json`` written by the new
#: copkit. Files are migrated when read; the next write stores them in the new schema, and the
#: old file is kept as backup 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _lift_to_shared_gardening,
    2: _lift_to_erased_identities,
    3: _lift_to_space_purposes,
}


def migrate(document: dict[str, Any], version: int, target: int) -> dict[str, Any]:
    """``document``, of schema ``version``, lifted step by step to schema ``target``."""
    while version < target:
        document = MIGRATIONS[version](document)
        version += 1
        document[META_TABLE]["1"]["schema"] = version
    return document
