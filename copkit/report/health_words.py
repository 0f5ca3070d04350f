"""The health check's words that every format shares, without rich.

The terminal rendering (:mod:`copkit.report.health_render`) and the JSON, Markdown and HTML
exports (:mod:`copkit.report.health_export`) say movement and the survey the same way; kept
here, so an export never loads rich's console machinery to borrow two phrases.
"""

from __future__ import annotations

from copkit.health.findings import SurveyLens

MOVEMENT = {"better": "↑ better", "same": "→ same", "worse": "↓ worse"}


def survey_text(lens: SurveyLens | None) -> str:
    """``18 of 20 answered, 89% agree`` or ``no survey yet``; a round over a year old says so."""
    if lens is None or not lens.responses or lens.agree_share is None:
        return "no survey yet"
    who = f"{lens.responses} of {lens.members}" if lens.members else str(lens.responses)
    text = f"{who} answered, {round(lens.agree_share * 100)}% agree"
    return text + ", over a year old" if lens.stale else text
