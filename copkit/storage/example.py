"""Finding the bundled example community, in a source checkout and in an installed copkit."""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLE_NAME = "riverside.json"


def example_path() -> Path:
    """``examples/riverside.json`` beside the package, else where pip put the data files."""
    candidates = [
        Path(__file__).resolve().parents[2] / "examples" / EXAMPLE_NAME,
        Path(sys.prefix) / "share" / "copkit" / "examples" / EXAMPLE_NAME,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the example community is missing (looked in {candidates[0].parent})")
