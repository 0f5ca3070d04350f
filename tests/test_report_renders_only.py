"""`copkit.report` only renders: it takes values and returns strings or renderables.

The rules (what is private, what a sponsor reads, how healthy a community is) live in the core;
a rendering that imported them could quietly start computing again. Each module of the package
is imported in a fresh interpreter and may load none of the modules that compute or store.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import copkit.report

#: Modules that compute, open the store or read a community: rendering needs none of them.
COMPUTING = (
    "copkit.storage.store",
    "copkit.records",
    "copkit.health.participation",
    "copkit.readings.overview",
    "copkit.readings.privacy",
    "copkit.readings.sponsor_report",
    "copkit.health.checkup",
    "tinydb",
)

RENDERERS = sorted(m.name for m in pkgutil.iter_modules(copkit.report.__path__))


@pytest.mark.parametrize("name", RENDERERS)
def test_a_rendering_module_loads_nothing_that_computes(name: str) -> None:
    probe = f"import sys, copkit.report.{name}; print(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(done.stdout.split())
    assert not loaded & set(COMPUTING), f"copkit.report.{name} loads {loaded & set(COMPUTING)}"
