"""`copkit export`, `import-community` and `restore`: moving a community and getting it back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click
import orjson

from copkit.commands.context import (
    OUTPUT,
    AppContext,
    done,
    json_option,
    pass_app,
)
from copkit.commands.output import present
from copkit.errors import CopkitError, InputError

if TYPE_CHECKING:
    from copkit.storage.postgres import DatabaseStore
    from copkit.storage.store import Store


@click.command()
@click.option(
    "-o",
    "--output",
    type=OUTPUT,
    help="Write to FILE (default, or -: standard output).",
)
@pass_app
def export(app: AppContext, output: Path | None) -> None:
    """Write the whole community as one portable JSON document."""
    from copkit.storage.portable import export_document

    with app.store().read() as session:
        document = export_document(session)
    present("json", document, output)
    if output is not None:
        done(f"Exported {document['community']['name']} to {output}")


@click.command("import-community")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Import under this short name (when the original is taken).")
@pass_app
def import_community(app: AppContext, file: Path, slug: str | None) -> None:
    """Add a community from a file written by `copkit export`."""
    from copkit.storage.portable import import_document

    try:
        document = orjson.loads(file.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{file} is not JSON ({exc}); nothing was imported") from None
    community = import_document(app.home, document, slug=slug)
    done(f"Imported {community.name} ({community.slug})")


@click.command()
@click.option("--list", "show_list", is_flag=True, help="List the backups that can be restored.")
@click.option("--from", "generation", type=click.IntRange(1), help="Restore backup N (1 = newest).")
@json_option
@pass_app
def restore(app: AppContext, show_list: bool, generation: int | None, as_json: bool) -> None:
    """Bring back an earlier version of the community file.

    copkit keeps the versions before the last few writes (3 unless `backups` is set in the
    home's config.json). Restoring keeps the current version as backup 1, so it can be undone.
    """
    store = _versioned(app)
    if generation is None:
        rows = [_backup_row(store, number) for number in store.backup_generations()]
        if as_json:
            present("json", rows)
        elif not rows:
            click.echo("No backups yet: copkit keeps one each time the community changes.")
        else:
            for row in rows:
                click.echo(_backup_line(row))
        if not show_list:
            click.echo("Restore one with `copkit restore --from N`.", err=True)
        return
    store.restore(generation)
    done(f"Restored backup {generation} of {app.slug}; the version it replaced is now backup 1")


def _versioned(app: AppContext) -> Store | DatabaseStore:
    """The community's store, a file or a database home's rows: each keeps earlier versions."""
    from copkit.storage.postgres import DatabaseStore
    from copkit.storage.store import Store

    store = app.store()
    if not isinstance(store, Store | DatabaseStore):
        raise CopkitError(f"{store.where} keeps no earlier versions")
    return store


def _backup_row(store: Store | DatabaseStore, number: int) -> dict[str, object]:
    """One backup for `restore --list`; a damaged one is listed as such, not a failed listing.

    (When the live file was damaged, the next write keeps it as backup 1: the good versions
    behind it must still be listed, or the gardener could not find them.)
    """
    from copkit.storage.store import Store

    if isinstance(store, Store):
        saved = dt.datetime.fromtimestamp(store.backup_path(number).stat().st_mtime)
    else:
        saved = store.backup_saved(number)
    stamp = saved.replace(microsecond=0)
    row: dict[str, object] = {"backup": number, "saved": stamp.isoformat(sep=" ")}
    try:
        document = store.read_backup(number)
    except CopkitError as exc:
        return row | {"problem": str(exc)}
    return row | {t: len(document.get(t, {})) for t in ("members", "meetings")}


def _backup_line(row: dict[str, object]) -> str:
    start = f"{row['backup']:>3}  {row['saved']}  "
    if "problem" in row:
        return start + "damaged, cannot be restored"
    return start + f"{row['members']} members, {row['meetings']} meetings"
