"""The copkit home: one file per community plus ``config.json`` naming the current one.

Where it is: ``--home DIR``, else ``$COPKIT_HOME``, else the platform's user data folder. Which
community a command works on: ``--community SLUG``, else ``$COPKIT_COMMUNITY``, else the one
chosen with ``copkit use``, else the only one there is.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import msgspec
import orjson

from copkit.errors import CopkitError, NotFound
from copkit.storage.fileio import atomic_write
from copkit.storage.store import DEFAULT_BACKUPS, Store

CONFIG_NAME = "config.json"


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
    """A folder of community files."""

    path: Path

    def store_for(self, slug: str) -> Store:
        return Store(self.path / f"{slug}.json", backups=self.backups)

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
        requested = requested or os.environ.get("COPKIT_COMMUNITY")
        slugs = self.slugs()
        if requested:
            if requested not in slugs:
                raise NotFound(f"no community {requested!r} in {self.path}{_choices(slugs)}")
            return requested
        chosen = self.config().get("current")
        if chosen in slugs:
            return chosen
        if len(slugs) == 1:
            return slugs[0]
        if not slugs:
            raise CopkitError(
                f"no community yet in {self.path}: start one with `copkit init NAME --domain TEXT`"
            )
        raise CopkitError(
            f"several communities here{_choices(slugs)}; pick one with `copkit use SLUG` "
            "or --community SLUG"
        )


def _choices(slugs: list[str]) -> str:
    return f" (there are: {', '.join(slugs)})" if slugs else ""
