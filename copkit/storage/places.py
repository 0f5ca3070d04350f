"""Which kind of home ``--home`` or ``$COPKIT_HOME`` names: a folder, or a database a team
shares (issue 20). The one place that chooses, so every face opens a home the same way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from copkit.storage.home import Home, Place, default_home

if TYPE_CHECKING:
    from copkit.storage.summaries import Summariser


def open_home(
    where: str | os.PathLike[str] | None = None,
    *,
    command: str | None = None,
    summarise: Summariser | None = None,
) -> Place:
    """The home ``where`` names (``--home``), else ``$COPKIT_HOME``, else the user data folder:
    a database for a ``postgresql://`` URL (psycopg loaded only then), else a folder.
    ``command``: the copkit command it is opened for (``member add``), which a database
    home's audit trail keeps; never its arguments. ``summarise``: how a write to a database
    home, or a folder, keeps its community's overview summary current (the faces pass
    :func:`copkit.readings.overview.summary_of`, which this layer cannot import)."""
    text = os.fspath(where) if where is not None else os.environ.get("COPKIT_HOME") or None
    if text is not None and text.startswith(("postgresql://", "postgres://")):
        from copkit.storage.postgres import open_database_home

        return open_database_home(text, command, summarise)
    folder = Path(text).expanduser() if text is not None else default_home()
    return Home(folder, summarise)
