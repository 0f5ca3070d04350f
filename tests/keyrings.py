"""A keyring backend for the tests: a JSON file named by $COPKIT_TEST_KEYRING, so a copkit run
in a subprocess (``PYTHON_KEYRING_BACKEND=keyrings.FileKeyring``) keeps and finds passwords the
way the system keyring does, and the test can read what was kept. Nothing else uses it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["COPKIT_TEST_KEYRING"])

    def _all(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._path.write_text(json.dumps(self._all() | {f"{service} {username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        kept = self._all()
        kept.pop(f"{service} {username}", None)
        self._path.write_text(json.dumps(kept))
