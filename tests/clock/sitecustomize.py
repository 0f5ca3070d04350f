"""Freeze the clock in every Python process the test suite starts.

``tests/conftest.py`` puts this folder first on ``PYTHONPATH`` and names the suite's one "today"
in ``COPKIT_TEST_NOW``, so a CLI run in a subprocess (``python -m copkit``, the concurrent writers,
khal) sees the same moment as the tests themselves, whatever the real date is.
"""

import os

_now = os.environ.get("COPKIT_TEST_NOW")
if _now:
    import time_machine

    time_machine.travel(_now, tick=True).start()
