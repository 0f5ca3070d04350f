"""The copkit home: one file per community plus ``config.json`` naming the current one.

Where it is: ``--home DIR``, else ``$COPKIT_HOME``, else the platform's user data folder. Which
community a command works on: ``--community SLUG``, else ``$COPKIT_COMMUNITY``, else the one
chosen with ``copkit use``, else the only one there is.

A home may also be a PostgreSQL database a team shares (``--home postgresql://...``, see
:mod:`copkit.storage.postgres`): :func:`copkit.storage.places.open_home` chooses, and both
kinds are a :class:`Place` whose communities are each a :class:`CommunityStore`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import msgspec
import orjson

from copkit.errors import CopkitError, NotFound
from copkit.storage.fileio import atomic_write
from copkit.storage.store import DEFAULT_BACKUPS, Store

if TYPE_CHECKING:
    from copkit.model import Community
    from copkit.storage.store import Held, Session
    from copkit.storage.summaries import Summariser

CONFIG_NAME = "config.json"


class CommunityStore(Protocol):
    """One community, wherever it is kept: what the core and the faces open it with."""

    @property
    def where(self) -> str:
        """How messages name it (a file, or a slug in a database shown without a password)."""
        ...

    def exists(self) -> bool: ...

    def changed_at(self) -> dt.datetime:
        """When it was last written (UTC)."""
        ...

    def read(self) -> AbstractContextManager[Session]: ...

    def write(self) -> AbstractContextManager[Session]: ...

    def hold(self) -> Held: ...


class Place(Protocol):
    """A home, whatever kind: its communities, the current one, a new one."""

    @property
    def where(self) -> str: ...

    def store_for(self, slug: str) -> CommunityStore: ...

    def slugs(self) -> list[str]: ...

    def config(self) -> dict[str, str]: ...

    def set_current(self, slug: str) -> None: ...

    def current(self, requested: str | None = None) -> str: ...

    def create(self, community: Community) -> CommunityStore: ...


def default_home() -> Path:
    env = os.environ.get("COPKIT_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path  # imported late: only needed without --home

    return user_data_path("copkit", appauthor=False)


def slugify(name: str) -> str:
    """'Reflective Supervision CoP (North)' -> 'reflective-supervision-cop-north'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:63].rstrip("-") or "community"


class Home(msgspec.Struct):
    """A folder of community files.

    ``summarise``: how each write keeps its community's overview summary beside it (see
    :mod:`copkit.storage.summaries`; the faces pass the overview's own reading); without it
    (the Python API) a write keeps none and the overview reads that community in full."""

    path: Path
    summarise: Summariser | None = None

    @property
    def where(self) -> str:
        return str(self.path)

    def store_for(self, slug: str) -> Store:
        path = self.path / f"{slug}.json"
        if self.summarise is None:
            return Store(path, backups=self.backups)
        from copkit.storage.summaries import SummarisedStore

        return SummarisedStore(path, backups=self.backups, summarise=self.summarise)

    def create(self, community: Community) -> Store:
        """Write a new community's file; refuse to overwrite one. Its summary is left to its
        first write (or the overview, which reads a community without one in full)."""
        store = self.store_for(community.slug)
        Store.create(store.path, community)
        return store

    @property
    def backups(self) -> int:
        """How many earlier versions of each file to keep: `backups` in config.json, else 3."""
        value = self.config().get("backups", DEFAULT_BACKUPS)
        return value if isinstance(value, int) and 0 <= value <= 100 else DEFAULT_BACKUPS

    def slugs(self) -> list[str]:
        if not self.path.is_dir():
            return []
        return sorted(
            p.stem for p in self.path.glob("*.json") if p.name != CONFIG_NAME and p.is_file()
        )

    @property
    def config_path(self) -> Path:
        return self.path / CONFIG_NAME

    def config(self) -> dict[str, str]:
        try:
            data = orjson.loads(self.config_path.read_bytes())
        except (FileNotFoundError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def set_current(self, slug: str) -> None:
        if slug not in self.slugs():
            raise NotFound(f"no community {slug!r} in {self.path}")
        config = self.config() | {"current": slug}
        try:
            atomic_write(self.config_path, orjson.dumps(config, option=orjson.OPT_INDENT_2))
        except OSError as exc:  # a full or read-only disk: say which file, keep the old choice
            raise CopkitError(
                f"cannot write {self.config_path} ({exc.strerror or exc}); it was left as it was"
            ) from None

    def current(self, requested: str | None = None) -> str:
        """The slug a command works on, or a clear message saying how to choose one."""
        return choose(self.slugs(), requested, self.config().get("current"), str(self.path))


def choose(slugs: list[str], requested: str | None, chosen: str | None, where: str) -> str:
    """The slug a command works on in a home of ``slugs`` (``chosen``: the one `use` chose),
    or a clear message saying how to choose one."""
    requested = requested or os.environ.get("COPKIT_COMMUNITY")
    if requested:
        if requested not in slugs:
            raise NotFound(f"no community {requested!r} in {where}{choices(slugs)}")
        return requested
    if chosen in slugs:
        return chosen
    if len(slugs) == 1:
        return slugs[0]
    if not slugs:
        raise CopkitError(
            f"no community yet in {where}: start one with `copkit init NAME --domain TEXT`"
        )
    raise CopkitError(
        f"several communities here{choices(slugs)}; pick one with `copkit use SLUG` "
        "or --community SLUG"
    )


def choices(slugs: list[str]) -> str:
    return f" (there are: {', '.join(slugs)})" if slugs else ""
