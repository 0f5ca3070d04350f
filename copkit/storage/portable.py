"""A whole community as one portable, versioned JSON document: for moving and for backups.

The document lists every record as the model writes it, plus the id counters, so an import
gives back exactly what was exported (ids included) and ids still never repeat afterwards.
Importing checks every record through the model, and the records together through
:mod:`copkit.storage.integrity` (as the store does when it opens a file), before anything is
written: a
damaged document is refused whole, with the first problem named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from copkit.errors import CopkitError, InputError
from copkit.model import RECORD_TYPES, Community, Record
from copkit.storage.integrity import check_references

if TYPE_CHECKING:
    from copkit.storage.home import Place
    from copkit.storage.store import Session

FORMAT = "copkit-community"
#: 2 added ``erased_identities``: a copkit that reads only 1 refuses the document rather than
#: drop them and let its next import bring forgotten members back. 3 added a space's
#: ``purpose`` and ``retired`` day, which a copkit reading only 2 would drop.
FORMAT_VERSION = 3


def _sort_key(record: Record) -> tuple[int, str]:
    digits = record.id[len(record.ID_PREFIX) :]
    return (int(digits) if digits.isdigit() else 0, record.id)


def export_document(session: Session) -> dict[str, Any]:
    """Everything in the community, in a stable order (so the same data gives the same bytes)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "community": session.community().to_dict(),
    }
    for kind in RECORD_TYPES:
        document[kind.TABLE] = [r.to_dict() for r in sorted(session.all(kind), key=_sort_key)]
    document["next_ids"] = dict(sorted(session.counters().items()))
    return document


def _records(document: dict[str, Any]) -> tuple[Community, list[Record], dict[str, int]]:
    """Check the whole document through the model; raise InputError naming what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError('this is not a copkit community export (no "format": "copkit-community")')
    version = document.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InputError(
            f"this export has format version {version!r}; this copkit reads up to {FORMAT_VERSION}"
        )
    try:
        community = Community.from_dict(document["community"])
        loaded: list[Record] = []
        for kind in RECORD_TYPES:
            rows = document.get(kind.TABLE, [])
            if not isinstance(rows, list):
                raise InputError(f"{kind.TABLE} should be a list")
            for index, row in enumerate(rows, start=1):
                if not isinstance(row, dict) or not row.get("id"):
                    raise InputError(f"{kind.TABLE} #{index} has no id")
                loaded.append(kind.from_dict(row))
        counters = document.get("next_ids", {})
        if not isinstance(counters, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and v >= 1 for k, v in counters.items()
        ):
            raise InputError("next_ids should map id prefixes to whole numbers")
    except CopkitError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"the export is damaged ({type(exc).__name__}: {exc})") from None
    check_references(loaded)
    return community, loaded, counters


def import_document(home: Place, document: dict[str, Any], *, slug: str | None = None) -> Community:
    """Create a new community in ``home`` (a folder or a database) from an export; refuse to
    overwrite one."""
    from copkit.storage.copying import Contents, make_community

    community, loaded, counters = _records(document)
    if slug:
        community = community.replace(slug=slug)
    if community.slug in home.slugs():
        raise CopkitError(
            f"there is already a community {community.slug!r} here; import it under another "
            "name with --slug NEW"
        )
    make_community(home, Contents(community, loaded, counters))
    return community
